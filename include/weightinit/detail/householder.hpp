// SPDX-License-Identifier: Apache-2.0
// weightinit/detail/householder.hpp: the orthonormal factor Q of a large tall matrix, by blocked
// Householder QR (compact WY), bit-reproducible and optionally multi-threaded.
//
// What is computed: for a row-major m x n matrix A (m >= n), the m x n matrix Q with
// orthonormal columns and the signs of diag(R) of A = QR, R upper triangular. Orthogonal then
// applies the sign(diag R) fix, which makes Q diag(sign(diag R)) the unique QR factor with a
// positive diagonal (independent of the Householder sign convention).
//
// Why not Eigen's HouseholderQR: its matrix products use fused multiply-adds when the target
// has them and block sizes from the cache sizes it detects, so its last bits differ between
// builds and machines, and it runs on one thread. Here every element of every intermediate is
// computed by the same sequence of IEEE operations (no FMA, no reassociation) whatever the
// instruction set, the vector width, the tiling or the thread count:
//   - panel factorization: unblocked Householder on b columns (LAPACK's dgeqr2 with the
//     Eigen/LAPACK sign convention beta = -sign(alpha) ||x||), norms accumulated in double;
//   - T of the compact WY form H_1 ... H_b = I - V T V^T (LAPACK's dlarft) from S = V^T V;
//   - trailing update A := (I - V T^T V^T) A and, backwards from the last panel, Q := (I - V T
//     V^T) Q starting from the first n columns of the identity (LAPACK's dorgqr: only the
//     needed columns, and only the block that is not yet identity), both as column strips:
//     W = V^T C (each element summed over rows in increasing order), W := op(T) W (summed in
//     increasing order), C := C - V W (subtracted in increasing order of k).
// Strips are independent, so threads take whole strips and the result does not depend on
// their number: one parallel step per panel for the QR (its first task updates the next
// panel's columns and then factors that panel, while the others update the rest: lookahead), a
// single one for Q (each strip takes all its panels). On x86 the strip kernels also exist compiled
// for AVX2 and AVX-512 (without FMA), chosen at run time: same operations, same bits, 2 or 4 times
// the baseline's vector width. Cost: 4 m n^2 - 4/3 n^3 flops, as many multiplies as adds; at 1024 x
// 1024 on one AVX-512 core the strip kernels run at about 90% of the peak of separate multiplies
// and adds.
//
// Not done: fused multiply-adds. Exact everywhere they would need a software FMA on x86
// without FMA units (measured: 8.5 s instead of 0.07 s for 1024 x 1024), for an 18% gain on
// the AMD Zen 4 used for the measurements.
#ifndef WEIGHTINIT_DETAIL_HOUSEHOLDER_HPP_
#define WEIGHTINIT_DETAIL_HOUSEHOLDER_HPP_

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "weightinit/detail/cpu.hpp"
#include "weightinit/detail/exact_math.hpp"
#include "weightinit/detail/thread_team.hpp"

namespace weightinit {
namespace detail {

WEIGHTINIT_EXACT_MATH_BEGIN

/// Bytes bytes of S: a GNU vector (elementwise IEEE operations; a scalar operand is
/// broadcast), or the same operations written out where there are none.
template <class S, int Bytes>
struct householder_vector;
#if defined(__GNUC__) || defined(__clang__)
typedef float householder_f32x8 __attribute__((vector_size(32)));
typedef double householder_f64x4 __attribute__((vector_size(32)));
typedef float householder_f32x16 __attribute__((vector_size(64)));
typedef double householder_f64x8 __attribute__((vector_size(64)));
template <>
struct householder_vector<float, 32> {
  using type = householder_f32x8;
};
template <>
struct householder_vector<double, 32> {
  using type = householder_f64x4;
};
template <>
struct householder_vector<float, 64> {
  using type = householder_f32x16;
};
template <>
struct householder_vector<double, 64> {
  using type = householder_f64x8;
};
#else
template <class S, int N>
struct portable_vector {
  S v[N];
  portable_vector& operator+=(const portable_vector& o) {
    for (int l = 0; l < N; ++l) v[l] = v[l] + o.v[l];
    return *this;
  }
  portable_vector& operator-=(const portable_vector& o) {
    for (int l = 0; l < N; ++l) v[l] = v[l] - o.v[l];
    return *this;
  }
  friend portable_vector operator*(S s, const portable_vector& o) {
    portable_vector r;
    for (int l = 0; l < N; ++l) r.v[l] = s * o.v[l];
    return r;
  }
};
template <class S, int Bytes>
struct householder_vector {
  using type = portable_vector<S, int(Bytes / sizeof(S))>;
};
#endif

/// Column strips are 2 vectors wide: 2 * Bytes / sizeof(S) columns. Scratch columns are
/// sized for the widest strip.
template <class S>
constexpr std::int64_t householder_max_strip = std::int64_t(2 * 64 / sizeof(S));
/// Panel width b of the blocked factorization.
constexpr std::int64_t householder_block = 32;

/// W (bp x strip, W[k] = 2 vectors) = V^T C for one strip of C (rows x strip, stride ldc), V
/// row-major rows x bp (bp a multiple of 4, V[i][k] = 0 for i < k). W[k][j] is the sum over i
/// in increasing order of V[i][k] * C[i][j], starting from +0 (rows i < k add exact zeros,
/// skipped).
template <class S, class Vec, int R>
WEIGHTINIT_ALWAYS_INLINE void householder_vt_c(const S* v, std::int64_t rows, std::int64_t bp,
                                               const S* c, std::int64_t ldc, Vec (*w)[2]) {
  constexpr std::size_t half = sizeof(Vec);
  constexpr std::int64_t lanes = std::int64_t(sizeof(Vec) / sizeof(S));
  for (std::int64_t k0 = 0; k0 < bp; k0 += R) {
    Vec acc[R][2];
    std::memset(acc, 0, sizeof acc);
    for (std::int64_t i = std::min(k0, rows); i < rows; ++i) {
      Vec c0, c1;
      std::memcpy(&c0, c + i * ldc, half);
      std::memcpy(&c1, c + i * ldc + lanes, half);
      const S* vi = v + i * bp + k0;
      for (int r = 0; r < R; ++r) {
        acc[r][0] += vi[r] * c0;
        acc[r][1] += vi[r] * c1;
      }
    }
    for (int r = 0; r < R; ++r) {
      w[k0 + r][0] = acc[r][0];
      w[k0 + r][1] = acc[r][1];
    }
  }
}

/// C (rows x strip) := C - V W2 for one strip: C[i][j] minus V[i][k] * W2[k][j] for k = 0, 1,
/// ... in turn.
template <class S, class Vec, int R>
WEIGHTINIT_ALWAYS_INLINE void householder_c_minus_vw(const S* v, std::int64_t rows, std::int64_t bp,
                                                     const Vec (*w)[2], S* c, std::int64_t ldc) {
  constexpr std::size_t half = sizeof(Vec);
  constexpr std::int64_t lanes = std::int64_t(sizeof(Vec) / sizeof(S));
  std::int64_t i = 0;
  for (; i + R <= rows; i += R) {
    Vec acc[R][2];
    for (int r = 0; r < R; ++r) {
      std::memcpy(&acc[r][0], c + (i + r) * ldc, half);
      std::memcpy(&acc[r][1], c + (i + r) * ldc + lanes, half);
    }
    const S* vi = v + i * bp;
    for (std::int64_t k = 0; k < bp; ++k) {
      for (int r = 0; r < R; ++r) {
        acc[r][0] -= vi[r * bp + k] * w[k][0];
        acc[r][1] -= vi[r * bp + k] * w[k][1];
      }
    }
    for (int r = 0; r < R; ++r) {
      std::memcpy(c + (i + r) * ldc, &acc[r][0], half);
      std::memcpy(c + (i + r) * ldc + lanes, &acc[r][1], half);
    }
  }
  for (; i < rows; ++i) {
    Vec acc0, acc1;
    std::memcpy(&acc0, c + i * ldc, half);
    std::memcpy(&acc1, c + i * ldc + lanes, half);
    for (std::int64_t k = 0; k < bp; ++k) {
      acc0 -= v[i * bp + k] * w[k][0];
      acc1 -= v[i * bp + k] * w[k][1];
    }
    std::memcpy(c + i * ldc, &acc0, half);
    std::memcpy(c + i * ldc + lanes, &acc1, half);
  }
}

/// One strip of C := (I - V op(T) V^T) C, op(T) = T^T when `transposed` (applying
/// H_b ... H_1, the QR trailing update) else T (applying H_1 ... H_b, forming Q). T is bp x bp
/// row-major upper triangular; W2[k] sums T's terms in increasing order of l. The first `skip`
/// rows of C are used in W but not updated.
template <class S, int Bytes>
WEIGHTINIT_ALWAYS_INLINE void householder_strip_body(const S* v, std::int64_t rows, std::int64_t bp,
                                                     const S* t, bool transposed, S* c,
                                                     std::int64_t ldc, std::int64_t skip) {
  using Vec = typename householder_vector<S, Bytes>::type;
  Vec w[householder_block][2], w2[householder_block][2];
  householder_vt_c<S, Vec, Bytes / 8>(v, rows, bp, c, ldc, w);
  for (std::int64_t k = 0; k < bp; ++k) {
    Vec a0, a1;
    std::memset(&a0, 0, sizeof a0);
    std::memset(&a1, 0, sizeof a1);
    const std::int64_t l0 = transposed ? 0 : k, l1 = transposed ? k + 1 : bp;
    for (std::int64_t l = l0; l < l1; ++l) {
      const S tlk = transposed ? t[l * bp + k] : t[k * bp + l];
      a0 += tlk * w[l][0];
      a1 += tlk * w[l][1];
    }
    w2[k][0] = a0;
    w2[k][1] = a1;
  }
  // The first `skip` rows become rows of R that nothing reads again: left as they are.
  householder_c_minus_vw<S, Vec, Bytes / 8>(v + skip * bp, rows - skip, bp, w2, c + skip * ldc,
                                            ldc);
}

/// S = V^T V (bp x bp, row-major; bp a multiple of the strip width), with the V^T C kernel.
template <class S, int Bytes>
WEIGHTINIT_ALWAYS_INLINE void householder_gram_body(const S* v, std::int64_t rows, std::int64_t bp,
                                                    S* gram) {
  using Vec = typename householder_vector<S, Bytes>::type;
  constexpr std::int64_t lanes = std::int64_t(sizeof(Vec) / sizeof(S));
  Vec w[householder_block][2];
  for (std::int64_t j = 0; j < bp; j += 2 * lanes) {
    householder_vt_c<S, Vec, Bytes / 8>(v, rows, bp, v + j, bp, w);
    for (std::int64_t k = 0; k < bp; ++k) {
      std::memcpy(gram + k * bp + j, &w[k][0], sizeof(Vec));
      std::memcpy(gram + k * bp + j + lanes, &w[k][1], sizeof(Vec));
    }
  }
}

template <class S>
void householder_strip_baseline(const S* v, std::int64_t rows, std::int64_t bp, const S* t,
                                bool transposed, S* c, std::int64_t ldc, std::int64_t skip) {
  householder_strip_body<S, 32>(v, rows, bp, t, transposed, c, ldc, skip);
}
template <class S>
void householder_gram_baseline(const S* v, std::int64_t rows, std::int64_t bp, S* gram) {
  householder_gram_body<S, 32>(v, rows, bp, gram);
}
#if WEIGHTINIT_SIMD
template <class S>
__attribute__((target("avx2"))) void householder_strip_avx2(const S* v, std::int64_t rows,
                                                            std::int64_t bp, const S* t,
                                                            bool transposed, S* c, std::int64_t ldc,
                                                            std::int64_t skip) {
  householder_strip_body<S, 32>(v, rows, bp, t, transposed, c, ldc, skip);
}
template <class S>
__attribute__((target("avx2"))) void householder_gram_avx2(const S* v, std::int64_t rows,
                                                           std::int64_t bp, S* gram) {
  householder_gram_body<S, 32>(v, rows, bp, gram);
}
template <class S>
__attribute__((target("avx512f"))) void householder_strip_avx512(const S* v, std::int64_t rows,
                                                                 std::int64_t bp, const S* t,
                                                                 bool transposed, S* c,
                                                                 std::int64_t ldc,
                                                                 std::int64_t skip) {
  householder_strip_body<S, 64>(v, rows, bp, t, transposed, c, ldc, skip);
}
template <class S>
__attribute__((target("avx512f"))) void householder_gram_avx512(const S* v, std::int64_t rows,
                                                                std::int64_t bp, S* gram) {
  householder_gram_body<S, 64>(v, rows, bp, gram);
}
#endif

/// The widest kernels pick() may choose: 2 = AVX-512, 1 = AVX2, 0 = baseline. Tests lower it
/// to check that every kernel gives the same bits.
inline std::atomic<int>& householder_kernel_cap() {
  static std::atomic<int> cap{2};
  return cap;
}

/// The strip kernels for this machine (all produce the same bits), and their strip width.
template <class S>
struct householder_kernels {
  void (*strip)(const S*, std::int64_t, std::int64_t, const S*, bool, S*, std::int64_t,
                std::int64_t);
  void (*gram)(const S*, std::int64_t, std::int64_t, S*);
  std::int64_t width;

  static householder_kernels pick() {
#if WEIGHTINIT_SIMD
    switch (cpu::best(cpu::vector_level(householder_kernel_cap().load()))) {
      case cpu::vector_level::avx512:
        return {&householder_strip_avx512<S>, &householder_gram_avx512<S>,
                std::int64_t(2 * 64 / sizeof(S))};
      case cpu::vector_level::avx2:
        return {&householder_strip_avx2<S>, &householder_gram_avx2<S>,
                std::int64_t(2 * 32 / sizeof(S))};
      default:
        break;
    }
#endif
    return {&householder_strip_baseline<S>, &householder_gram_baseline<S>,
            std::int64_t(2 * 32 / sizeof(S))};
  }
};

/// The thin Q factor of a row-major m x n matrix (m >= n >= 1), Householder QR in S.
template <class S>
class householder_q {
 public:
  /// `a` holds A row-major with row stride `lda` >= n + strip width (the columns beyond n are
  /// scratch and must be finite); it is overwritten.
  householder_q(std::int64_t m, std::int64_t n, std::int64_t lda) : m_(m), n_(n), lda_(lda) {}

  static std::int64_t stride_for(std::int64_t n) {
    const std::int64_t s = householder_max_strip<S>;
    return (n + s - 1) / s * s + s;
  }

  /// Factors `a` and overwrites it with Q (m x n, the same row stride); `negative[j]` is set
  /// when R[j][j] < 0.
  void run(S* a, std::vector<bool>& negative, thread_team& team) const {
    const householder_kernels<S> kernels = householder_kernels<S>::pick();
    const std::int64_t panels = (n_ + householder_block - 1) / householder_block;
    std::vector<std::vector<S>> t_of(static_cast<std::size_t>(panels));
    std::vector<S> tau(static_cast<std::size_t>(n_));
    negative.assign(std::size_t(n_), false);
    std::vector<std::vector<S>> v_of(static_cast<std::size_t>(panels));
    std::vector<std::int64_t> bp_of(static_cast<std::size_t>(panels));
    // Factors panel p (unblocked), packs its V and computes its T.
    const auto prepare = [&](std::int64_t p) {
      const std::int64_t p0 = p * householder_block;
      const std::int64_t pb = std::min(householder_block, n_ - p0);
      factor_panel(a, p0, pb, tau, negative);
      std::vector<S>& v = v_of[std::size_t(p)];
      const std::int64_t bp = bp_of[std::size_t(p)] = pack(a, p0, pb, v);
      t_of[std::size_t(p)] = triangular_factor(kernels, v, p0, pb, bp, tau);
    };
    prepare(0);
    for (std::int64_t p = 0; p < panels; ++p) {
      const std::int64_t p0 = p * householder_block;
      const std::int64_t pb = std::min(householder_block, n_ - p0);
      // Trailing columns [p0 + pb, n); rows p0 .. p0 + pb - 1 of them become R12, which nothing
      // reads again. Panel p + 1 is prepared as soon as its columns are updated, while the
      // other threads update the rest (lookahead: the serial panel work overlaps the update).
      trailing_update(kernels, v_of[std::size_t(p)], p0, bp_of[std::size_t(p)],
                      t_of[std::size_t(p)], a + p0 * lda_, p0 + pb, pb, team, [&] {
                        if (p + 1 < panels) prepare(p + 1);
                      });
    }
    // Q = H_1 ... H_n [I; 0], backwards (LAPACK's dorgqr): panel p changes rows and columns
    // from p0 on only, the rest still being the identity's. Each column strip of Q (strips
    // aligned on multiples of the strip width, which divides the panel width) takes the panels
    // with p0 <= its first column, from the last to the first, independently of the other
    // strips: one parallel step, most loaded strips first.
    // The factors are packed in v_of and t_of: Q is formed in a's memory (the matrix is large,
    // and fresh memory costs a page fault per 4 KiB).
    S* q = a;
    const std::int64_t ldq = lda_;
    std::fill(q, q + m_ * ldq, S(0));
    for (std::int64_t j = 0; j < n_; ++j) q[j * ldq + j] = S(1);
    const std::int64_t width = kernels.width;
    const std::int64_t strips = (n_ + width - 1) / width;
    const auto strip_task = [&](std::int64_t task) {
      const std::int64_t c0 = (strips - 1 - task) * width;
      for (std::int64_t p = c0 / householder_block; p >= 0; --p) {
        const std::int64_t p0 = p * householder_block;
        kernels.strip(v_of[std::size_t(p)].data(), m_ - p0, bp_of[std::size_t(p)],
                      t_of[std::size_t(p)].data(), false, q + p0 * ldq + c0, ldq, 0);
      }
    };
    if (m_ * n_ >= (std::int64_t(1) << 15)) {
      team.run(strips, strip_task);
    } else {
      for (std::int64_t task = 0; task < strips; ++task) strip_task(task);
    }
  }

 private:
  // Householder vectors of columns p0 .. p0 + pb - 1, unblocked, applied within the panel only.
  // Column c: alpha = A[c][c], sigma = sum of squares below (in double), beta = -sign(alpha)
  // sqrt(alpha^2 + sigma), tau = (beta - alpha) / beta, v = (1, A[c+1:][c] / (alpha - beta));
  // no reflection (tau = 0, beta = alpha) when sigma is 0 or subnormal, as Eigen does.
  void factor_panel(S* a, std::int64_t p0, std::int64_t pb, std::vector<S>& tau,
                    std::vector<bool>& negative) const {
    using Vec = typename householder_vector<S, 64>::type;
    constexpr std::int64_t lanes = std::int64_t(sizeof(Vec) / sizeof(S));
    constexpr std::int64_t parts = householder_block / lanes;
    for (std::int64_t c = p0; c < p0 + pb; ++c) {
      const double alpha = double(a[c * lda_ + c]);
      double sigma = 0;
      for (std::int64_t i = c + 1; i < m_; ++i) {
        const double x = double(a[i * lda_ + c]);
        sigma += x * x;
      }
      double beta = alpha, t = 0;
      if (sigma > std::numeric_limits<double>::min()) {
        const double norm = std::sqrt(alpha * alpha + sigma);
        beta = alpha >= 0 ? -norm : norm;
        t = (beta - alpha) / beta;
        const double scale = 1 / (alpha - beta);
        for (std::int64_t i = c + 1; i < m_; ++i) {
          a[i * lda_ + c] = S(double(a[i * lda_ + c]) * scale);
        }
      }
      a[c * lda_ + c] = S(beta);
      tau[std::size_t(c)] = S(t);
      negative[std::size_t(c)] = beta < 0;
      if (t == 0) continue;
      // Columns c+1 .. p0+pb-1 of the panel: w = v^T A, A -= v (tau w)^T.
      const std::int64_t j0 = c + 1, nj = p0 + pb - j0;
      if (nj <= 0) continue;
      const S st = S(t);
      // The sums over all the panel's columns in registers (those up to c are not used; a
      // row's panel part may run into the finite scratch columns).
      Vec sums[parts];
      for (std::int64_t q = 0; q < parts; ++q)
        std::memcpy(&sums[q], a + c * lda_ + p0 + q * lanes, sizeof(Vec));
      for (std::int64_t i = c + 1; i < m_; ++i) {
        const S vi = a[i * lda_ + c];
        for (std::int64_t q = 0; q < parts; ++q) {
          Vec r;
          std::memcpy(&r, a + i * lda_ + p0 + q * lanes, sizeof r);
          sums[q] += vi * r;
        }
      }
      S sum_lanes[householder_block];
      for (std::int64_t q = 0; q < parts; ++q)
        std::memcpy(sum_lanes + q * lanes, &sums[q], sizeof(Vec));
      S* const w = sum_lanes + (j0 - p0);  // columns j0 .. p0 + pb - 1
      for (std::int64_t j = 0; j < nj; ++j) w[j] *= st;
      for (std::int64_t j = 0; j < nj; ++j) a[c * lda_ + j0 + j] -= w[j];
      for (std::int64_t i = c + 1; i < m_; ++i) {
        const S vi = a[i * lda_ + c];
        S* row = a + i * lda_ + j0;
        for (std::int64_t j = 0; j < nj; ++j) row[j] -= vi * w[j];
      }
    }
  }

  // V of panel p0 (rows p0 .. m-1) as a row-major (m - p0) x bp matrix with its zeros and unit
  // diagonal written out, bp = pb rounded up to the strip width (extra columns zero).
  std::int64_t pack(const S* a, std::int64_t p0, std::int64_t pb, std::vector<S>& v) const {
    const std::int64_t s = householder_max_strip<S>;
    const std::int64_t bp = (pb + s - 1) / s * s;
    const std::int64_t rows = m_ - p0;
    v.assign(std::size_t(rows * bp), S(0));
    const std::int64_t lda = lda_;
    for (std::int64_t i = 0; i < rows; ++i) {
      const S* from = a + (p0 + i) * lda + p0;
      S* to = v.data() + i * bp;
      if (i >= pb) {
        std::copy(from, from + pb, to);
      } else {
        std::copy(from, from + i, to);
        to[i] = S(1);
      }
    }
    return bp;
  }

  // T (bp x bp, upper triangular) with H_1 ... H_pb = I - V T V^T: T[k][k] = tau_k, T[l][k] =
  // -tau_k sum_{p=l}^{k-1} T[l][p] S[p][k] for l < k, S = V^T V.
  std::vector<S> triangular_factor(const householder_kernels<S>& kernels, const std::vector<S>& v,
                                   std::int64_t p0, std::int64_t pb, std::int64_t bp,
                                   const std::vector<S>& tau) const {
    std::vector<S> gram(static_cast<std::size_t>(bp * bp));
    kernels.gram(v.data(), m_ - p0, bp, gram.data());
    std::vector<S> t(std::size_t(bp * bp), S(0));
    for (std::int64_t k = 0; k < pb; ++k) {
      const S tk = tau[std::size_t(p0 + k)];
      t[std::size_t(k * bp + k)] = tk;
      for (std::int64_t l = 0; l < k; ++l) {
        S sum = 0;
        for (std::int64_t p = l; p < k; ++p) {
          sum += t[std::size_t(l * bp + p)] * gram[std::size_t(p * bp + k)];
        }
        t[std::size_t(l * bp + k)] = -tk * sum;
      }
    }
    return t;
  }

  // C := (I - V T^T V^T) C on rows p0 .. m-1 (c points at row p0) and columns [first, n), in
  // strips of the strip width from `first` (the last runs into the scratch columns); the first
  // `skip` rows are read but not updated. Task 0 updates the strips of the next panel's columns
  // (the panel width is a multiple of the strip width), then calls next_panel(); each other
  // task updates one strip.
  template <class NextPanel>
  void trailing_update(const householder_kernels<S>& kernels, const std::vector<S>& v,
                       std::int64_t p0, std::int64_t bp, const std::vector<S>& t, S* c,
                       std::int64_t first, std::int64_t skip, thread_team& team,
                       const NextPanel& next_panel) const {
    const std::int64_t s = kernels.width;
    const std::int64_t strips = (n_ - first + s - 1) / s;
    const std::int64_t ahead = std::min(strips, householder_block / s);
    const std::int64_t rows = m_ - p0;
    const auto strip = [&](std::int64_t j) {
      kernels.strip(v.data(), rows, bp, t.data(), true, c + first + j * s, lda_, skip);
    };
    const auto task = [&](std::int64_t i) {
      if (i > 0) return strip(ahead + i - 1);
      for (std::int64_t j = 0; j < ahead; ++j) strip(j);
      next_panel();
    };
    const std::int64_t tasks = strips - ahead + 1;
    if (rows * (n_ - first) >= (std::int64_t(1) << 15)) {
      team.run(tasks, task);
    } else {  // too little work to share
      for (std::int64_t i = 0; i < tasks; ++i) task(i);
    }
  }

  std::int64_t m_, n_, lda_;
};

WEIGHTINIT_EXACT_MATH_END

}  // namespace detail
}  // namespace weightinit

#endif  // WEIGHTINIT_DETAIL_HOUSEHOLDER_HPP_
