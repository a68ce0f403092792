// SPDX-License-Identifier: Apache-2.0
// Keras JSON (weightinit/keras_json.hpp): the fixtures under tests/data/keras load; serialize
// -> parse gives equal configs; the legacy format, "normal", SeedGenerator seeds and
// registered user classes; bad input throws clear errors and never crashes.
#if WEIGHTINIT_HAVE_NLOHMANN_JSON

#include <weightinit/keras_json.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "support/custom_initializers.hpp"

namespace wi = weightinit;
using wi::config;
using wi::Initializer;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream file(std::string(WEIGHTINIT_TEST_SOURCE_DIR) + "/data/keras/" + name,
                     std::ios::binary);
  EXPECT_TRUE(file) << name;
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string error_of(const std::string& text) {
  try {
    wi::parse_keras_json(text);
  } catch (const wi::invalid_argument& e) {
    return e.what();
  }
  return "<no exception>";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class KerasJson : public ::testing::Test {
 protected:
  void SetUp() override {
    wi::register_initializer<test_support::ExampleRandomNormal>("Custom>ExampleRandomNormal");
  }
  void TearDown() override { wi::unregister_initializer("Custom>ExampleRandomNormal"); }
};

}  // namespace

TEST_F(KerasJson, Keras3Fixtures) {
  const Initializer glorot = wi::parse_keras_json(fixture("glorot_uniform_keras3.json"));
  EXPECT_EQ(glorot.class_name(), "GlorotUniform");
  EXPECT_EQ(glorot.values<float>({4, 5}), wi::GlorotUniform(42).values<float>({4, 5}));
  const Initializer normal = wi::parse_keras_json(fixture("random_normal_keras3.json"));
  EXPECT_EQ(normal.get_config(), (config{{"seed", 1337}, {"mean", 0.0}, {"stddev", 0.01}}));
  const Initializer vs = wi::parse_keras_json(fixture("variance_scaling_keras3.json"));
  EXPECT_EQ(vs.get_config().at("mode").as_string(), "fan_out");
  EXPECT_TRUE(vs.get_config().at("seed").is_null());
  EXPECT_EQ(wi::parse_keras_json(fixture("constant_keras3.json")).values<double>({1, 1})[0], 0.1);
  EXPECT_EQ(wi::parse_keras_json(fixture("zeros_name.json")).class_name(), "Zeros");
}

TEST_F(KerasJson, LegacyFixtures) {
  const Initializer he = wi::parse_keras_json(fixture("he_normal_legacy.json"));
  EXPECT_EQ(he.values<float>({3, 3}), wi::HeNormal(7).values<float>({3, 3}));
  const Initializer tn = wi::parse_keras_json(fixture("truncated_normal_legacy.json"));
  EXPECT_EQ(tn.get_config(), (config{{"seed", nullptr}, {"mean", 0.5}, {"stddev", 0.25}}));
  const Initializer identity = wi::parse_keras_json(fixture("identity_alias_legacy.json"));
  EXPECT_EQ(identity.class_name(), "Identity");
  EXPECT_EQ(identity.values<float>({2, 2}), (std::vector<float>{2, 0, 0, 2}));
  EXPECT_EQ(wi::parse_keras_json(R"({"class_name": "GlorotUniformV2", "config": {"seed": 1}})")
                .class_name(),
            "GlorotUniform");
}

TEST_F(KerasJson, VarianceScalingNormalIsTruncated) {
  const Initializer init = wi::parse_keras_json(fixture("variance_scaling_normal_legacy.json"));
  EXPECT_EQ(init.get_config().at("distribution").as_string(), "truncated_normal");
  EXPECT_EQ(init.values<float>({5, 5}),
            wi::VarianceScaling(1.0, "fan_avg", "truncated_normal", 3).values<float>({5, 5}));
}

TEST_F(KerasJson, SeedGeneratorSeed) {
  const Initializer init = wi::parse_keras_json(fixture("orthogonal_seed_generator.json"));
  EXPECT_EQ(init.get_config(), (config{{"seed", 2024}, {"gain", 1.5}}));
  EXPECT_EQ(init.values<double>({3, 3}), wi::Orthogonal(1.5, 2024).values<double>({3, 3}));
}

TEST_F(KerasJson, RegisteredUserClass) {
  const Initializer init = wi::parse_keras_json(fixture("custom_registered_keras3.json"));
  EXPECT_EQ(init.class_name(), "ExampleRandomNormal");
  EXPECT_EQ(init.values<float>({2, 3}), wi::RandomNormal(0.0, 0.5, 11).values<float>({2, 3}));
  const auto json = wi::to_keras_json(init);
  EXPECT_EQ(json["registered_name"], "Custom>ExampleRandomNormal");
  EXPECT_EQ(json["class_name"], "ExampleRandomNormal");
  EXPECT_EQ(wi::to_keras_json(init, wi::keras_format::legacy)["class_name"],
            "Custom>ExampleRandomNormal");
  // Both formats read back.
  for (auto format : {wi::keras_format::keras3, wi::keras_format::legacy}) {
    const Initializer back = wi::parse_keras_json(wi::to_keras_json_string(init, format));
    EXPECT_EQ(back.get_config(), init.get_config());
    EXPECT_EQ(back.values<float>({2, 3}), init.values<float>({2, 3}));
  }
  wi::unregister_initializer("Custom>ExampleRandomNormal");
  EXPECT_TRUE(contains(error_of(fixture("custom_registered_keras3.json")), "unknown initializer"));
}

TEST_F(KerasJson, DenseLayerFixturesHoldLoadableInitializers) {
  for (const char* name : {"dense_layer.json", "dense_layer_legacy.json"}) {
    const auto layer = nlohmann::json::parse(fixture(name));
    ASSERT_EQ(layer["class_name"], "Dense");
    const auto units = layer["config"]["units"].get<Eigen::Index>();
    const Initializer kernel = wi::from_keras_json(layer["config"]["kernel_initializer"]);
    const Initializer bias = wi::from_keras_json(layer["config"]["bias_initializer"]);
    Eigen::MatrixXf w(4, units);
    Eigen::VectorXf b(units);
    kernel(w);
    bias(b);
    EXPECT_TRUE(w.allFinite());
    EXPECT_TRUE(b.allFinite());
  }
}

TEST_F(KerasJson, SerializeParseRoundTripForEveryBuiltin) {
  for (const wi::initializer_info& info : wi::builtin_initializers()) {
    config c;
    if (info.param("seed") != nullptr) c.set("seed", 123456789);
    const Initializer init = wi::get(info.class_name, c);
    const std::string text = wi::to_keras_json_string(init);
    const auto json = nlohmann::json::parse(text);
    EXPECT_EQ(json["module"], "keras.initializers");
    EXPECT_EQ(json["class_name"], info.class_name);
    EXPECT_TRUE(json["registered_name"].is_null());
    EXPECT_EQ(wi::parse_keras_json(text).get_config(), init.get_config()) << text;
    const std::string legacy = wi::to_keras_json_string(init, wi::keras_format::legacy);
    EXPECT_FALSE(nlohmann::json::parse(legacy).contains("module"));
    EXPECT_EQ(wi::parse_keras_json(legacy).get_config(), init.get_config()) << legacy;
  }
}

TEST_F(KerasJson, ExactFormat) {
  EXPECT_EQ(wi::to_keras_json_string(wi::GlorotUniform()),
            R"({"module":"keras.initializers","class_name":"GlorotUniform","config":{"seed":null,)"
            R"("input_axes":null,"output_axes":null},"registered_name":null})");
  EXPECT_EQ(wi::to_keras_json_string(wi::RandomNormal(0.0, 0.1, 3), wi::keras_format::legacy),
            R"({"class_name":"RandomNormal","config":{"seed":3,"mean":0.0,"stddev":0.1}})");
  // Doubles round-trip exactly.
  const Initializer odd = wi::Constant(0.1 + 0.2);
  EXPECT_EQ(wi::parse_keras_json(wi::to_keras_json_string(odd)).get_config(), odd.get_config());
}

TEST_F(KerasJson, HugeAndWrappedSeeds) {
  const Initializer a = wi::parse_keras_json(
      R"({"class_name": "RandomNormal", "config": {"seed": 18446744073709551615}})");
  EXPECT_EQ(a.get_config().at("seed").as_int(), -1);
  EXPECT_EQ(a.values<float>({2, 2}), wi::RandomNormal(0.0, 0.05, ~0ull).values<float>({2, 2}));
}

TEST_F(KerasJson, BadInputThrowsClearErrors) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases{
      {"", {"invalid JSON"}},
      {"{", {"invalid JSON"}},
      {R"({"class_name": "RandomNormal", "config": {"stddev": 0.1}} trailing)", {"invalid JSON"}},
      {"42", {"initializer", "42"}},
      {"[]", {"initializer"}},
      {"null", {"initializer", "null"}},
      {R"({"config": {}})", {"class_name"}},
      {R"({"class_name": 3})", {"class_name", "must be a string", "3"}},
      {R"({"class_name": "Nope"})", {"unknown initializer \"Nope\""}},
      {R"({"class_name": "glorot_unifrom"})", {"did you mean \"glorot_uniform\""}},
      {R"({"class_name": "Zeros", "extra": 1})", {"unknown key \"extra\"", "1"}},
      {R"({"class_name": "Zeros", "module": 5})", {"module", "5"}},
      {R"({"class_name": "Zeros", "config": []})", {"config", "object"}},
      {R"({"class_name": "RandomNormal", "config": {"stdev": 1}})",
       {"unknown config key \"stdev\""}},
      {R"({"class_name": "RandomNormal", "config": {"stddev": "1"}})",
       {"\"stddev\"", "number", "\"1\""}},
      {R"({"class_name": "RandomNormal", "config": {"stddev": -1}})", {"stddev", "-1"}},
      {R"({"class_name": "RandomNormal", "config": {"stddev": 1e999}})", {"invalid JSON"}},
      {R"({"class_name": "RandomNormal", "config": {"mean": 18446744073709551615}})",
       {"\"mean\"", "range"}},
      {R"({"class_name": "RandomNormal", "config": {"seed": 1.5}})", {"\"seed\"", "1.5"}},
      {R"({"class_name": "RandomNormal", "config": {"seed": {"class_name": "Other"}}})",
       {"\"seed\""}},
      {R"({"class_name": "RandomNormal", "config": {"seed": {"class_name": "SeedGenerator", "config": {"seed": "x"}}}})",
       {"SeedGenerator"}},
      {R"({"class_name": "Constant", "config": {"value": {"class_name": "__numpy__"}}})",
       {"\"value\""}},
      {R"({"class_name": "HeNormal", "config": {"input_axes": [0, 1.5]}})",
       {"\"input_axes\"", "integers"}},
      {R"({"class_name": "HeNormal", "config": {"input_axes": [99999999999]}})",
       {"\"input_axes\"", "range"}},
      {R"({"class_name": "VarianceScaling", "config": {"mode": "fan_sideways"}})",
       {"mode", "fan_sideways"}},
      {R"({"class_name": "RandomUniform", "config": {"minval": 1, "maxval": 0}})", {"maxval"}},
      {"\"\\u0000\"", {"unknown initializer"}},
      {std::string(100, '[') + std::string(100, ']'), {"nested deeper than 32"}},
      {std::string(100000, '{'), {"nested deeper"}},
      {"\"\xff\xfe\"", {"invalid JSON"}},
  };
  for (const auto& [text, parts] : cases) {
    const std::string message = error_of(text);
    for (const std::string& part : parts) {
      EXPECT_TRUE(contains(message, part))
          << text.substr(0, 80) << " -> " << message << " lacks " << part;
    }
  }
}

TEST_F(KerasJson, DeepButValidNestingInsideStringsIsFine) {
  const std::string name = "\"" + std::string(1000, '[') + "\"";
  EXPECT_TRUE(contains(error_of(name), "unknown initializer"));
}

#endif  // WEIGHTINIT_HAVE_NLOHMANN_JSON
