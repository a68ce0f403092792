// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the Keras JSON reader (weightinit/keras_json.hpp). Build and run with
// tests/fuzz/run.sh. Expected outcomes for any input: an Initializer, or a
// weightinit::invalid_argument. A crash, sanitizer report, leak, hang, or any other exception
// is a finding. On success the harness also checks the Keras round trip (serialize, parse
// back, equal config) and fills a small tensor, so the parameters a config can reach are
// exercised by the samplers too.
#include <weightinit/keras_json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <Eigen/Core>

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

void exercise(const weightinit::Initializer& init) {
  const weightinit::config config = init.get_config();
  for (auto format : {weightinit::keras_format::keras3, weightinit::keras_format::legacy}) {
    const weightinit::Initializer back =
        weightinit::parse_keras_json(weightinit::to_keras_json_string(init, format));
    check(back.get_config() == config);
    check(back.class_name() == init.class_name());
  }
  try {
    Eigen::MatrixXf m(3, 4);
    init(m);
    Eigen::Matrix<Eigen::half, 2, 3> h;
    init(h);
    (void)init.values<double>({2, 2, 3});
  } catch (const weightinit::invalid_argument&) {
    // e.g. Identity on a 3-D shape, or a distribution not representable in a scalar type.
  }
}

// A registered user initializer, so that registered_name lookups are reached too.
const bool registered = [] {
  weightinit::register_initializer("Custom>Ramp", [](const weightinit::config& c) {
    const weightinit::config_value* scale = c.find("scale");
    const double s = scale != nullptr && scale->is_number() ? scale->as_double() : 1.0;
    return weightinit::Initializer(
        "Ramp", [s](std::int64_t i, const weightinit::shape_type&) { return s * double(i); });
  });
  return true;
}();

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)registered;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  weightinit::Initializer init = weightinit::Zeros();
  try {
    init = weightinit::parse_keras_json(text);
  } catch (const weightinit::invalid_argument&) {
    return 0;  // the expected outcome for bad input
  }
  exercise(init);
  return 0;
}
