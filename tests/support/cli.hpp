// Test-only: a fixture that runs the command-line tool (WEIGHTINIT_CLI_PATH, set by the build)
// in a scratch directory of its own and captures its exit status, stdout and stderr.
#ifndef WEIGHTINIT_TESTS_SUPPORT_CLI_HPP_
#define WEIGHTINIT_TESTS_SUPPORT_CLI_HPP_

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#ifndef WEIGHTINIT_CLI_PATH
#define WEIGHTINIT_CLI_PATH ""
#endif

namespace weightinit::test {

struct run_result {
  int status;
  std::string out, err;
};

class CliFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::string(WEIGHTINIT_CLI_PATH).empty()) GTEST_FAIL() << "built without the tool";
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("weightinit_" + std::string(info->test_suite_name()) + "_" +
            std::to_string(::getpid()) + "_" + info->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  /// Runs `weightinit ARGS` (a shell command line) with no standard input.
  run_result run(const std::string& args) const {
    const std::filesystem::path out = dir_ / "stdout", err = dir_ / "stderr";
    const std::string command = std::string(WEIGHTINIT_CLI_PATH) + " " + args + " >" +
                                out.string() + " 2>" + err.string() + " </dev/null";
    const int raw = std::system(command.c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(out), slurp(err)};
  }
  static std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::filesystem::path dir_;
};

}  // namespace weightinit::test

#endif  // WEIGHTINIT_TESTS_SUPPORT_CLI_HPP_
