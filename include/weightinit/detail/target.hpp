// SPDX-License-Identifier: Apache-2.0
// weightinit/detail/target.hpp: one view over everything an initializer can fill.
//
// A view gives the target's logical shape (row-major: Eigen matrices are (rows, cols),
// tensors their dimensions in index order), a pointer when its storage is contiguous in
// logical row-major order (then values are generated in place), and element access by
// logical multi-index otherwise (ColMajor storage, strides, blocks).
#ifndef WEIGHTINIT_DETAIL_TARGET_HPP_
#define WEIGHTINIT_DETAIL_TARGET_HPP_

#include <array>
#include <cstdint>
#include <type_traits>
#include <utility>

#include <Eigen/Core>
#include <unsupported/Eigen/CXX11/Tensor>

#include "weightinit/detail/shape.hpp"

namespace weightinit {

/// A raw buffer holding a tensor of `shape` in row-major (C) order.
template <class T>
struct row_major_span {
  T* data;
  shape_type shape;
};

namespace detail {

template <class T, class = void>
struct is_eigen_tensor : std::false_type {};
template <class T>
struct is_eigen_tensor<
    T, std::void_t<decltype(T::NumIndices), decltype(T::Layout),
                   decltype(std::declval<T&>().data()), decltype(std::declval<T&>().dimensions())>>
    : std::true_type {};

template <class T>
struct is_eigen_dense : std::is_base_of<Eigen::DenseBase<T>, T> {};

template <class T>
struct is_row_major_span : std::false_type {};
template <class T>
struct is_row_major_span<row_major_span<T>> : std::true_type {};

template <class T>
inline constexpr bool is_target_v =
    is_eigen_tensor<T>::value || is_eigen_dense<T>::value || is_row_major_span<T>::value;

template <class Target, class = void>
class target_view;

// Eigen::Tensor and Eigen::TensorMap, either layout.
template <class Target>
class target_view<Target, std::enable_if_t<is_eigen_tensor<Target>::value>> {
 public:
  using scalar = std::remove_const_t<typename Target::Scalar>;
  static constexpr int rank = Target::NumIndices;

  explicit target_view(Target& t) : target_(t) {
    const auto& dims = t.dimensions();
    for (std::size_t k = 0; k < std::size_t(rank); ++k) shape_.push_back(std::int64_t(dims[k]));
    // Storage strides by logical dimension.
    std::int64_t stride = 1;
    if constexpr (static_cast<int>(Target::Layout) == static_cast<int>(Eigen::RowMajor)) {
      for (int k = rank - 1; k >= 0; --k) {
        strides_[std::size_t(k)] = stride;
        stride *= shape_[std::size_t(k)];
      }
    } else {
      for (int k = 0; k < rank; ++k) {
        strides_[std::size_t(k)] = stride;
        stride *= shape_[std::size_t(k)];
      }
    }
  }
  const shape_type& shape() const { return shape_; }
  scalar* contiguous_row_major() const {
    if constexpr (static_cast<int>(Target::Layout) == static_cast<int>(Eigen::RowMajor) ||
                  rank <= 1) {
      return target_.data();
    } else {
      // A ColMajor tensor with at most one dimension above 1 is stored row-major too.
      int big = 0;
      for (std::int64_t d : shape_) big += d > 1;
      return big <= 1 ? target_.data() : nullptr;
    }
  }
  scalar& at(const std::int64_t* index) const {
    std::int64_t offset = 0;
    for (int k = 0; k < rank; ++k) offset += index[k] * strides_[std::size_t(k)];
    return target_.data()[offset];
  }

 private:
  Target& target_;
  shape_type shape_;
  std::array<std::int64_t, std::size_t(rank > 0 ? rank : 1)> strides_{};
};

// Eigen::Matrix, Array, Map, Block, Ref: logical shape (rows, cols).
template <class Target>
class target_view<Target, std::enable_if_t<is_eigen_dense<Target>::value>> {
 public:
  using scalar = typename Target::Scalar;
  static constexpr int rank = 2;

  explicit target_view(Target& t) : target_(t), shape_{t.rows(), t.cols()} {}
  const shape_type& shape() const { return shape_; }
  scalar* contiguous_row_major() const {
    if constexpr ((Eigen::internal::traits<Target>::Flags & Eigen::DirectAccessBit) != 0) {
      const bool row_major = Target::IsRowMajor;
      const std::int64_t row_stride = row_major ? target_.outerStride() : target_.innerStride();
      const std::int64_t col_stride = row_major ? target_.innerStride() : target_.outerStride();
      const bool rows_ok = target_.rows() <= 1 || row_stride == target_.cols();
      const bool cols_ok = target_.cols() <= 1 || col_stride == 1;
      if (rows_ok && cols_ok) return &target_.coeffRef(0, 0);
    }
    return nullptr;
  }
  scalar& at(const std::int64_t* index) const { return target_.coeffRef(index[0], index[1]); }

 private:
  Target& target_;
  shape_type shape_;
};

// A raw row-major buffer.
template <class T>
class target_view<row_major_span<T>, void> {
 public:
  using scalar = T;
  explicit target_view(row_major_span<T>& t) : target_(t) {}
  const shape_type& shape() const { return target_.shape; }
  T* contiguous_row_major() const { return target_.data; }
  T& at(const std::int64_t*) const { return *target_.data; }  // never used: always contiguous

 private:
  row_major_span<T>& target_;
};

}  // namespace detail
}  // namespace weightinit

#endif  // WEIGHTINIT_DETAIL_TARGET_HPP_
