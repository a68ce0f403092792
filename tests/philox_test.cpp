// Bit-exactness of weightinit::philox4x32_10 against the reference
// implementation, Random123's r123::Philox4x32_R<10> (Salmon, Moraes, Dror &
// Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC'11).
//
// The known-answer vectors are those of Random123's kat_vectors file
// (philox4x32 with 10 rounds); they are checked against the library
// unconditionally and against Random123 itself when it is available, so a
// transcription error in this file cannot go unnoticed.
//
// Random123 is required: the build defines WEIGHTINIT_HAVE_RANDOM123=1 when
// its headers are found.  Without it the comparison tests FAIL (rather than
// being skipped) so that a misconfigured build cannot silently lose them.
#include <weightinit/philox.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#if defined(WEIGHTINIT_HAVE_RANDOM123) && WEIGHTINIT_HAVE_RANDOM123
#define WEIGHTINIT_TEST_RANDOM123 1
// Random123 is C-style code: keep its warnings out of our -Wconversion
// -Wpedantic build, for the include only.  (The build also adds its directory
// with SYSTEM; GCC and Clang both understand these pragmas, MSVC would warn
// about unknown ones.)
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#endif
#include <Random123/philox.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
#else
#define WEIGHTINIT_TEST_RANDOM123 0
#endif

namespace {

using ctr4 = std::array<std::uint32_t, 4>;
using key2 = std::array<std::uint32_t, 2>;

// The library must expose exactly this call: (counter, key) -> 4 words.
static_assert(
    std::is_same_v<decltype(weightinit::philox4x32_10(std::declval<ctr4>(), std::declval<key2>())),
                   ctr4>,
    "weightinit::philox4x32_10(std::array<uint32_t,4>, std::array<uint32_t,2>) "
    "must return std::array<uint32_t,4>");

std::string hex(const ctr4& v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "{0x%08x, 0x%08x, 0x%08x, 0x%08x}", static_cast<unsigned>(v[0]),
                static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2]),
                static_cast<unsigned>(v[3]));
  return buf;
}
std::string hex(const key2& k) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "{0x%08x, 0x%08x}", static_cast<unsigned>(k[0]),
                static_cast<unsigned>(k[1]));
  return buf;
}

struct Kat {
  ctr4 counter;
  key2 key;
  ctr4 expected;
};

// Random123 kat_vectors, "philox4x32 10" lines.
const Kat kat_vectors[] = {
    {{0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u},
     {0x00000000u, 0x00000000u},
     {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}},
    {{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
     {0xffffffffu, 0xffffffffu},
     {0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}},
    {{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},  // digits of pi
     {0xa4093822u, 0x299f31d0u},
     {0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}},
};

// splitmix64 (Steele, Lea & Flood, OOPSLA 2014): a simple, well-mixed source
// of test inputs that does not depend on anything under test.
struct splitmix64 {
  std::uint64_t state;
  std::uint64_t operator()() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
};

#if WEIGHTINIT_TEST_RANDOM123
// Philox4x32 with exactly 10 rounds.  Random123 1.14 (Debian 12) has no
// `Philox4x32_10` alias, and `Philox4x32` uses PHILOX4x32_DEFAULT_ROUNDS, which
// a build could override; the template with an explicit 10 is unambiguous.
using random123_philox = r123::Philox4x32_R<10>;

ctr4 reference(const ctr4& c, const key2& k) {
  random123_philox rng;
  const random123_philox::ctr_type rc = {{c[0], c[1], c[2], c[3]}};
  const random123_philox::key_type rk = {{k[0], k[1]}};
  const random123_philox::ctr_type out = rng(rc, rk);
  return {out[0], out[1], out[2], out[3]};
}

// Compares the library with Random123 on all inputs, reporting the number of
// mismatches and the first few (not one failure per input).
template <class Inputs>
void expect_matches_random123(const Inputs& inputs) {
  std::size_t mismatches = 0;
  for (const auto& [c, k] : inputs) {
    const ctr4 got = weightinit::philox4x32_10(c, k);
    const ctr4 want = reference(c, k);
    if (got != want) {
      if (++mismatches <= 5) {
        ADD_FAILURE() << "counter " << hex(c) << " key " << hex(k) << ": got " << hex(got)
                      << ", Random123 gives " << hex(want);
      }
    }
  }
  EXPECT_EQ(mismatches, 0u) << "of " << inputs.size() << " inputs";
}
#endif

}  // namespace

TEST(Philox4x32_10, KnownAnswerVectors) {
  for (const Kat& kat : kat_vectors) {
    EXPECT_EQ(weightinit::philox4x32_10(kat.counter, kat.key), kat.expected)
        << "counter " << hex(kat.counter) << " key " << hex(kat.key) << ": got "
        << hex(weightinit::philox4x32_10(kat.counter, kat.key)) << ", expected "
        << hex(kat.expected);
  }
}

TEST(Philox4x32_10, KnownAnswerVectorsAgreeWithRandom123) {
#if WEIGHTINIT_TEST_RANDOM123
  // Guards against transcription errors in kat_vectors above.
  for (const Kat& kat : kat_vectors) {
    EXPECT_EQ(reference(kat.counter, kat.key), kat.expected)
        << "counter " << hex(kat.counter) << " key " << hex(kat.key);
  }
#else
  GTEST_FAIL() << "Random123 required (build did not define WEIGHTINIT_HAVE_RANDOM123)";
#endif
}

TEST(Philox4x32_10, MatchesRandom123OnSplitmixInputs) {
#if WEIGHTINIT_TEST_RANDOM123
  splitmix64 gen{0x5eed5eed12345678ULL};
  std::vector<std::pair<ctr4, key2>> inputs;
  inputs.reserve(100000);
  for (int i = 0; i < 100000; ++i) {
    const std::uint64_t a = gen(), b = gen(), c = gen();
    inputs.push_back({{static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(a >> 32),
                       static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(b >> 32)},
                      {static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(c >> 32)}});
  }
  expect_matches_random123(inputs);
#else
  GTEST_FAIL() << "Random123 required (build did not define WEIGHTINIT_HAVE_RANDOM123)";
#endif
}

TEST(Philox4x32_10, MatchesRandom123OnStructuredInputs) {
#if WEIGHTINIT_TEST_RANDOM123
  // Inputs that random ones rarely produce: sequential counters (the typical
  // use), every single-bit counter and key, and words at the wrap-around
  // boundary (key schedule overflow, 0xffffffff * multiplier).
  std::vector<std::pair<ctr4, key2>> inputs;
  for (std::uint32_t i = 0; i < 4096; ++i) {
    inputs.push_back({{i, 0u, 0u, 0u}, {0x01234567u, 0x89abcdefu}});
    inputs.push_back({{0xfffff800u + i, 0xffffffffu, 7u, 0u}, {i, ~i}});
  }
  for (int bit = 0; bit < 128; ++bit) {
    ctr4 c{0u, 0u, 0u, 0u};
    c[static_cast<std::size_t>(bit / 32)] = 1u << (bit % 32);
    inputs.push_back({c, {0u, 0u}});
    inputs.push_back({c, {0xffffffffu, 0xffffffffu}});
  }
  for (int bit = 0; bit < 64; ++bit) {
    key2 k{0u, 0u};
    k[static_cast<std::size_t>(bit / 32)] = 1u << (bit % 32);
    inputs.push_back({{0u, 0u, 0u, 0u}, k});
    inputs.push_back({{0xffffffffu, 0u, 0xffffffffu, 0u}, k});
  }
  expect_matches_random123(inputs);
#else
  GTEST_FAIL() << "Random123 required (build did not define WEIGHTINIT_HAVE_RANDOM123)";
#endif
}
