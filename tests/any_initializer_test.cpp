// SPDX-License-Identifier: Apache-2.0
// weightinit::Initializer: value semantics, every target and engine, and exactly the values
// of the initializer it holds (built-ins, lambdas, user classes).
#include <weightinit/any_initializer.hpp>

#include <cstring>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "support/custom_initializers.hpp"

namespace wi = weightinit;
using wi::Initializer;
using wi::shape_type;

namespace {

template <class T>
bool bitwise_equal(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

// Every built-in, seeded where Keras takes a seed, with non-default parameters.
template <class F>
void for_each_builtin(F f) {
  f(wi::Zeros());
  f(wi::Ones());
  f(wi::Constant(0.25));
  f(wi::RandomNormal(0.5, 2.0, 1));
  f(wi::RandomUniform(-1.0, 3.0, 2));
  f(wi::TruncatedNormal(0.0, 0.3, 3));
  f(wi::VarianceScaling(2.0, "fan_out", "untruncated_normal", 4));
  f(wi::GlorotNormal(5));
  f(wi::GlorotUniform(6));
  f(wi::HeNormal(7));
  f(wi::HeUniform(8));
  f(wi::LecunNormal(9));
  f(wi::LecunUniform(10));
  f(wi::Orthogonal(1.5, 11));
  f(wi::Identity(2.0));
}

template <class T, class Init>
void expect_same_values(const Init& init, const shape_type& shape) {
  const Initializer erased(init);
  EXPECT_TRUE(bitwise_equal(erased.values<T>(shape), init.template values<T>(shape)))
      << Init::name << " " << wi::detail::scalar_traits<T>::name;
}

}  // namespace

TEST(AnyInitializer, EqualsEveryBuiltinInEveryScalarType) {
  for_each_builtin([](const auto& init) {
    expect_same_values<float>(init, {5, 7});
    expect_same_values<double>(init, {7, 5});
    expect_same_values<Eigen::half>(init, {4, 4});
    expect_same_values<Eigen::bfloat16>(init, {3, 6});
  });
}

TEST(AnyInitializer, EqualsBuiltinOnEveryTarget) {
  for_each_builtin([](const auto& init) {
    const Initializer erased(init);
    // Eigen::Tensor RowMajor and ColMajor, rank 2.
    Eigen::Tensor<float, 2, Eigen::RowMajor> a(4, 6), b(4, 6);
    erased(a);
    init(b);
    for (Eigen::Index i = 0; i < a.size(); ++i) EXPECT_EQ(a.data()[i], b.data()[i]);
    Eigen::Tensor<double, 2> c(6, 4), d(6, 4);
    erased(c);
    init(d);
    for (Eigen::Index i = 0; i < c.size(); ++i) EXPECT_EQ(c.data()[i], d.data()[i]);
    // Matrix (ColMajor), RowMajor matrix, Map, Block.
    Eigen::MatrixXf m1(5, 3), m2(5, 3);
    erased(m1);
    init(m2);
    EXPECT_EQ(m1, m2);
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> r1(3, 5), r2(3, 5);
    erased(r1);
    init(r2);
    EXPECT_EQ(r1, r2);
    std::vector<float> buffer1(12), buffer2(12);
    Eigen::Map<Eigen::MatrixXf> map1(buffer1.data(), 3, 4), map2(buffer2.data(), 3, 4);
    erased(map1);
    init(map2);
    EXPECT_EQ(buffer1, buffer2);
    Eigen::MatrixXf big1 = Eigen::MatrixXf::Constant(6, 6, -7), big2 = big1;
    erased(big1.block(1, 2, 3, 3));
    init(big2.block(1, 2, 3, 3));
    EXPECT_EQ(big1, big2);
    // TensorMap over a raw buffer, and row_major_span.
    std::vector<float> raw1(24), raw2(24);
    Eigen::TensorMap<Eigen::Tensor<float, 2>> t1(raw1.data(), 4, 6), t2(raw2.data(), 4, 6);
    erased(t1);
    init(t2);
    EXPECT_EQ(raw1, raw2);
    erased(wi::row_major_span<float>{raw1.data(), {6, 4}});
    init(wi::row_major_span<float>{raw2.data(), {6, 4}});
    EXPECT_EQ(raw1, raw2);
  });
}

TEST(AnyInitializer, RankThreeAndSlices) {
  for_each_builtin([](const auto& init) {
    if (std::decay_t<decltype(init)>::name == std::string_view("Identity")) return;  // 2-D only
    const Initializer erased(init);
    Eigen::Tensor<float, 3> a(3, 4, 5), b(3, 4, 5);
    erased(a);
    init(b);
    for (Eigen::Index i = 0; i < a.size(); ++i) EXPECT_EQ(a.data()[i], b.data()[i]);
    // A shard filled alone equals the same slice of the whole.
    Eigen::Tensor<float, 3, Eigen::RowMajor> shard(2, 2, 5), whole(3, 4, 5);
    erased(shard, wi::slice_of{{3, 4, 5}, {1, 1, 0}});
    erased(whole);
    for (Eigen::Index i = 0; i < 2; ++i) {
      for (Eigen::Index j = 0; j < 2; ++j) {
        for (Eigen::Index k = 0; k < 5; ++k) EXPECT_EQ(shard(i, j, k), whole(i + 1, j + 1, k));
      }
    }
  });
}

TEST(AnyInitializer, EnginesAreConsumedAsByTheHeldInitializer) {
  for_each_builtin([](const auto& init) {
    const Initializer erased(init);
    std::mt19937 e1(123), e2(123);
    Eigen::MatrixXf a(4, 5), b(4, 5);
    erased(a, e1);
    init(b, e2);
    EXPECT_EQ(a, b) << std::decay_t<decltype(init)>::name;
    EXPECT_EQ(e1(), e2());  // the same number of draws
    std::mt19937_64 f1(9), f2(9);
    Eigen::MatrixXd c(3, 3), d(3, 3);
    erased(c, f1);
    init(d, f2);
    EXPECT_EQ(c, d);
    EXPECT_EQ(f1(), f2());
  });
}

TEST(AnyInitializer, ShapeCallsMakeTensors) {
  const Initializer init = wi::GlorotUniform(42);
  const Eigen::Tensor<float, 2> t = init({2, 3});
  const Eigen::Tensor<float, 2> u = wi::GlorotUniform(42)({2, 3});
  for (Eigen::Index i = 0; i < t.size(); ++i) EXPECT_EQ(t.data()[i], u.data()[i]);
  const Eigen::Tensor<Eigen::half, 4> h = init.make<Eigen::half>({3, 3, 2, 4});
  EXPECT_EQ(h.size(), 72);
}

TEST(AnyInitializer, ValueSemantics) {
  const Initializer a = wi::RandomNormal(0.0, 1.0);  // unseeded: seed drawn once
  Initializer b = a;                                 // copies share the initializer
  EXPECT_TRUE(b.same_as(a));
  EXPECT_EQ(a.values<float>({3, 3}), b.values<float>({3, 3}));
  EXPECT_EQ(a.values<float>({3, 3}), a.values<float>({3, 3}));  // stateless
  b = wi::Zeros();                                              // assignment rebinds b only
  EXPECT_EQ(b.class_name(), "Zeros");
  EXPECT_EQ(a.class_name(), "RandomNormal");
  std::vector<Initializer> layer_inits{"glorot_uniform", wi::Zeros(), a};
  layer_inits.push_back(layer_inits.front());
  EXPECT_EQ(layer_inits[3].class_name(), "GlorotUniform");
  Initializer moved = std::move(layer_inits[2]);
  EXPECT_TRUE(moved.same_as(a));
  static_assert(sizeof(Initializer) <= 2 * sizeof(void*) + sizeof(std::string));
}

TEST(AnyInitializer, FromNames) {
  const Initializer by_name = "random_normal";
  EXPECT_EQ(by_name.class_name(), "RandomNormal");
  const Initializer by_string = std::string("he_uniform");
  EXPECT_EQ(by_string.class_name(), "HeUniform");
  EXPECT_THROW({ Initializer bad = "glorot_unifrom"; }, wi::invalid_argument);
}

TEST(AnyInitializer, WholeTensorLambda) {
  // The notebook's my_init(shape, dtype): here a deterministic row-major fill.
  const Initializer init = [](const shape_type& shape) {
    std::vector<double> v(std::size_t(shape[0] * shape[1]));
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = double(i) / 4;
    return v;
  };
  EXPECT_EQ(init.class_name(), "function");
  Eigen::MatrixXf m(2, 3);  // ColMajor: values still by logical row-major index
  init(m);
  EXPECT_EQ(m(0, 1), 0.25f);
  EXPECT_EQ(m(1, 0), 0.75f);
  Eigen::Tensor<Eigen::half, 2> shard(1, 2);
  init(shard, wi::slice_of{{2, 3}, {1, 1}});
  EXPECT_EQ(float(shard(0, 0)), 1.0f);
  EXPECT_EQ(float(shard(0, 1)), 1.25f);
  EXPECT_TRUE(init.get_config().empty());
}

TEST(AnyInitializer, PerElementLambdaAndTypedLambda) {
  const Initializer ramp("ramp", [](std::int64_t i, const shape_type&) { return double(i); });
  EXPECT_EQ(ramp.class_name(), "ramp");
  Eigen::Matrix<double, 3, 2> m;
  ramp(m);
  EXPECT_EQ(m(2, 1), 5.0);
  const Initializer typed = [](const shape_type& shape, auto tag) {
    using T = typename decltype(tag)::type;
    return std::vector<T>(std::size_t(shape[0] * shape[1]), T(sizeof(T)));
  };
  EXPECT_EQ(typed.values<double>({2, 2}), std::vector<double>(4, 8.0));
  EXPECT_EQ(typed.values<float>({1, 3}), std::vector<float>(3, 4.0f));
  EXPECT_EQ(float(typed.values<Eigen::bfloat16>({1, 1})[0]), 2.0f);
}

TEST(AnyInitializer, LambdaReturningTheWrongCountThrows) {
  const Initializer bad("short", [](const shape_type&) { return std::vector<double>{1, 2}; });
  Eigen::MatrixXf m(2, 2);
  try {
    bad(m);
    FAIL() << "no exception";
  } catch (const wi::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("short: returned 2 values for shape (2, 2), expected 4"),
              std::string::npos)
        << e.what();
  }
}

TEST(AnyInitializer, UserClassWithParameters) {
  const test_support::ExampleRandomNormal custom(0.0, 0.5, 2022);
  const Initializer init = custom;
  EXPECT_EQ(init.class_name(), "ExampleRandomNormal");
  EXPECT_EQ(init.registered_name(), "Custom>ExampleRandomNormal");
  EXPECT_EQ(init.get_config(), (wi::config{{"mean", 0.0}, {"stddev", 0.5}, {"seed", 2022}}));
  // Same values as the built-in it wraps, on any target.
  Eigen::MatrixXd a(4, 4), b(4, 4);
  init(a);
  wi::RandomNormal(0.0, 0.5, 2022)(b);
  EXPECT_EQ(a, b);
}

TEST(AnyInitializer, CallableClassWithParameters) {
  const Initializer init = test_support::ScaledRamp{0.5};
  EXPECT_EQ(init.class_name(), "ScaledRamp");
  EXPECT_EQ(init.registered_name(), "ScaledRamp");
  EXPECT_EQ(init.get_config(), (wi::config{{"scale", 0.5}}));
  EXPECT_EQ(init.values<float>({2, 2}), (std::vector<float>{0, 0.5f, 1, 1.5f}));
}

TEST(AnyInitializer, ErrorsOfTheHeldInitializerPropagate) {
  const Initializer identity = wi::Identity();
  Eigen::Tensor<float, 3> t(2, 2, 2);
  EXPECT_THROW({ identity(t); }, wi::invalid_argument);
  const Initializer orthogonal = wi::Orthogonal();
  EXPECT_THROW({ (void)orthogonal.values<float>({4}); }, wi::invalid_argument);
}
