// expect: needs a floating-point target
// A random initializer cannot fill an integer tensor: the error says why, at compile time.
#include <weightinit/weightinit.hpp>

int main() {
#ifdef WEIGHTINIT_COMPILE_FAIL_CONTROL
  Eigen::Tensor<float, 2> t(2, 2);
#else
  Eigen::Tensor<int, 2> t(2, 2);
#endif
  weightinit::GlorotUniform(1)(t);
}
