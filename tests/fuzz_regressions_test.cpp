// SPDX-License-Identifier: Apache-2.0
// Replays every input of tests/fuzz/corpus and tests/fuzz/regressions through the Keras JSON
// reader as tests/fuzz/keras_json_fuzzer.cpp does: each must give an initializer that round
// trips, or a weightinit::invalid_argument; nothing else.
#if WEIGHTINIT_HAVE_NLOHMANN_JSON

#include <weightinit/keras_json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace fs = std::filesystem;
namespace wi = weightinit;

namespace {

std::vector<fs::path> inputs() {
  std::vector<fs::path> files;
  for (const char* dir : {"corpus", "regressions"}) {
    const fs::path path = fs::path(WEIGHTINIT_TEST_SOURCE_DIR) / "fuzz" / dir;
    if (!fs::exists(path)) continue;
    for (const auto& entry : fs::directory_iterator(path)) {
      if (entry.is_regular_file() && entry.path().filename() != ".gitkeep") {
        files.push_back(entry.path());
      }
    }
  }
  return files;
}

}  // namespace

TEST(FuzzRegressions, EveryInputLoadsOrThrowsInvalidArgument) {
  const std::vector<fs::path> files = inputs();
  EXPECT_GE(files.size(), 10u);  // the seed corpus
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    try {
      const wi::Initializer init = wi::parse_keras_json(text.str());
      const wi::Initializer back = wi::parse_keras_json(wi::to_keras_json_string(init));
      EXPECT_EQ(back.get_config(), init.get_config());
      try {
        Eigen::MatrixXf m(3, 4);
        init(m);
      } catch (const wi::invalid_argument&) {
      }
    } catch (const wi::invalid_argument&) {
      // expected for bad input
    }
  }
}

#endif  // WEIGHTINIT_HAVE_NLOHMANN_JSON
