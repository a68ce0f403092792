// Prints a digest of many values of every initializer in every scalar type. .ci/same_bits.sh
// builds it with several compilers and -march levels and requires identical output: the
// golden test pins a few values exactly, this covers large fills (rejection retries, tails,
// half types, the PyTorch and JAX dialects, Orthogonal's QR in double and, for large float
// matrices, in float with every kernel and several thread counts).
//
// The one documented exception: Orthogonal in float64. Its QR is Eigen's Householder QR, which
// uses fused multiply-adds when the target has them, so float64 orthogonal matrices differ
// between instruction sets by rounding only. `digest --orthogonal-dump FILE` writes them, and
// `digest --orthogonal-compare FILE` checks them against such a dump: every entry within
// kOrthogonalBound * gain (measured: at most 2.3e-15 on a 512 x 512 matrix, gain 1.5).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <weightinit/weightinit.hpp>

namespace {

using namespace weightinit;

template <class T>
std::uint64_t digest(const std::vector<T>& values) {
  std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a over the values' bytes
  for (const T& v : values) {
    unsigned char bytes[sizeof(T)];
    std::memcpy(bytes, &v, sizeof(T));
    for (unsigned char b : bytes) h = (h ^ b) * 0x100000001b3ull;
  }
  return h;
}

constexpr double kOrthogonalBound = 1e-14;
const double kGain = 1.5;

std::vector<double> orthogonal_doubles() {
  std::vector<double> all;
  for (const shape_type& shape : {shape_type{120, 80}, shape_type{512, 512}, shape_type{64, 300}}) {
    const auto v = Orthogonal(kGain, 7).values<double>(shape);
    all.insert(all.end(), v.begin(), v.end());
  }
  return all;
}

template <class Init>
void print(const std::string& name, const Init& init, const shape_type& shape,
           bool with_float64 = true) {
  std::printf("%-28s f32 %016llx f64 %016llx f16 %016llx bf16 %016llx\n", name.c_str(),
              (unsigned long long)digest(init.template values<float>(shape)),
              with_float64 ? (unsigned long long)digest(init.template values<double>(shape)) : 0ull,
              (unsigned long long)digest(init.template values<Eigen::half>(shape)),
              (unsigned long long)digest(init.template values<Eigen::bfloat16>(shape)));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--orthogonal-dump") {
    const auto v = orthogonal_doubles();
    std::FILE* f = std::fopen(argv[2], "wb");
    if (f == nullptr || std::fwrite(v.data(), sizeof(double), v.size(), f) != v.size()) return 2;
    return std::fclose(f) == 0 ? 0 : 2;
  }
  if (argc == 3 && std::string(argv[1]) == "--orthogonal-compare") {
    const auto v = orthogonal_doubles();
    std::vector<double> reference(v.size());
    std::FILE* f = std::fopen(argv[2], "rb");
    if (f == nullptr || std::fread(reference.data(), sizeof(double), v.size(), f) != v.size()) {
      return 2;
    }
    std::fclose(f);
    double worst = 0;
    for (std::size_t i = 0; i < v.size(); ++i)
      worst = std::max(worst, std::abs(v[i] - reference[i]));
    std::printf("orthogonal float64: max difference %.3g (bound %.3g)\n", worst,
                kOrthogonalBound * kGain);
    return worst <= kOrthogonalBound * kGain ? 0 : 1;
  }
  const shape_type big{300, 400};
  print("RandomNormal", RandomNormal(0.3, 1.7, 1), big);
  print("RandomUniform", RandomUniform(-2, 5, 2), big);
  print("TruncatedNormal", TruncatedNormal(0.1, 0.3, 3), big);
  print("GlorotNormal", GlorotNormal(4), big);
  print("HeUniform", HeUniform(5), big);
  print("VarianceScaling untruncated", VarianceScaling(2.0, "fan_out", "untruncated_normal", 6),
        big);
  print("Orthogonal", Orthogonal(1.5, 7), {120, 80}, false);  // float64: see above
  // Large float matrices: the blocked float QR, with each kernel this machine has (baseline,
  // AVX2, AVX-512: the same bits), on one thread and on three.
  for (int cap : {0, 1, 2}) {
    detail::householder_kernel_cap() = cap;
    for (unsigned threads : {1u, 3u}) {
      set_orthogonal_threads(threads);
      print("Orthogonal blocked", Orthogonal(1.5, 7), {300, 200}, false);
      print("torch.orthogonal_ blocked", torch::Orthogonal(0.7, 13), {160, 4, 80}, false);
    }
  }
  set_orthogonal_threads(0);
  print("torch.trunc_normal_ tail", torch::TruncNormal(0.0, 1.0, 3.0, 9.0, 8), big);
  print("torch.kaiming_normal_", torch::KaimingNormal(0.0, "fan_out", "relu", 9), {64, 32, 3, 3});
  print("torch.sparse_", torch::Sparse(0.3, 0.01, 10), {50, 40});
  print("jax.truncated_normal", jax::truncated_normal(1.0, -0.5, 0.2, 11), big);
  print("jax.orthogonal column 0", jax::orthogonal(1.0, 0, 12), {30, 4, 5}, false);
  return 0;
}
