// Quick start: call an initializer on a shape, fill existing Eigen objects in place, and see
// the guarantees (same seed, same values; storage order and slicing never change a value).
#include <iostream>
#include <random>

#include <weightinit/weightinit.hpp>

int main() {
  using namespace weightinit;

  // As Keras's GlorotUniform(seed=42)(shape=(4, 3)).
  const GlorotUniform glorot(42);
  const Eigen::Tensor<float, 2> kernel = glorot({4, 3});
  std::cout << "GlorotUniform(42)({4, 3}):\n" << kernel << "\n\n";

  // Fill in place: a matrix, a conv kernel (kh, kw, in, out), a bias.
  Eigen::MatrixXd dense(64, 32);
  HeNormal(7)(dense);
  Eigen::Tensor<float, 4> conv(3, 3, 16, 32);
  HeUniform(7)(conv);
  Eigen::VectorXf bias(32);
  Zeros()(bias);
  std::cout << "HeNormal(7) on a 64x32 matrix: std " << std::sqrt(dense.array().square().mean())
            << " (expected sqrt(2/64) = " << std::sqrt(2.0 / 64) << ")\n";

  // Fans follow Keras's layout; PyTorch's (out, in, kh, kw) is one option away.
  const fans f = compute_fans({3, 3, 16, 32});
  std::cout << "fans of (3, 3, 16, 32): in " << f.fan_in << ", out " << f.fan_out << "\n";
  const auto torch_like = HeNormal(7).with_fan_convention(fan_convention::torch);
  Eigen::Tensor<float, 4> torch_conv(32, 16, 3, 3);
  torch_like(torch_conv);

  // Storage order does not matter: RowMajor and ColMajor get the same logical values.
  Eigen::Matrix<float, 4, 3, Eigen::RowMajor> row_major;
  Eigen::Matrix<float, 4, 3, Eigen::ColMajor> col_major;
  glorot(row_major);
  glorot(col_major);
  std::cout << "RowMajor == ColMajor: " << std::boolalpha << (row_major == col_major) << "\n";

  // A shard filled alone equals the same slice of the whole (rows 2..3 of the 4 x 3 kernel).
  Eigen::Tensor<float, 2> shard(2, 3);
  glorot(shard, slice_of{{4, 3}, {2, 0}});
  bool same = true;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) same = same && shard(i, j) == kernel(i + 2, j);
  std::cout << "shard == slice of the whole: " << same << "\n";

  // Any standard engine can be plugged in instead (consumed sequentially).
  std::mt19937 engine(1);
  Eigen::ArrayXXf from_engine(2, 2);
  RandomNormal(0.0, 1.0)(from_engine, engine);
  std::cout << "RandomNormal from std::mt19937:\n" << from_engine << "\n";

  // Bad parameters throw weightinit::invalid_argument, naming the parameter and the value.
  try {
    RandomNormal bad(0.0, -1.0);
  } catch (const std::invalid_argument& e) {
    std::cout << "error: " << e.what() << "\n";
  }
  return row_major == col_major && same ? 0 : 1;
}
