// SPDX-License-Identifier: Apache-2.0
// weightinit/initializer.hpp: what every initializer can be called on.
//
// Every initializer type derives from initializer_base, which gives it these calls:
//
//   init({64, 32})                   -> Eigen::Tensor<float, 2>, as Keras's init(shape=(64, 32))
//   init.make<double>({3, 3, 16, 32}) -> Eigen::Tensor<double, 4>
//   init.values<Eigen::half>(shape)    -> std::vector, row-major, for a runtime-rank shape
//   init(target)                     -> fills in place: Eigen::Tensor / TensorMap of any rank,
//                                       Matrix, Array, Map, Block, Ref, RowMajor or ColMajor,
//                                       or a row_major_span over a raw buffer
//   init(target, engine)             -> the same with any std UniformRandomBitGenerator
//                                       (e.g. std::mt19937), consumed sequentially
//   init(target, slice_of{global, offsets}) -> fills the target as that slice of a larger
//                                       tensor: equal to the same slice of the whole
//   init(target, parallel{4})        -> fills on up to 4 threads, same values (parallel.hpp);
//                                       also init(target, slice, parallel{n})
//
// With the default generator an element's value depends only on the seed, the initializer
// and its parameters, the logical shape, the element's logical row-major index and the
// scalar type. Eigen matrices have the logical shape (rows, cols), so a vector is (n, 1).
#ifndef WEIGHTINIT_INITIALIZER_HPP_
#define WEIGHTINIT_INITIALIZER_HPP_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <Eigen/Core>
#include <unsupported/Eigen/CXX11/Tensor>

#include "weightinit/detail/fill.hpp"
#include "weightinit/detail/sampling.hpp"
#include "weightinit/detail/scalar.hpp"
#include "weightinit/detail/shape.hpp"
#include "weightinit/detail/target.hpp"
#include "weightinit/parallel.hpp"
#include "weightinit/seed.hpp"

namespace weightinit {

namespace detail {

template <class G, class = void>
struct is_urbg : std::false_type {};
template <class G>
struct is_urbg<G, std::void_t<typename G::result_type, decltype(G::min()), decltype(G::max()),
                              decltype(std::declval<G&>()())>>
    : std::bool_constant<std::is_unsigned_v<typename G::result_type> &&
                         std::is_same_v<decltype(std::declval<G&>()()), typename G::result_type>> {
};

// The source of initializers that draw nothing.
struct no_source {
  block main_block(index_t) const { return {}; }
  block retry_block(index_t, std::uint32_t) const { return {}; }
};

template <class T, class = void>
struct has_seed : std::false_type {};
template <class T>
struct has_seed<T, std::void_t<decltype(std::declval<const T&>().seed())>> : std::true_type {};

template <class T, class = void>
struct allows_integers : std::false_type {};
template <class T>
struct allows_integers<T, std::void_t<decltype(T::allows_integers)>>
    : std::bool_constant<T::allows_integers> {};

}  // namespace detail

/// Seed handling shared by the random initializers (Keras 3 semantics): an explicit seed is
/// kept; without one, a seed is drawn once, at construction, from the process-wide sequence
/// (see set_global_seed), so every call of the same initializer returns the same values.
class seeded {
 public:
  /// The seed the values are drawn with.
  seed_type seed() const { return seed_; }
  /// The seed as given by the user (what Keras's get_config reports): empty when drawn.
  std::optional<seed_type> given_seed() const { return given_; }

 protected:
  explicit seeded(std::optional<seed_type> seed)
      : seed_(seed ? *seed : draw_seed()), given_(seed) {}

 private:
  seed_type seed_;
  std::optional<seed_type> given_;
};

/// CRTP base of every initializer. Derived provides:
/// - `static constexpr std::string_view name` (the Keras class name);
/// - `template <class T> auto sampler(const shape_type& shape) const`, which validates the
///   shape and returns an object with `generate(first, count, T* out, source)` writing the
///   values of logical indices [first, first + count) of a tensor of that shape;
/// - optionally `seed()` (via `seeded`), and `static constexpr bool allows_integers = true`.
template <class Derived>
class initializer_base {
 public:
  /// Fills `target` in place.
  template <class Target,
            std::enable_if_t<detail::is_target_v<std::remove_reference_t<Target>>, int> = 0>
  void operator()(Target&& target) const {
    auto source = default_source();
    fill(target, nullptr, source);
  }

  /// Fills `target` in place from `engine`, consumed sequentially in logical row-major order.
  template <class Target, class Urbg,
            std::enable_if_t<detail::is_target_v<std::remove_reference_t<Target>> &&
                                 detail::is_urbg<Urbg>::value,
                             int> = 0>
  void operator()(Target&& target, Urbg& engine) const {
    detail::urbg_source<Urbg> source(engine);
    fill(target, nullptr, source);
  }

  /// Fills `target` as the slice `slice` of a larger logical tensor.
  template <class Target,
            std::enable_if_t<detail::is_target_v<std::remove_reference_t<Target>>, int> = 0>
  void operator()(Target&& target, const slice_of& slice) const {
    auto source = default_source();
    fill(target, &slice, source);
  }

  /// Fills `target` in place on up to `p.threads` threads (see parallel.hpp): the same values
  /// as the single-threaded fill.
  template <class Target,
            std::enable_if_t<detail::is_target_v<std::remove_reference_t<Target>>, int> = 0>
  void operator()(Target&& target, const parallel& p) const {
    auto source = default_source();
    fill(target, nullptr, source, &p);
  }

  /// Fills `target` as the slice `slice` of a larger logical tensor, on up to `p.threads`
  /// threads.
  template <class Target,
            std::enable_if_t<detail::is_target_v<std::remove_reference_t<Target>>, int> = 0>
  void operator()(Target&& target, const slice_of& slice, const parallel& p) const {
    auto source = default_source();
    fill(target, &slice, source, &p);
  }

  /// A new float tensor of `shape`: `init({2, 2})`.
  template <std::size_t N>
  Eigen::Tensor<float, int(N)> operator()(const Eigen::Index (&shape)[N]) const {
    return make<float>(shape);
  }

  /// A new tensor of scalar type T and `shape`: `init.make<double>({3, 3})`.
  template <class T, std::size_t N>
  Eigen::Tensor<T, int(N)> make(const Eigen::Index (&shape)[N]) const {
    Eigen::array<Eigen::Index, N> extents;
    for (std::size_t k = 0; k < N; ++k) extents[k] = shape[k];
    detail::checked_numel(Derived::name, shape_type(shape, shape + N));
    Eigen::Tensor<T, int(N)> tensor(extents);
    (*this)(tensor);
    return tensor;
  }

  /// The values for a runtime-rank `shape`, in row-major order.
  template <class T>
  std::vector<T> values(const shape_type& shape) const {
    std::vector<T> data(std::size_t(detail::checked_numel(Derived::name, shape)));
    (*this)(row_major_span<T>{data.data(), shape});
    return data;
  }

 private:
  auto default_source() const {
    if constexpr (detail::has_seed<Derived>::value) {
      return detail::philox_source(static_cast<const Derived&>(*this).seed());
    } else {
      return detail::no_source{};
    }
  }

  template <class Target, class Source>
  void fill(Target& target, const slice_of* slice, Source& source,
            const parallel* p = nullptr) const {
    using view_type = detail::target_view<std::remove_const_t<Target>>;
    using T = typename view_type::scalar;
    static_assert(detail::is_real_scalar_v<T> ||
                      (std::is_arithmetic_v<T> && detail::allows_integers<Derived>::value),
                  "weightinit: this initializer needs a floating-point target (float, double, "
                  "Eigen::half or Eigen::bfloat16); only Zeros, Ones and Constant accept "
                  "integer targets");
    const view_type view(target);
    const shape_type& local = view.shape();
    detail::checked_numel(Derived::name, local);
    shape_type offsets(local.size(), 0);
    const shape_type* global = &local;
    if (slice != nullptr) {
      detail::check_slice(Derived::name, local, *slice);
      global = &slice->global_shape;
      offsets = slice->offsets;
    }
    auto sampler = static_cast<const Derived&>(*this).template sampler<T>(*global);
    int threads = 1;
    if (p != nullptr) {
      threads = detail::threads_for(Derived::name, *p, detail::checked_numel(Derived::name, local));
      if (!detail::allows_concurrent_generate(sampler)) threads = 1;
    }
    detail::fill_slice(view, *global, offsets, sampler, source, threads);
  }
};

}  // namespace weightinit

#endif  // WEIGHTINIT_INITIALIZER_HPP_
