// The command-line tool (tools/weightinit.cpp), driven as users and outside checks drive it:
// its .npy output must be a valid NumPy file holding exactly the library's values, --slice must
// equal the slice of the whole, and bad input must exit 2 with one "error:" line and no file.
#include <sys/wait.h>

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/cli.hpp"

#include "weightinit/weightinit.hpp"

namespace {

namespace fs = std::filesystem;
using namespace weightinit;

class Cli : public weightinit::test::CliFixture {};

// A minimal .npy reader: checks the format as numpy.load requires it.
struct npy {
  std::string descr;
  shape_type shape;
  std::string data;
};
npy parse_npy(const std::string& bytes) {
  npy result;
  EXPECT_GE(bytes.size(), 10u);
  EXPECT_EQ(bytes.substr(0, 6), "\x93NUMPY");
  EXPECT_EQ(bytes[6], '\x01');
  EXPECT_EQ(bytes[7], '\x00');
  const std::size_t header_len =
      std::uint8_t(bytes[8]) | (std::size_t(std::uint8_t(bytes[9])) << 8);
  EXPECT_EQ((10 + header_len) % 64, 0u) << "header must be padded to a multiple of 64";
  const std::string header = bytes.substr(10, header_len);
  EXPECT_EQ(header.back(), '\n');
  EXPECT_NE(header.find("'fortran_order': False"), std::string::npos) << header;
  const auto d = header.find("'descr': '");
  result.descr = header.substr(d + 10, 3);
  const auto open = header.find("'shape': (") + 10;
  std::stringstream dims(header.substr(open, header.find(')', open) - open));
  for (std::string item; std::getline(dims, item, ',');) {
    if (item.find_first_not_of(' ') != std::string::npos) result.shape.push_back(std::stoll(item));
  }
  result.data = bytes.substr(10 + header_len);
  return result;
}
template <class T>
std::vector<T> as_values(const std::string& data) {
  std::vector<T> v(data.size() / sizeof(T));
  std::memcpy(v.data(), data.data(), v.size() * sizeof(T));
  return v;
}

TEST_F(Cli, ListNamesEveryKerasInitializer) {
  const auto r = run("list");
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* name :
       {"Zeros", "Ones", "Constant", "RandomNormal", "RandomUniform", "TruncatedNormal",
        "VarianceScaling", "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "LecunNormal",
        "LecunUniform", "Orthogonal", "Identity"}) {
    EXPECT_NE(r.out.find(name), std::string::npos) << name;
  }
}

TEST_F(Cli, NpyHoldsExactlyTheLibrarysValues) {
  const fs::path file = dir_ / "w.npy";
  auto r = run("sample he_normal --shape 5,4,3 --seed 11 --format npy --output " + file.string());
  ASSERT_EQ(r.status, 0) << r.err;
  npy f = parse_npy(slurp(file));
  EXPECT_EQ(f.descr, "<f4");
  EXPECT_EQ(f.shape, (shape_type{5, 4, 3}));
  EXPECT_EQ(as_values<float>(f.data), HeNormal(11).values<float>({5, 4, 3}));

  r =
      run("sample RandomUniform --set minval=-2 --set maxval=3 --shape 7 --dtype float64 "
          "--seed 3 --format npy --output " +
          file.string());
  ASSERT_EQ(r.status, 0) << r.err;
  f = parse_npy(slurp(file));
  EXPECT_EQ(f.descr, "<f8");
  EXPECT_EQ(f.shape, (shape_type{7}));
  EXPECT_EQ(as_values<double>(f.data), RandomUniform(-2, 3, 3).values<double>({7}));

  // bfloat16 is written as <f4 holding exactly the bfloat16 values.
  r = run("sample orthogonal --shape 6,6 --dtype bfloat16 --seed 5 --format npy --output " +
          file.string());
  ASSERT_EQ(r.status, 0) << r.err;
  f = parse_npy(slurp(file));
  EXPECT_EQ(f.descr, "<f4");
  const auto expected = Orthogonal(1.0, 5).values<Eigen::bfloat16>({6, 6});
  const auto got = as_values<float>(f.data);
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], float(expected[i]));

  r = run("sample zeros --shape 3 --dtype float16 --format npy --output " + file.string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(parse_npy(slurp(file)).descr, "<f2");
}

TEST_F(Cli, SliceEqualsTheSliceOfTheWhole) {
  const fs::path whole = dir_ / "whole.npy", part = dir_ / "part.npy";
  ASSERT_EQ(
      run("sample glorot_uniform --shape 6,5 --seed 9 --format npy --output " + whole.string())
          .status,
      0);
  ASSERT_EQ(run("sample glorot_uniform --shape 6,5 --seed 9 --slice 2:5,1:4 --format npy "
                "--output " +
                part.string())
                .status,
            0);
  const auto w = as_values<float>(parse_npy(slurp(whole)).data);
  const npy p = parse_npy(slurp(part));
  EXPECT_EQ(p.shape, (shape_type{3, 3}));
  const auto pv = as_values<float>(p.data);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      EXPECT_EQ(pv[std::size_t(i * 3 + j)], w[std::size_t((i + 2) * 5 + j + 1)]);
}

TEST_F(Cli, ConfigsAndConventions) {
  // A Keras config with the legacy "normal" distribution is a truncated normal: He normal.
  const auto a = run(
      R"(sample --config '{"class_name": "VarianceScaling", "config": {"scale": 2.0, "mode": "fan_in", "distribution": "normal", "seed": 4}}' --shape 8,8 --format json)");
  const auto b = run("sample he_normal --seed 4 --shape 8,8 --format json");
  ASSERT_EQ(a.status, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  const auto torch = run("sample he_normal --seed 4 --shape 8,4 --convention torch --format json");
  const auto keras = run("sample he_normal --seed 4 --shape 8,4 --format json");
  EXPECT_NE(torch.out, keras.out);  // fan_in 4 instead of 8
}

TEST_F(Cli, WithoutASeedValuesDifferPerRun) {
  EXPECT_NE(run("sample random_normal --shape 4 --format json").out,
            run("sample random_normal --shape 4 --format json").out);
}

TEST_F(Cli, BadInputExitsTwoWithOneErrorLineAndNoFile) {
  const fs::path file = dir_ / "never.npy";
  for (const std::string args :
       {"sample nope", "sample random_normal --set stddev=-1", "sample zeros --shape 2,-1",
        "sample random_normal --dtype int8", "sample glorot_uniform --shape 4,4 --slice 0:5,0:4",
        "sample --config '{not json'",
        "sample --config '{\"class_name\": \"Zeros\", \"config\": {\"x\": 1}}'",
        "sample identity --shape 2,2,2", "sample orthogonal --shape 5", "frobnicate"}) {
    const auto r = run(args + " --format npy --output " + file.string());
    EXPECT_EQ(r.status, 2) << args;
    EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << args << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << ": " << r.err;
    EXPECT_FALSE(fs::exists(file)) << args;
  }
}

TEST_F(Cli, DemoRunsTheNotebook) {
  const auto r = run("demo");
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* name : {"RandomNormal", "Orthogonal", "VarianceScaling", "Identity", "bias"}) {
    EXPECT_NE(r.out.find(name), std::string::npos) << name;
  }
}

}  // namespace
