// expect: needs a floating-point target
// Only Zeros, Ones and Constant accept integer scalar types.
#include <weightinit/weightinit.hpp>

int main() {
#ifdef WEIGHTINIT_COMPILE_FAIL_CONTROL
  auto t = weightinit::Orthogonal(1.0, 1).make<double>({3, 3});
#else
  auto t = weightinit::Orthogonal(1.0, 1).make<long>({3, 3});
#endif
  (void)t;
}
