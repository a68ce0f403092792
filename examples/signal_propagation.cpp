// Why initialization matters: the standard deviation of the activations through a deep
// fully-connected network, layer by layer, for tanh and ReLU under RandomNormal(0, 0.01),
// Glorot and He initializers.
//
// It reproduces the published findings: with ReLU, He et al. (ICCV 2015) keep the activation
// scale constant across depth (Var(w) = 2 / fan_in compensates ReLU halving the second
// moment), Glorot's Var(w) = 2 / (fan_in + fan_out) = 1 / n lets it halve at every layer, and
// a small fixed normal makes it collapse (Glorot & Bengio, AISTATS 2010). The program checks
// those ratios and exits non-zero if they do not hold; ctest runs it.
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include <weightinit/weightinit.hpp>

namespace {

constexpr int kDepth = 32;
constexpr int kWidth = 256;
constexpr int kBatch = 256;

using matrix = Eigen::MatrixXf;

double stddev(const matrix& x) {
  const double mean = x.mean();
  return std::sqrt((x.array() - float(mean)).square().mean());
}

// Activation standard deviation after each of kDepth layers x <- act(x W), W of shape
// (kWidth, kWidth) in Keras's (in, out) layout, each layer with its own seed.
template <class MakeInit>
std::vector<double> propagate(MakeInit make_init, const std::function<float(float)>& act) {
  matrix x(kBatch, kWidth);
  weightinit::RandomNormal(0.0, 1.0, 1)(x);
  std::vector<double> stds;
  matrix w(kWidth, kWidth);
  for (int layer = 0; layer < kDepth; ++layer) {
    make_init(weightinit::seed_type(100 + layer))(w);
    x = (x * w).unaryExpr(act);
    stds.push_back(stddev(x));
  }
  return stds;
}

}  // namespace

int main() {
  using namespace weightinit;
  const auto relu = [](float v) { return v > 0 ? v : 0.0f; };
  const auto tanh = [](float v) { return std::tanh(v); };
  const auto small = [](seed_type s) { return RandomNormal(0.0, 0.01, s); };
  const auto glorot = [](seed_type s) { return GlorotNormal(s); };
  const auto he = [](seed_type s) { return HeNormal(s); };

  struct run {
    std::string name;
    std::vector<double> stds;
  };
  const std::vector<run> runs = {
      {"tanh RandomNormal(0.01)", propagate(small, tanh)},
      {"tanh GlorotNormal", propagate(glorot, tanh)},
      {"tanh HeNormal", propagate(he, tanh)},
      {"relu RandomNormal(0.01)", propagate(small, relu)},
      {"relu GlorotNormal", propagate(glorot, relu)},
      {"relu HeNormal", propagate(he, relu)},
  };

  std::printf("activation std per layer, %d layers of width %d, batch %d\n", kDepth, kWidth,
              kBatch);
  std::printf("%-24s", "layer");
  for (int layer : {1, 2, 4, 8, 16, 32}) std::printf("%11d", layer);
  std::printf("\n");
  for (const auto& r : runs) {
    std::printf("%-24s", r.name.c_str());
    for (int layer : {1, 2, 4, 8, 16, 32}) std::printf("%11.3g", r.stds[std::size_t(layer - 1)]);
    std::printf("\n");
  }

  // The findings, as checks.
  const auto& he_relu = runs[5].stds;
  const auto& glorot_relu = runs[4].stds;
  const auto& small_relu = runs[3].stds;
  const auto& glorot_tanh = runs[1].stds;
  const auto& small_tanh = runs[0].stds;
  // He + ReLU: the scale stays within a factor 2 over 31 layers. (Each layer multiplies the
  // second moment by a random factor of relative spread about sqrt(2 / width); over 31 layers
  // log(std) spreads by about sqrt(31 * 2 / 256) / 2 = 0.25, so a factor 2 is about 3 sigma.)
  const double he_ratio = he_relu.back() / he_relu.front();
  // Glorot + ReLU: the second moment halves per layer, so the std shrinks by about 1/sqrt(2)
  // per layer; the geometric mean of the per-layer ratios must be close to it.
  const double glorot_per_layer = std::pow(glorot_relu.back() / glorot_relu.front(), 1.0 / 31);
  // A fixed N(0, 0.01^2) multiplies the scale by about 0.01 sqrt(n / 2) = 0.11 per layer.
  const double small_ratio = small_relu.back() / small_relu.front();
  bool ok = true;
  const auto check = [&ok](bool holds, const char* what, double value) {
    std::printf("%s %s: %.3g\n", holds ? "ok  " : "FAIL", what, value);
    ok = ok && holds;
  };
  check(he_ratio > 0.5 && he_ratio < 2, "He+ReLU std(layer 32) / std(layer 1) in (0.5, 2)",
        he_ratio);
  check(glorot_per_layer > 0.65 && glorot_per_layer < 0.76,
        "Glorot+ReLU per-layer std ratio near 1/sqrt(2) = 0.707", glorot_per_layer);
  check(small_ratio < 1e-20, "RandomNormal(0.01)+ReLU collapses: std ratio below 1e-20",
        small_ratio);
  check(glorot_tanh.back() > 0.1, "Glorot+tanh keeps std(layer 32) above 0.1", glorot_tanh.back());
  check(small_tanh.back() < 1e-20, "RandomNormal(0.01)+tanh collapses below 1e-20",
        small_tanh.back());
  return ok ? 0 : 1;
}
