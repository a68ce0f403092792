// Writing your own initializer, as the notebook's last cells do: a class with parameters
// that derives from initializer_base gets every call the built-ins have (shapes, in-place
// fills of any Eigen target, slices, engines), and can reuse the library's samplers.
#include <iostream>

#include <weightinit/weightinit.hpp>

// The notebook's ExampleRandomNormal(mean, stddev): N(mean, stddev^2) from the default
// generator, so its values are fixed by (seed, index) like the built-ins'.
class ExampleRandomNormal : public weightinit::initializer_base<ExampleRandomNormal>,
                            public weightinit::seeded {
 public:
  static constexpr std::string_view name = "ExampleRandomNormal";

  ExampleRandomNormal(double mean, double stddev, std::optional<weightinit::seed_type> seed = {})
      : seeded(seed), mean_(mean), stddev_(stddev) {}

  // What the library asks of an initializer: a sampler for a shape and scalar type.
  template <class T>
  weightinit::detail::distribution_sampler<T> sampler(const weightinit::shape_type&) const {
    return {name, weightinit::detail::distribution_spec::normal(mean_, stddev_)};
  }

  // The notebook's get_config().
  void print_config(std::ostream& out) const {
    out << "{\"mean\": " << mean_ << ", \"stddev\": " << stddev_ << "}";
  }

 private:
  double mean_, stddev_;
};

// A fully custom rule: every weight is 1 / (1 + its row index), written in place.
class RowDecay : public weightinit::initializer_base<RowDecay> {
 public:
  static constexpr std::string_view name = "RowDecay";
  template <class T>
  struct sampler_type {
    std::uint64_t cols;
    template <class Source>
    void generate(std::uint64_t first, std::uint64_t count, T* out, Source&) const {
      for (std::uint64_t i = 0; i < count; ++i) out[i] = T(1.0 / double(1 + (first + i) / cols));
    }
  };
  template <class T>
  sampler_type<T> sampler(const weightinit::shape_type& shape) const {
    return {std::uint64_t(shape.size() == 2 && shape[1] > 0 ? shape[1] : 1)};
  }
};

int main() {
  const ExampleRandomNormal init(0.0, 0.5, 2022);
  init.print_config(std::cout);
  std::cout << "\n" << init({2, 2}) << "\n";

  Eigen::MatrixXf m(3, 4);
  RowDecay()(m);
  std::cout << "RowDecay on a 3x4 matrix:\n" << m << "\n";
  return m(2, 3) == 1.0f / 3 ? 0 : 1;
}
