// The command-line tool's dialect names (torch.*, jax.*) and its `stats` command, driven as
// users drive them: the expected standard deviation `stats` prints must equal the value
// computed here from the shape, its KS test must accept correct samples (also rounded to
// bfloat16), the SVG must be a drawing, and bad dialect input must exit 2 with one error line
// and no file.
#include <sys/wait.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/cli.hpp"

namespace {

namespace fs = std::filesystem;

class CliStats : public weightinit::test::CliFixture {};

// The float32 values of a .npy file written by the tool (format 1.0, '<f4').
std::vector<float> npy_floats(const std::string& bytes) {
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  const std::size_t header = std::uint8_t(bytes[8]) | (std::size_t(std::uint8_t(bytes[9])) << 8);
  EXPECT_NE(bytes.find("'descr': '<f4'"), std::string::npos);
  std::vector<float> values((bytes.size() - 10 - header) / sizeof(float));
  std::memcpy(values.data(), bytes.data() + 10 + header, values.size() * sizeof(float));
  return values;
}

// From `stats` text: the expected column of the row `label`, and the KS p-value.
double expected_of(const std::string& report, const std::string& label) {
  std::istringstream lines(report);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string first, observed, expected;
    if (words >> first >> observed >> expected && first == label) return std::stod(expected);
  }
  ADD_FAILURE() << "no row " << label << " in\n" << report;
  return NAN;
}
double p_value_of(const std::string& report) {
  const auto at = report.find("p-value = ");
  if (at == std::string::npos) {
    ADD_FAILURE() << "no p-value in\n" << report;
    return NAN;
  }
  return std::stod(report.substr(at + 10));
}

struct stats_case {
  std::string args;
  double expected_std;  // computed from the shape, independently of the tool
};

TEST_F(CliStats, ExpectedStdAndKsTestForEachFramework) {
  const stats_case cases[] = {
      // Keras: fan_in = 1000, variance 2 / fan_in (after the truncation's correction).
      {"he_normal --shape 1000,500", std::sqrt(2.0 / 1000)},
      // PyTorch: fan_in = 128 * 3 * 3, gain sqrt(2): U(-b, b), b = sqrt(2) sqrt(3 / fan_in).
      {"torch.kaiming_uniform_ --shape 256,128,3,3", std::sqrt(2.0 / (128 * 9))},
      // JAX: in_axis -2, out_axis -1: fan_avg = (300 + 400) / 2, untruncated normal.
      {"jax.variance_scaling --set scale=2 --set mode=fan_avg --set distribution=normal "
       "--shape 300,400",
       std::sqrt(2.0 / 350)},
      // Columns of length 300 are orthonormal: each entry has variance 1 / 300.
      {"orthogonal --shape 300,200", std::sqrt(1.0 / 300)},
  };
  for (const stats_case& c : cases) {
    for (const char* dtype : {"float32", "bfloat16"}) {
      const std::string args = "stats " + c.args + " --dtype " + dtype + " --seed 20240";
      const auto r = run(args);
      ASSERT_EQ(r.status, 0) << args << ": " << r.err;
      EXPECT_NEAR(expected_of(r.out, "std"), c.expected_std, 1e-12 * c.expected_std) << args;
      EXPECT_NEAR(expected_of(r.out, "mean"), 0.0, 1e-15) << args;
      EXPECT_GT(p_value_of(r.out), 1e-4) << args << "\n" << r.out;
      EXPECT_NE(r.out.find("histogram"), std::string::npos) << args;
    }
  }
}

TEST_F(CliStats, TorchKaimingNormalUsesPyTorchFansAndGain) {
  const fs::path file = dir_ / "k.npy";
  const auto r =
      run("sample torch.kaiming_normal_ --shape 64,32,3,3 --set a=0 --set mode=fan_out "
          "--set nonlinearity=relu --seed 7 --format npy --output " +
          file.string());
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<float> v = npy_floats(slurp(file));
  ASSERT_EQ(v.size(), 64u * 32 * 3 * 3);
  double sum = 0, squares = 0;
  for (float x : v) sum += x;
  const double n = double(v.size()), mean = sum / n;
  for (float x : v) squares += (x - mean) * (x - mean);
  const double expected = std::sqrt(2.0 / (64 * 9));  // gain sqrt(2) / sqrt(fan_out = 64 * 9)
  // The sample std of n normal values has relative standard error 1 / sqrt(2 n): allow 5.
  EXPECT_NEAR(std::sqrt(squares / n), expected, 5 * expected / std::sqrt(2 * n));
  EXPECT_NEAR(mean, 0.0, 5 * expected / std::sqrt(n));
}

TEST_F(CliStats, JaxUniformIsOnZeroToScale) {
  const fs::path file = dir_ / "u.npy";
  const auto r =
      run("sample jax.uniform --set scale=0.5 --shape 10000 --seed 3 --format npy "
          "--output " +
          file.string());
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<float> v = npy_floats(slurp(file));
  ASSERT_EQ(v.size(), 10000u);
  EXPECT_GE(*std::min_element(v.begin(), v.end()), 0.0f);
  EXPECT_LT(*std::max_element(v.begin(), v.end()), 0.5f);
  EXPECT_GT(*std::max_element(v.begin(), v.end()), 0.49f);  // not the 1e-2 default scale
}

TEST_F(CliStats, SvgIsADrawingOfBarsAndDensity) {
  const fs::path svg = dir_ / "he.svg";
  const auto r = run("stats he_normal --shape 200,100 --seed 1 --svg " + svg.string());
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string text = slurp(svg);
  ASSERT_FALSE(text.empty());
  EXPECT_TRUE(text.rfind("<svg", 0) == 0 || text.rfind("<?xml", 0) == 0) << text.substr(0, 80);
  const std::size_t end = text.find_last_not_of(" \n") + 1;
  ASSERT_GE(end, 6u);
  EXPECT_EQ(text.substr(end - 6, 6), "</svg>");
  EXPECT_TRUE(text.find("<path") != std::string::npos ||
              text.find("<polyline") != std::string::npos);
  EXPECT_NE(text.find("<rect"), std::string::npos);
  EXPECT_NE(text.find("he_normal"), std::string::npos);  // the title names the initializer
  EXPECT_NE(r.out.find("p-value"), std::string::npos);   // the report still goes to stdout
}

TEST_F(CliStats, BadDialectInputExitsTwoWithOneErrorLineAndNoFile) {
  const fs::path file = dir_ / "never.npy";
  const fs::path svg = dir_ / "never.svg";
  for (const std::string& args : std::vector<std::string>{
           "sample torch.kaiming_normal_ --set mode=fan_avg --format npy --output " + file.string(),
           "sample jax.variance_scaling --set scale=1 --set mode=fan_in --set distribution=cauchy "
           "--format npy --output " +
               file.string(),
           "sample torch.nope --output " + file.string(),
           "stats random_normal --svg /nonexistent/dir/x.svg",
           "stats torch.kaiming_normal_ --set mode=fan_avg --svg " + svg.string(),
           "stats jax.variance_scaling --svg " + svg.string(),  // scale, mode... are required
           "stats torch.eye_ --shape 3 --svg " + svg.string() + " --output " + file.string()}) {
    const auto r = run(args);
    EXPECT_EQ(r.status, 2) << args;
    EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << args << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << ": " << r.err;
    EXPECT_FALSE(fs::exists(file)) << args;
    EXPECT_FALSE(fs::exists(svg)) << args;
    EXPECT_FALSE(fs::exists("/nonexistent/dir/x.svg")) << args;
  }
  // Nothing but the two sink files stays in the directory (no temporary file either).
  for (const auto& entry : fs::directory_iterator(dir_)) {
    const std::string name = entry.path().filename().string();
    EXPECT_TRUE(name == "stdout" || name == "stderr") << name;
  }
}

TEST_F(CliStats, ListGroupsTheFrameworks) {
  const auto r = run("list");
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* entry :
       {"torch.kaiming_normal_: a=0.0 mode=fan_in nonlinearity=leaky_relu seed=None",
        "torch.trunc_normal_: mean=0.0 std=1.0 a=-2.0 b=2.0 seed=None",
        "jax.glorot_uniform (jax.xavier_uniform): in_axis=-2 out_axis=-1 batch_axis=() seed=None",
        "jax.orthogonal: scale=1.0 column_axis=-1 seed=None", "PyTorch (", "JAX ("}) {
    EXPECT_NE(r.out.find(entry), std::string::npos) << entry;
  }
  EXPECT_LT(r.out.find("HeNormal"), r.out.find("torch.uniform_"));
  EXPECT_LT(r.out.find("torch.sparse_"), r.out.find("jax.zeros"));
}

}  // namespace
