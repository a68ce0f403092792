// SPDX-License-Identifier: Apache-2.0
// A small Dense layer whose kernel and bias initializers are weightinit::Initializer values,
// built the four ways of the seed notebook (initializer objects, Keras names, a function, a
// user class) and from a Keras layer config:
//
//   dense_layer [layer.json]
//
// layer.json is a serialized Keras Dense layer, {"class_name": "Dense", "config": {"units":
// ..., "kernel_initializer": {...}, "bias_initializer": {...}}} (Keras 3 or tf.keras legacy
// format; tests/data/keras/dense_layer.json is one). Without an argument a built-in copy of
// that fixture is used. Reading JSON needs nlohmann/json (weightinit/keras_json.hpp); without
// it the example skips that part.
#include <cstdint>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <weightinit/any_initializer.hpp>
#include <weightinit/weightinit.hpp>

#if __has_include(<nlohmann/json.hpp>)
#include <weightinit/keras_json.hpp>
#define DENSE_LAYER_HAVE_JSON 1
#endif

namespace wi = weightinit;

/// y = x W + b, with W of shape (in, out) as in Keras, initialized on construction.
class Dense {
 public:
  Dense(Eigen::Index in, Eigen::Index units, wi::Initializer kernel_initializer = "glorot_uniform",
        wi::Initializer bias_initializer = "zeros")
      : kernel_initializer_(std::move(kernel_initializer)),
        bias_initializer_(std::move(bias_initializer)),
        kernel_(in, units),
        bias_(units) {
    kernel_initializer_(kernel_);
    bias_initializer_(bias_);
  }

  Eigen::MatrixXf operator()(const Eigen::MatrixXf& x) const {
    return (x * kernel_).rowwise() + bias_.transpose();
  }
  const Eigen::MatrixXf& kernel() const { return kernel_; }
  const Eigen::VectorXf& bias() const { return bias_; }
  const wi::Initializer& kernel_initializer() const { return kernel_initializer_; }

 private:
  wi::Initializer kernel_initializer_, bias_initializer_;
  Eigen::MatrixXf kernel_;
  Eigen::VectorXf bias_;
};

/// The notebook's ExampleRandomNormal(mean, stddev) with get_config(): a user class.
class ExampleRandomNormal : public wi::initializer_base<ExampleRandomNormal> {
 public:
  static constexpr std::string_view name = "ExampleRandomNormal";
  ExampleRandomNormal(double mean, double stddev, std::optional<wi::seed_type> seed = {})
      : normal_(mean, stddev, seed) {}
  wi::seed_type seed() const { return normal_.seed(); }
  template <class T>
  auto sampler(const wi::shape_type& shape) const {
    return normal_.sampler<T>(shape);
  }
  wi::config get_config() const { return {{"mean", normal_.mean()}, {"stddev", normal_.stddev()}}; }

 private:
  wi::RandomNormal normal_;
};

namespace {

void show(const std::string& title, const Dense& layer) {
  std::cout << title << " (" << layer.kernel_initializer().class_name() << " "
            << wi::to_string(layer.kernel_initializer().get_config()) << ")\n"
            << "  kernel row 0: " << layer.kernel().row(0) << "\n"
            << "  bias: " << layer.bias().transpose() << "\n";
}

#ifdef DENSE_LAYER_HAVE_JSON
// tests/data/keras/dense_layer.json.
constexpr const char* default_layer_json = R"({
  "module": "keras.layers", "class_name": "Dense",
  "config": {
    "name": "dense", "trainable": true, "dtype": "float32", "units": 3, "activation": "linear",
    "use_bias": true,
    "kernel_initializer": {"module": "keras.initializers", "class_name": "RandomNormal",
                           "config": {"seed": 2022, "mean": 0.0, "stddev": 0.01},
                           "registered_name": null},
    "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {},
                         "registered_name": null},
    "kernel_regularizer": null, "bias_regularizer": null},
  "registered_name": null, "build_config": {"input_shape": [null, 4]}})";

// A Dense layer from its Keras config; the input size comes from build_config when present.
Dense dense_from_keras(const std::string& text, Eigen::Index default_in) {
  const auto layer = nlohmann::json::parse(text);
  if (layer.value("class_name", "") != "Dense") throw std::runtime_error("not a Dense layer");
  const auto& config = layer.at("config");
  const auto units = config.at("units").get<Eigen::Index>();
  Eigen::Index in = default_in;
  if (layer.contains("build_config")) {
    const auto& shape = layer["build_config"].at("input_shape");
    in = shape.back().get<Eigen::Index>();
  }
  const auto initializer = [&](const char* key, const char* fallback) {
    return config.contains(key) ? wi::from_keras_json(config[key]) : wi::get(fallback);
  };
  return Dense(in, units, initializer("kernel_initializer", "glorot_uniform"),
               initializer("bias_initializer", "zeros"));
}
#endif

}  // namespace

int main(int argc, char** argv) {
  try {
    // Option 1: initializer objects.
    const Dense by_object(4, 3, wi::RandomNormal(0.0, 0.01, 7), wi::Zeros());
    show("objects", by_object);
    // Option 2: Keras names.
    const Dense by_name(4, 3, "random_normal", "zeros");
    show("names", by_name);
    // A function: the notebook's my_init(shape, dtype), here a deterministic ramp.
    const Dense by_function(4, 3, [](const wi::shape_type& shape) {
      std::vector<double> values(std::size_t(shape[0] * shape[1]));
      for (std::size_t i = 0; i < values.size(); ++i) values[i] = 0.01 * double(i);
      return values;
    });
    show("function", by_function);
    // A user class with parameters and get_config().
    const Dense by_class(4, 3, ExampleRandomNormal(0.0, 0.5, 2022), wi::Constant(0.1));
    show("user class", by_class);

    // The layer holds exactly the values of the initializer it was given.
    Eigen::MatrixXf expected(4, 3);
    wi::RandomNormal(0.0, 0.01, 7)(expected);
    if (by_object.kernel() != expected || by_function.kernel()(1, 0) != 0.03f ||
        by_class.bias()(2) != 0.1f) {
      std::cerr << "error: unexpected initial values\n";
      return 1;
    }

#ifdef DENSE_LAYER_HAVE_JSON
    std::string text = default_layer_json;
    if (argc > 1) {
      std::ifstream file(argv[1], std::ios::binary);
      if (!file) throw std::runtime_error(std::string("cannot read ") + argv[1]);
      std::ostringstream contents;
      contents << file.rdbuf();
      text = contents.str();
    }
    const Dense from_json = dense_from_keras(text, 4);
    show("Keras config", from_json);
    std::cout << "  kernel_initializer as Keras JSON: "
              << wi::to_keras_json_string(from_json.kernel_initializer()) << "\n";
    const Eigen::MatrixXf y = from_json(Eigen::MatrixXf::Ones(2, from_json.kernel().rows()));
    std::cout << "  y = dense(ones(2, in)):\n" << y << "\n";
#else
    (void)argc;
    (void)argv;
    std::cout << "(nlohmann/json not available: Keras config part skipped)\n";
#endif
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
