// SPDX-License-Identifier: Apache-2.0
// Names and configs: weightinit::get by every Keras 3 name and alias, suggestions for unknown
// names, get_config / from_config round trips (with Keras's seed semantics), clone, and
// errors that name the key and the value.
#include <weightinit/any_initializer.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/custom_initializers.hpp"

namespace wi = weightinit;
using wi::config;
using wi::config_value;
using wi::Initializer;

namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const wi::invalid_argument& e) {
    return e.what();
  }
  return "<no exception>";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST(ConfigValue, TypesAndText) {
  EXPECT_TRUE(config_value().is_null());
  EXPECT_TRUE(config_value(nullptr).is_null());
  EXPECT_TRUE(config_value(true).is_bool());
  EXPECT_TRUE(config_value(3).is_int());
  EXPECT_TRUE(config_value(std::uint64_t(1) << 63).is_int());
  EXPECT_TRUE(config_value(0.5).is_double());
  EXPECT_TRUE(config_value("fan_in").is_string());
  EXPECT_TRUE(config_value(std::vector<int>{0, 1}).is_list());
  EXPECT_NE(config_value(1), config_value(1.0));
  EXPECT_EQ(wi::to_string(config_value(1.0)), "1.0");
  EXPECT_EQ(wi::to_string(config_value(0.05)), "0.05");
  EXPECT_EQ(wi::to_string(config_value(-3)), "-3");
  EXPECT_EQ(wi::to_string(config_value("a")), "\"a\"");
  EXPECT_EQ(wi::to_string(config_value(config_value::list{1, -2})), "[1, -2]");
  EXPECT_EQ(wi::to_string(config{{"seed", nullptr}, {"gain", 2.0}}),
            "{\"seed\": null, \"gain\": 2.0}");
}

TEST(Config, OrderedMapWithDictEquality) {
  config c{{"b", 1}, {"a", 2.0}};
  c.set("b", 3);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c.begin()->first, "b");
  EXPECT_EQ(c.at("b").as_int(), 3);
  EXPECT_EQ(c, (config{{"a", 2.0}, {"b", 3}}));
  EXPECT_NE(c, (config{{"a", 2.0}}));
  EXPECT_TRUE(c.erase("a"));
  EXPECT_FALSE(c.contains("a"));
  EXPECT_THROW({ (void)c.at("zz"); }, wi::invalid_argument);
}

TEST(Get, EveryKeras3NameAndAlias) {
  const std::vector<std::pair<std::string, std::string>> names{
      {"Zeros", "Zeros"},
      {"zeros", "Zeros"},
      {"zero", "Zeros"},
      {"Ones", "Ones"},
      {"ones", "Ones"},
      {"one", "Ones"},
      {"Constant", "Constant"},
      {"constant", "Constant"},
      {"RandomNormal", "RandomNormal"},
      {"random_normal", "RandomNormal"},
      {"normal", "RandomNormal"},
      {"RandomUniform", "RandomUniform"},
      {"random_uniform", "RandomUniform"},
      {"uniform", "RandomUniform"},
      {"TruncatedNormal", "TruncatedNormal"},
      {"truncated_normal", "TruncatedNormal"},
      {"VarianceScaling", "VarianceScaling"},
      {"variance_scaling", "VarianceScaling"},
      {"GlorotNormal", "GlorotNormal"},
      {"glorot_normal", "GlorotNormal"},
      {"GlorotUniform", "GlorotUniform"},
      {"glorot_uniform", "GlorotUniform"},
      {"HeNormal", "HeNormal"},
      {"he_normal", "HeNormal"},
      {"HeUniform", "HeUniform"},
      {"he_uniform", "HeUniform"},
      {"LecunNormal", "LecunNormal"},
      {"lecun_normal", "LecunNormal"},
      {"LecunUniform", "LecunUniform"},
      {"lecun_uniform", "LecunUniform"},
      {"Orthogonal", "Orthogonal"},
      {"orthogonal", "Orthogonal"},
      {"OrthogonalInitializer", "Orthogonal"},
      {"Identity", "Identity"},
      {"identity", "Identity"},
      {"IdentityInitializer", "Identity"},
  };
  for (const auto& [name, class_name] : names) {
    EXPECT_EQ(wi::get(name).class_name(), class_name) << name;
  }
  // Every name of the table is covered above.
  std::size_t count = 0;
  for (const wi::initializer_info& info : wi::builtin_initializers()) {
    count += 1 + info.aliases.size();
  }
  EXPECT_EQ(count, names.size());
  EXPECT_EQ(wi::initializer_names().front(), "Zeros");
}

TEST(Get, DefaultsAreKeras) {
  EXPECT_EQ(wi::get("random_normal").get_config(),
            (config{{"seed", nullptr}, {"mean", 0.0}, {"stddev", 0.05}}));
  EXPECT_EQ(wi::get("uniform").get_config(),
            (config{{"seed", nullptr}, {"minval", -0.05}, {"maxval", 0.05}}));
  EXPECT_EQ(wi::get("variance_scaling").get_config(), (config{{"seed", nullptr},
                                                              {"scale", 1.0},
                                                              {"mode", "fan_in"},
                                                              {"distribution", "truncated_normal"},
                                                              {"input_axes", nullptr},
                                                              {"output_axes", nullptr}}));
  EXPECT_EQ(wi::get("he_normal").get_config(),
            (config{{"seed", nullptr}, {"input_axes", nullptr}, {"output_axes", nullptr}}));
  EXPECT_EQ(wi::get("orthogonal").get_config(), (config{{"seed", nullptr}, {"gain", 1.0}}));
  EXPECT_EQ(wi::get("identity").get_config(), (config{{"gain", 1.0}}));
  EXPECT_EQ(wi::get("constant").get_config(), (config{{"value", 0.0}}));
  EXPECT_TRUE(wi::get("zeros").get_config().empty());
  EXPECT_TRUE(wi::get("ones").get_config().empty());
}

TEST(Get, KeysInKerasOrder) {
  std::vector<std::string> keys;
  for (const auto& entry : wi::get("variance_scaling").get_config()) keys.push_back(entry.first);
  EXPECT_EQ(keys, (std::vector<std::string>{"seed", "scale", "mode", "distribution", "input_axes",
                                            "output_axes"}));
}

TEST(Get, NamesAreCaseSensitiveWithSuggestions) {
  EXPECT_TRUE(
      contains(error_of([] { wi::get("glorot_unifrom"); }), "did you mean \"glorot_uniform\""));
  const std::string he = error_of([] { wi::get("henormal"); });
  EXPECT_TRUE(contains(he, "\"HeNormal\"")) << he;
  EXPECT_TRUE(contains(he, "case-sensitive")) << he;
  const std::string typo = error_of([] { wi::get("typo"); });
  EXPECT_TRUE(contains(typo, "unknown initializer \"typo\"")) << typo;
  const std::string random = error_of([] { wi::get("RandomNormall"); });
  EXPECT_TRUE(contains(random, "did you mean \"RandomNormal\"")) << random;
  EXPECT_TRUE(contains(error_of([] { wi::get("STFT"); }), "does not provide"));
  EXPECT_TRUE(contains(error_of([] { wi::get("Initializer"); }), "does not provide"));
  // Control characters and long names are escaped and cut in messages.
  const std::string odd = error_of([] { wi::get(std::string(300, 'x') + "\n"); });
  EXPECT_LT(odd.size(), 600u);
  EXPECT_TRUE(contains(error_of([] { wi::get(std::string("a\x01")); }), "a\\x01"));
}

TEST(FromConfig, RoundTripsExactlyForEveryBuiltin) {
  const std::vector<std::pair<std::string, config>> configs{
      {"Zeros", {}},
      {"Ones", {}},
      {"Constant", {{"value", 0.1}}},
      {"RandomNormal", {{"seed", 5}, {"mean", 0.1}, {"stddev", 0.3}}},
      {"RandomUniform", {{"seed", -1}, {"minval", -0.7}, {"maxval", 1e-3}}},
      {"TruncatedNormal", {{"seed", std::int64_t{1} << 40}, {"mean", -2.5}, {"stddev", 1e-7}}},
      {"VarianceScaling",
       {{"seed", 9},
        {"scale", 0.3},
        {"mode", "fan_avg"},
        {"distribution", "uniform"},
        {"input_axes", config_value::list{0}},
        {"output_axes", config_value::list{-1}}}},
      {"GlorotNormal", {{"seed", 1}, {"input_axes", nullptr}, {"output_axes", nullptr}}},
      {"GlorotUniform", {{"seed", 2}, {"input_axes", nullptr}, {"output_axes", nullptr}}},
      {"HeNormal",
       {{"seed", 3},
        {"input_axes", config_value::list{0, 1}},
        {"output_axes", config_value::list{2}}}},
      {"HeUniform", {{"seed", 4}, {"input_axes", nullptr}, {"output_axes", nullptr}}},
      {"LecunNormal", {{"seed", 5}, {"input_axes", nullptr}, {"output_axes", nullptr}}},
      {"LecunUniform", {{"seed", 6}, {"input_axes", nullptr}, {"output_axes", nullptr}}},
      {"Orthogonal", {{"seed", 7}, {"gain", 0.5}}},
      {"Identity", {{"gain", 3.0}}},
  };
  ASSERT_EQ(configs.size(), wi::builtin_initializers().size());
  for (const auto& [name, c] : configs) {
    const Initializer init = wi::get(name, c);
    EXPECT_EQ(init.class_name(), name);
    EXPECT_EQ(init.get_config(), c) << name << ": " << wi::to_string(init.get_config());
    const Initializer again = Initializer::from_config(init.class_name(), init.get_config());
    EXPECT_EQ(again.get_config(), c);
    // Seeded (or deterministic): the reloaded initializer gives the same values.
    const wi::shape_type shape =
        name == "Identity" ? wi::shape_type{3, 4} : wi::shape_type{3, 4, 2};
    EXPECT_EQ(again.values<float>(shape), init.values<float>(shape)) << name;
    EXPECT_EQ(init.clone().values<double>(shape), init.values<double>(shape)) << name;
  }
}

TEST(FromConfig, TypedObjectsReportTheirConfig) {
  EXPECT_EQ(Initializer(wi::RandomUniform(0.0, 1.0, 3)).get_config(),
            (config{{"seed", 3}, {"minval", 0.0}, {"maxval", 1.0}}));
  EXPECT_EQ(Initializer(wi::VarianceScaling(2.0, wi::fan_mode::fan_out, wi::distribution::uniform))
                .get_config()
                .at("mode")
                .as_string(),
            "fan_out");
  EXPECT_EQ(Initializer(wi::HeNormal(1).with_axes({0}, {1})).get_config().at("input_axes"),
            config_value(config_value::list{0}));
  EXPECT_FALSE(Initializer(wi::Zeros()).registered_name().has_value());
}

TEST(FromConfig, UnseededReportsNullAndReloadsWithANewDraw) {
  const Initializer unseeded = wi::RandomNormal(0.0, 1.0);
  EXPECT_TRUE(unseeded.get_config().at("seed").is_null());
  const Initializer reloaded = wi::get("RandomNormal", unseeded.get_config());
  EXPECT_NE(reloaded.values<float>({4, 4}), unseeded.values<float>({4, 4}));
  EXPECT_NE(unseeded.clone().values<float>({4, 4}), unseeded.values<float>({4, 4}));
  // set_global_seed makes the draws reproducible.
  wi::set_global_seed(77);
  const auto first = wi::get("he_uniform").values<float>({3, 3});
  wi::set_global_seed(77);
  EXPECT_EQ(wi::get("he_uniform").values<float>({3, 3}), first);
}

TEST(FromConfig, SeedsWrapModulo2To64) {
  const Initializer a = wi::get("RandomNormal", {{"seed", -1}});
  const Initializer b = wi::RandomNormal(0.0, 0.05, ~std::uint64_t{0});
  EXPECT_EQ(a.values<float>({2, 2}), b.values<float>({2, 2}));
  EXPECT_EQ(b.get_config().at("seed"), config_value(-1));
}

TEST(FromConfig, IntegersAreNumbersAndLegacyDtypeIsIgnored) {
  EXPECT_EQ(wi::get("Constant", {{"value", 3}}).get_config(), (config{{"value", 3.0}}));
  EXPECT_EQ(wi::get("RandomUniform", {{"minval", 0}, {"maxval", 1}, {"dtype", "float32"}})
                .get_config()
                .at("maxval"),
            config_value(1.0));
  EXPECT_EQ(
      wi::get("HeNormal", {{"input_axes", 0}, {"output_axes", 1}}).get_config().at("input_axes"),
      config_value(config_value::list{0}));
  // distribution "normal" (tf.compat.v1) is truncated_normal.
  EXPECT_EQ(
      wi::get("VarianceScaling", {{"distribution", "normal"}}).get_config().at("distribution"),
      config_value("truncated_normal"));
}

TEST(FromConfig, ErrorsNameTheKeyAndTheValue) {
  const auto expect = [](const std::string& name, const config& c, std::vector<std::string> parts) {
    const std::string message = error_of([&] { wi::get(name, c); });
    for (const std::string& part : parts) {
      EXPECT_TRUE(contains(message, part)) << name << ": " << message << " lacks " << part;
    }
  };
  expect("RandomNormal", {{"stdev", 0.1}},
         {"RandomNormal", "unknown config key \"stdev\"", "0.1", "seed, mean, stddev"});
  expect("Zeros", {{"value", 1}}, {"Zeros", "\"value\"", "it takes none"});
  expect("RandomNormal", {{"stddev", "big"}}, {"\"stddev\"", "must be a number", "\"big\""});
  expect("RandomNormal", {{"stddev", true}}, {"\"stddev\"", "must be a number", "true"});
  expect("RandomNormal", {{"stddev", -1.0}}, {"stddev", "-1"});
  expect("RandomNormal", {{"mean", std::nan("")}}, {"\"mean\"", "finite", "nan"});
  expect("Constant", {{"value", std::numeric_limits<double>::infinity()}}, {"\"value\"", "inf"});
  expect("RandomUniform", {{"minval", 2.0}, {"maxval", 1.0}}, {"maxval", "1"});
  expect("RandomNormal", {{"seed", 1.5}}, {"\"seed\"", "integer or null", "1.5"});
  expect("VarianceScaling", {{"mode", "fan_sideways"}}, {"mode", "fan_sideways"});
  expect("VarianceScaling", {{"mode", 3}}, {"\"mode\"", "must be a string", "3"});
  expect("VarianceScaling", {{"distribution", "cauchy"}}, {"distribution", "cauchy"});
  expect("VarianceScaling", {{"scale", 0.0}}, {"scale", "0"});
  expect("HeNormal", {{"input_axes", config_value::list{std::int64_t{1} << 40}}},
         {"\"input_axes\"", "range", "1099511627776"});
  expect("HeNormal", {{"input_axes", "0"}}, {"\"input_axes\"", "\"0\""});
  expect("Orthogonal", {{"gain", std::nan("")}}, {"gain", "nan"});
}

TEST(Registry, UserClassesByRegisteredName) {
  wi::register_initializer<test_support::ExampleRandomNormal>("Custom>ExampleRandomNormal");
  const Initializer init =
      wi::get("Custom>ExampleRandomNormal", {{"mean", 1.0}, {"stddev", 0.5}, {"seed", 4}});
  EXPECT_EQ(init.class_name(), "ExampleRandomNormal");
  EXPECT_EQ(init.registered_name(), "Custom>ExampleRandomNormal");
  EXPECT_EQ(init.values<float>({3, 3}), wi::RandomNormal(1.0, 0.5, 4).values<float>({3, 3}));
  EXPECT_EQ(init.clone().get_config(), init.get_config());
  EXPECT_EQ(init.clone().values<float>({3, 3}), init.values<float>({3, 3}));
  const auto names = wi::initializer_names();
  EXPECT_NE(std::find(names.begin(), names.end(), "Custom>ExampleRandomNormal"), names.end());
  EXPECT_TRUE(contains(error_of([] { wi::get("Custom>ExampleRandomNormall"); }),
                       "did you mean \"Custom>ExampleRandomNormal\""));
  EXPECT_TRUE(wi::unregister_initializer("Custom>ExampleRandomNormal"));
  EXPECT_FALSE(wi::unregister_initializer("Custom>ExampleRandomNormal"));
  EXPECT_THROW({ wi::get("Custom>ExampleRandomNormal"); }, wi::invalid_argument);
}

TEST(Registry, LambdasByRegisteredName) {
  wi::register_initializer("Custom>Ramp", [](const config& c) {
    const double scale = c.contains("scale") ? c.at("scale").as_double() : 1.0;
    return Initializer(
        "Ramp", [scale](std::int64_t i, const wi::shape_type&) { return scale * double(i); });
  });
  const Initializer ramp = wi::get("Custom>Ramp", {{"scale", 2.0}});
  EXPECT_EQ(ramp.registered_name(), "Custom>Ramp");
  EXPECT_EQ(ramp.values<double>({1, 3}), (std::vector<double>{0, 2, 4}));
  wi::unregister_initializer("Custom>Ramp");
}

TEST(Registry, RejectsBuiltinAndEmptyNames) {
  EXPECT_THROW(
      {
        wi::register_initializer("glorot_uniform",
                                 [](const config&) { return Initializer("zeros"); });
      },
      wi::invalid_argument);
  EXPECT_THROW(
      { wi::register_initializer("", [](const config&) { return Initializer("zeros"); }); },
      wi::invalid_argument);
  EXPECT_THROW({ wi::register_initializer("Custom>Null", wi::initializer_factory()); },
               wi::invalid_argument);
}

TEST(Registry, FanConventionForTheTool) {
  const Initializer torch = wi::get("he_uniform", {{"seed", 1}}, wi::fan_convention::torch);
  const Initializer direct = wi::HeUniform(1).with_fan_convention(wi::fan_convention::torch);
  EXPECT_EQ(torch.values<float>({4, 3, 2}), direct.values<float>({4, 3, 2}));
}
