// Sharded initialization under MPI: every rank computes exactly its own part of a large
// weight, and the parts agree bit for bit with a single-process fill of the whole tensor.
//
//   mpirun -np 4 build/bin/sharded_init_mpi            (on a cluster: add --hostfile ...)
//
// Two layouts of a 4096 x 1024 kernel (and a 3 x 3 x 256 x 512 conv kernel):
//   rows: rank r fills rows [r * R / n, (r + 1) * R / n) (tensor parallel along the outer dim);
//   grid: ranks form a p x q grid and rank (i, j) fills the (i, j) block of a 2-D block split.
// Each rank reduces its part to a checksum of (global index, value bits) pairs; rank 0
// gathers them, fills the whole tensor alone, recomputes every part's checksum, and exits
// non-zero (on every rank) if any shard disagrees. `--corrupt` makes the last rank use another
// seed, to show that the check catches a wrong shard (ctest expects that run to fail). With the
// default generator this holds for any number of ranks and any split: a value depends only on
// (seed, index).
#include <mpi.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <weightinit/weightinit.hpp>

namespace {

using weightinit::shape_type;

// Order-independent checksum of a part: the sum of mixed (global index, value bits) pairs.
std::uint64_t mix(std::uint64_t index, float value) {
  std::uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return weightinit::detail::splitmix64(index * 0x100000001b3ull ^ bits);
}

// A rectangular part of a 2-D logical tensor (rows x cols), or of its flattening.
struct part {
  std::int64_t row0, rows, col0, cols;
};

std::uint64_t checksum_of(const std::vector<float>& values, const part& p, std::int64_t width) {
  std::uint64_t sum = 0;
  for (std::int64_t i = 0; i < p.rows; ++i)
    for (std::int64_t j = 0; j < p.cols; ++j) {
      const std::int64_t global = (p.row0 + i) * width + p.col0 + j;
      sum += mix(std::uint64_t(global), values[std::size_t(i * p.cols + j)]);
    }
  return sum;
}

// The split of `n` items into `parts` nearly equal ranges: range k.
std::pair<std::int64_t, std::int64_t> range_of(std::int64_t n, int parts, int k) {
  const std::int64_t begin = n * k / parts, end = n * (k + 1) / parts;
  return {begin, end - begin};
}

// The largest p <= sqrt(size) dividing size: a p x (size / p) grid.
int grid_rows(int size) {
  int p = 1;
  for (int d = 1; d * d <= size; ++d)
    if (size % d == 0) p = d;
  return p;
}

// Fills this rank's part of `global` (a tensor whose last dimension is `width` and whose
// leading dimensions flatten to `height` rows) as a slice, returns the checksum.
template <class Init>
std::uint64_t fill_part(const Init& init, const shape_type& global, const part& p) {
  std::vector<float> values(std::size_t(p.rows * p.cols));
  // The part is a block of the 2-D flattening (prod(leading dims), last dim) of the tensor,
  // which has the same logical row-major indices.
  const std::int64_t width = global.back();
  if (global.size() == 2) {
    init(weightinit::row_major_span<float>{values.data(), {p.rows, p.cols}},
         weightinit::slice_of{global, {p.row0, p.col0}});
  } else {
    // Rows of the flattening are contiguous runs of the tensor: fill row by row.
    for (std::int64_t i = 0; i < p.rows; ++i) {
      shape_type offsets(global.size(), 0), extents(global.size(), 1);
      std::int64_t r = p.row0 + i;
      for (std::size_t k = global.size() - 1; k-- > 0;) {
        offsets[k] = r % global[k];
        r /= global[k];
      }
      offsets.back() = p.col0;
      extents.back() = p.cols;
      init(weightinit::row_major_span<float>{values.data() + i * p.cols, extents},
           weightinit::slice_of{global, offsets});
    }
  }
  return checksum_of(values, p, width);
}

struct layout {
  std::string name;
  std::vector<part> parts;  // one per rank
};

std::vector<layout> layouts_for(std::int64_t height, std::int64_t width, int size) {
  layout rows{"rows", {}}, grid{"grid", {}};
  const int p = grid_rows(size), q = size / p;
  for (int r = 0; r < size; ++r) {
    const auto [row0, nrows] = range_of(height, size, r);
    rows.parts.push_back({row0, nrows, 0, width});
    const auto [grow0, gnrows] = range_of(height, p, r / q);
    const auto [gcol0, gncols] = range_of(width, q, r % q);
    grid.parts.push_back({grow0, gnrows, gcol0, gncols});
  }
  return {rows, grid};
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);

  struct weight {
    std::string name;
    shape_type shape;
  };
  const std::vector<weight> weights = {{"dense 4096x1024", {4096, 1024}},
                                       {"conv 3x3x256x512", {3, 3, 256, 512}}};
  const bool corrupt = argc > 1 && std::string(argv[1]) == "--corrupt" && rank == size - 1;
  const weightinit::seed_type global_seed = corrupt ? 2027 : 2026;
  const weightinit::GlorotUniform glorot(
      weightinit::parameter_seed(global_seed, "model/dense/kernel"));
  const weightinit::HeNormal he(weightinit::parameter_seed(global_seed, "model/conv/kernel"));

  int failures = 0;
  for (const weight& w : weights) {
    std::int64_t height = 1;
    for (std::size_t k = 0; k + 1 < w.shape.size(); ++k) height *= w.shape[k];
    const std::int64_t width = w.shape.back();
    for (const layout& l : layouts_for(height, width, size)) {
      const part& mine = l.parts[std::size_t(rank)];
      const std::uint64_t local =
          w.shape.size() == 2 ? fill_part(glorot, w.shape, mine) : fill_part(he, w.shape, mine);
      std::vector<std::uint64_t> gathered(static_cast<std::size_t>(size));
      MPI_Gather(&local, 1, MPI_UINT64_T, gathered.data(), 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
      if (rank == 0) {
        // The single-process reference: the whole tensor, then each part's checksum.
        const std::vector<float> whole =
            w.shape.size() == 2 ? glorot.values<float>(w.shape) : he.values<float>(w.shape);
        int bad = 0;
        for (int r = 0; r < size; ++r) {
          const part& p = l.parts[std::size_t(r)];
          std::vector<float> block(std::size_t(p.rows * p.cols));
          for (std::int64_t i = 0; i < p.rows; ++i)
            for (std::int64_t j = 0; j < p.cols; ++j)
              block[std::size_t(i * p.cols + j)] =
                  whole[std::size_t((p.row0 + i) * width + p.col0 + j)];
          if (checksum_of(block, p, width) != gathered[std::size_t(r)]) {
            std::printf("  rank %d: shard [%lld:%lld, %lld:%lld] DISAGREES\n", r, (long long)p.row0,
                        (long long)(p.row0 + p.rows), (long long)p.col0,
                        (long long)(p.col0 + p.cols));
            ++bad;
          }
        }
        std::printf("%-18s %-4s layout on %d ranks: %s\n", w.name.c_str(), l.name.c_str(), size,
                    bad ? "MISMATCH" : "every shard equals the single-process fill");
        failures += bad;
      }
    }
  }
  MPI_Bcast(&failures, 1, MPI_INT, 0, MPI_COMM_WORLD);
  MPI_Finalize();
  return failures == 0 ? 0 : 1;
}
