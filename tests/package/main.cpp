// Downstream consumer of the installed weightinit package (see run.cmake).
#include <weightinit/weightinit.hpp>

int main() {
  weightinit::GlorotUniform init(42);
  auto t = init({3, 4});
  return t.size() == 12 ? 0 : 1;
}
