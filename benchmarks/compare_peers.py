#!/usr/bin/env python3
"""Times weightinit's peers (NumPy, PyTorch) on the shapes bench_initializers uses and writes
the ratios weightinit / peer for the targets of issue #5.

    /usr/bin/python3 benchmarks/compare_peers.py [CPP_JSON ...] [--out-json F] [--out-md F]

CPP_JSON are Google Benchmark JSON files (--benchmark_out) of bench_initializers and, when
present, bench_orthogonal; without any, only the peers are timed and listed.

Peers (float32; bfloat16 where PyTorch supports it; 1024x1024 and 4096x4096):
  numpy.standard_normal   Generator(PCG64(1)).standard_normal(size, dtype=float32, out=buf)
  numpy.uniform           Generator.random(dtype=float32, out=buf), then buf *= 0.1, buf -= 0.05
                          (NumPy has no float32 uniform on [a, b); this is the idiom)
  numpy.fill_0, fill_1    buf.fill(0.0), buf.fill(1.0)
  torch.<fn>              torch.nn.init.<fn>(t) for normal_, uniform_, trunc_normal_,
                          xavier_uniform_, kaiming_normal_, zeros_, with
                          torch.set_num_threads(1) and (2)
Peer rows are named like the C++ rows: <peer>/<dtype>/<rows>x<cols>/threads:<n>.

Timing: time.perf_counter (wall clock, as the C++ rows' real_time). One warm-up call, then
--repetitions samples, each the mean over enough back-to-back calls to last at least
--min-sample-time seconds; a peer's time is the MEDIAN of its samples. The C++ rows use the
median aggregate when the JSON has one (make bench runs 3 repetitions), else the median of the
runs it has. Ratios are weightinit elements/s over peer elements/s, i.e. peer time over
weightinit time: > 1 means weightinit is faster.

Only the Python standard library is required; NumPy and PyTorch are used when importable
(Debian's python3-numpy and python3-torch: run with /usr/bin/python3), and their rows are
skipped with a note otherwise. Never installs anything.
"""

import argparse
import datetime
import json
import math
import os
import platform
import re
import statistics
import sys
import time

SHAPES = [(1024, 1024), (4096, 4096)]
ROW_RE = re.compile(
    r"^(?:BM_)?(?P<name>[^/]+)/(?P<dtype>[^/]+)/(?P<rows>\d+)x(?P<cols>\d+)/threads:(?P<threads>\d+)$")
TIME_UNITS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
# Suffixes Google Benchmark appends to a registered name.
RUN_SUFFIXES = ("/real_time", "/process_time", "/manual_time")


def row_key(name, dtype, shape, threads):
    return "%s/%s/%dx%d/threads:%d" % (name, dtype, shape[0], shape[1], threads)


# ---------------------------------------------------------------------------------------------
# C++ results
# ---------------------------------------------------------------------------------------------

def strip_run_name(run_name):
    changed = True
    while changed:
        changed = False
        for suffix in RUN_SUFFIXES:
            if run_name.endswith(suffix):
                run_name = run_name[: -len(suffix)]
                changed = True
    return run_name


def elements_of(name):
    m = ROW_RE.match(name)
    if m:
        return int(m.group("rows")) * int(m.group("cols"))
    m = re.search(r"(\d+)x(\d+)|rows:(\d+)/cols:(\d+)|/(\d+)/(\d+)(?:/|$)", name)
    if not m:
        return None
    rows, cols = [int(g) for g in m.groups() if g is not None]
    return rows * cols


def load_cpp(paths):
    """Returns ({row: record}, {path: context}). Rows are keyed by the registered name without
    the BM_ prefix and Google Benchmark's suffixes, e.g. RandomNormal/float32/1024x1024/threads:1."""
    rows, contexts = {}, {}
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        contexts[path] = data.get("context", {})
        runs, medians = {}, {}
        for b in data.get("benchmarks", []):
            if b.get("error_occurred"):
                continue
            name = strip_run_name(b.get("run_name", b["name"]))
            if name.startswith("BM_"):
                name = name[3:]
            unit = TIME_UNITS[b.get("time_unit", "ns")]
            seconds = b["real_time"] * unit
            record = {"seconds": seconds, "cpu_seconds": b.get("cpu_time", 0.0) * unit,
                      "items_per_second": b.get("items_per_second"),
                      "bytes_per_second": b.get("bytes_per_second"), "source": path}
            if b.get("run_type") == "aggregate":
                if b.get("aggregate_name") == "median":
                    medians[name] = record
            else:
                runs.setdefault(name, []).append(record)
        for name in set(runs) | set(medians):
            if name in medians:
                record = dict(medians[name], statistic="median of %d repetitions"
                              % len(runs.get(name, [])) if runs.get(name) else "median")
            else:
                ordered = sorted(runs[name], key=lambda r: r["seconds"])
                record = dict(ordered[(len(ordered) - 1) // 2],
                              statistic="median of %d runs" % len(ordered))
                record["seconds"] = statistics.median(r["seconds"] for r in ordered)
                record["cpu_seconds"] = statistics.median(r["cpu_seconds"] for r in ordered)
            n = elements_of(name)
            if n is None and record.get("items_per_second"):
                n = record["items_per_second"] * record["seconds"]
            record["elements"] = n
            record["elements_per_second"] = n / record["seconds"] if n else None
            rows[name] = record
    return rows, contexts


# ---------------------------------------------------------------------------------------------
# Peers
# ---------------------------------------------------------------------------------------------

def measure(fn, repetitions, min_sample_time):
    fn()  # warm-up: first-touch, lazy initialization
    t0 = time.perf_counter()
    fn()
    single = max(time.perf_counter() - t0, 1e-9)
    inner = max(1, int(math.ceil(min_sample_time / single)))
    if single > 1.0:
        repetitions = min(repetitions, 3)
    samples, cpu_samples = [], []
    for _ in range(repetitions):
        c0 = time.process_time()
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        samples.append((time.perf_counter() - t0) / inner)
        cpu_samples.append((time.process_time() - c0) / inner)
    return {"seconds": statistics.median(samples), "samples": samples, "calls_per_sample": inner,
            "cpu_seconds": statistics.median(cpu_samples),
            "statistic": "median of %d samples" % len(samples)}


# A single-threaded row whose wall time exceeds its CPU time by this factor did not have a core
# to itself: another process took turns on it, and its rate is understated.
CONTENDED = 1.25


def contention(key, record):
    """Wall time / CPU time of a single-threaded row, when it shows contention; else None."""
    if record is None or not key.endswith("/threads:1") or not record.get("cpu_seconds"):
        return None
    factor = record["seconds"] / record["cpu_seconds"]
    return factor if factor > CONTENDED else None


def time_numpy(np, shapes, args, out, notes):
    rng = np.random.Generator(np.random.PCG64(1))
    for shape in shapes:
        n = shape[0] * shape[1]
        buf = np.empty(shape, dtype=np.float32)

        def uniform(buf=buf):
            rng.random(dtype=np.float32, out=buf)
            np.multiply(buf, np.float32(0.1), out=buf)
            np.subtract(buf, np.float32(0.05), out=buf)

        peers = {
            "numpy.standard_normal": lambda: rng.standard_normal(size=shape, dtype=np.float32,
                                                                 out=buf),
            "numpy.uniform": uniform,
            "numpy.fill_0": lambda: buf.fill(0.0),
            "numpy.fill_1": lambda: buf.fill(1.0),
        }
        for name, fn in peers.items():
            key = row_key(name, "float32", shape, 1)
            record = measure(fn, args.repetitions, args.min_sample_time)
            record["elements"] = n
            record["elements_per_second"] = n / record["seconds"]
            out[key] = record
            progress(key, record)


def time_torch(torch, shapes, args, out, notes):
    init = torch.nn.init
    functions = {
        "normal_": lambda t: init.normal_(t),
        "uniform_": lambda t: init.uniform_(t),
        "trunc_normal_": lambda t: init.trunc_normal_(t),
        "xavier_uniform_": lambda t: init.xavier_uniform_(t),
        "kaiming_normal_": lambda t: init.kaiming_normal_(t),
        "zeros_": lambda t: init.zeros_(t),
    }
    dtypes = {"float32": torch.float32, "bfloat16": torch.bfloat16}
    saved_threads = torch.get_num_threads()
    torch.manual_seed(1)
    try:
        for threads in args.torch_threads:
            torch.set_num_threads(threads)
            for shape in shapes:
                n = shape[0] * shape[1]
                for dtype_name, dtype in dtypes.items():
                    t = torch.empty(shape, dtype=dtype)
                    for fn_name, fn in functions.items():
                        key = row_key("torch." + fn_name, dtype_name, shape, threads)
                        try:
                            record = measure(lambda fn=fn, t=t: fn(t), args.repetitions,
                                             args.min_sample_time)
                        except Exception as e:  # e.g. a kernel without bfloat16 on CPU
                            notes.append("%s: not supported by this PyTorch (%s: %s)"
                                         % (key, type(e).__name__, str(e).splitlines()[0]))
                            continue
                        record["elements"] = n
                        record["elements_per_second"] = n / record["seconds"]
                        out[key] = record
                        progress(key, record)
    finally:
        torch.set_num_threads(saved_threads)


def progress(key, record):
    sys.stderr.write("  %-55s %10.3f ms  %8.3f G elem/s\n"
                     % (key, record["seconds"] * 1e3, record["elements_per_second"] / 1e9))


# ---------------------------------------------------------------------------------------------
# Comparisons
# ---------------------------------------------------------------------------------------------

def threads_text(n):
    return "1 thread" if n == 1 else "%d threads" % n


def compare(cpp, peers, have, section, title, wi_key, peer_key, peer_kind, target=None,
            target_text=None, roof=None):
    """One comparison row. peer_kind: 'cpp' (a row of the C++ JSON), 'numpy' or 'torch'.
    roof: optional (cpp row, fraction) -- the target is also met when the weightinit row
    reaches that fraction of the roof row."""
    row = {"section": section, "comparison": title, "weightinit_row": wi_key,
           "peer_row": peer_key, "target": target, "target_text": target_text or "",
           "weightinit_elements_per_second": None, "peer_elements_per_second": None,
           "ratio": None, "met": None, "note": ""}
    wi = cpp.get(wi_key)
    peer = cpp.get(peer_key) if peer_kind == "cpp" else peers.get(peer_key)
    if wi is not None:
        row["weightinit_elements_per_second"] = wi["elements_per_second"]
    if peer is not None:
        row["peer_elements_per_second"] = peer["elements_per_second"]
    if peer_kind in ("numpy", "torch") and not have[peer_kind]:
        row["note"] = have[peer_kind + "_note"]
    elif wi is None:
        if wi_key.endswith("/threads:2") and not have["parallel"]:
            row["note"] = "not measured: no weightinit::parallel in this build"
        else:
            row["note"] = "no C++ row %s" % wi_key
    elif peer is None:
        row["note"] = "no peer row %s" % peer_key
    if wi is not None and peer is not None and wi["elements_per_second"] and \
            peer["elements_per_second"]:
        row["ratio"] = wi["elements_per_second"] / peer["elements_per_second"]
        if target is not None:
            row["met"] = row["ratio"] >= target
            if roof is not None and not row["met"]:
                roof_row = cpp.get(roof[0])
                if roof_row is not None and roof_row["elements_per_second"]:
                    fraction = wi["elements_per_second"] / roof_row["elements_per_second"]
                    row["roof_fraction"] = fraction
                    row["met"] = fraction >= roof[1]
                    row["note"] = "%.0f%% of %s" % (100 * fraction, roof[0])
    contended = []
    for who, key, record in (("weightinit", wi_key, wi), ("peer", peer_key, peer)):
        factor = contention(key, record)
        if factor is not None:
            contended.append("%s wall %.1fx CPU" % (who, factor))
    if contended:
        row["contended"] = True
        row["note"] = "; ".join(([row["note"]] if row["note"] else []) +
                                ["contended: " + ", ".join(contended)])
    return row


SQUARE_1024 = re.compile(r"1024x1024|rows:1024/cols:1024|/1024/1024(?:/|$)")
FLOAT32 = re.compile(r"float32|<float>|MatrixXf\b")


def find_orthogonal(cpp, args, threads):
    """(orthogonal row, HouseholderQR row) of bench_orthogonal: 1024x1024 float32, the
    weightinit row with `threads` ("threads:0": Orthogonal's default, all hardware threads;
    "threads:1": one). Accepts this suite's scheme (Orthogonal/float32/1024x1024/threads:1) and
    Google Benchmark's template/argument names (Orthogonal<float>/rows:1024/cols:1024/threads:1,
    EigenHouseholderQR<Eigen::MatrixXf>/1024/1024)."""
    def pick(pattern, want_threads):
        regex = re.compile(pattern)
        found = sorted(k for k in cpp if regex.search(k) and SQUARE_1024.search(k))
        for k in found:
            if FLOAT32.search(k) and (want_threads in k or "threads:" not in k):
                return k
        return None
    return pick(args.orthogonal_row, threads), pick(args.qr_row, "")


def comparisons(cpp, peers, have, args):
    out = []
    f32 = "float32"

    def keys_for(shape):
        """wi(name, threads, dtype): the row key of `name` at `shape`."""
        return lambda name, threads=1, dtype=f32: row_key(name, dtype, shape, threads)

    def add(*a, **k):
        out.append(compare(cpp, peers, have, *a, **k))

    for shape in SHAPES:
        size = "%dx%d" % shape
        wi = keys_for(shape)

        # The targets of issue #5.
        t = "targets"
        add(t, "RandomNormal vs torch normal_ (%s, 1 thread)" % size, wi("RandomNormal"),
            wi("torch.normal_"), "torch", 6.0, ">= 6x")
        add(t, "RandomNormal vs numpy standard_normal (%s, 1 thread)" % size, wi("RandomNormal"),
            wi("numpy.standard_normal"), "numpy", 12.0, ">= 12x")
        add(t, "RandomNormal 2 threads vs 1 thread (%s)" % size, wi("RandomNormal", 2),
            wi("RandomNormal"), "cpp", 1.8, ">= 1.8x or >= 90% of StdFill 2 threads",
            roof=(wi("StdFill", 2), 0.9))
        add(t, "RandomUniform vs torch uniform_ (%s, 1 thread)" % size, wi("RandomUniform"),
            wi("torch.uniform_"), "torch", 8.0, ">= 8x")
        add(t, "RandomUniform 2 threads vs std::fill 2 threads (%s)" % size,
            wi("RandomUniform", 2), wi("StdFill", 2), "cpp", 0.5, ">= 0.5x")
        for name in ("TruncatedNormal", "GlorotNormal", "HeNormal", "LecunNormal"):
            add(t, "%s vs torch trunc_normal_ (%s, 1 thread)" % (name, size), wi(name),
                wi("torch.trunc_normal_"), "torch", 30.0, ">= 30x")
        for name in ("Zeros", "Ones", "Constant"):
            for threads in (1, 2):
                add(t, "%s vs std::fill (%s, %s)" % (name, size, threads_text(threads)),
                    wi(name, threads), wi("StdFill", threads), "cpp", 0.9, ">= 0.9x")
    for threads, label in (("threads:0", "default: all threads"), ("threads:1", "1 thread")):
        ortho, qr = find_orthogonal(cpp, args, threads)
        row = {"section": "targets", "comparison": "Orthogonal vs Eigen HouseholderQR (1024x1024 "
               "float32, %s)" % label, "weightinit_row": ortho, "peer_row": qr, "target": 1.5,
               "target_text": ">= 1.5x", "weightinit_elements_per_second": None,
               "peer_elements_per_second": None, "ratio": None, "met": None, "note": ""}
        if ortho and qr:
            row.update(compare(cpp, peers, have, "targets", row["comparison"], ortho, qr, "cpp",
                               1.5, ">= 1.5x"))
            row["note"] = (row["note"] + "; " if row["note"] else "") + "rows %s, %s" % (ortho, qr)
        else:
            row["note"] = "no bench_orthogonal rows (%s / %s) in the C++ JSON" % (
                args.orthogonal_row, args.qr_row)
        out.append(row)

    # Ceilings: the generator kernel alone (no memory traffic, no affine step) against the
    # same peers. A target above its ceiling cannot be met with the published values.
    for shape in SHAPES:
        size = "%dx%d" % shape
        wi = keys_for(shape)
        for generator, fill, peer, kind, target in (
                ("GeneratorNormal", "RandomNormal", "torch.normal_", "torch", 6.0),
                ("GeneratorNormal", "RandomNormal", "numpy.standard_normal", "numpy", 12.0),
                ("GeneratorUniform", "RandomUniform", "torch.uniform_", "torch", 8.0)):
            row = compare(cpp, peers, have, "ceiling", "%s vs %s (%s, 1 thread)" % (
                generator, peer.replace(".", " "), size), wi(generator), wi(peer), kind)
            if row["ratio"] is not None:
                row["note"] = "%s the %s target %s%s" % (
                    "above" if row["ratio"] >= target else "below", fill, "%gx" % target,
                    "" if row["ratio"] >= target else ": out of reach with these values")
            out.append(row)
        for generator, fill in (("GeneratorUniform", "RandomUniform"),
                                ("GeneratorNormal", "RandomNormal")):
            add("ceiling", "%s vs %s (%s, 1 thread): the fill's share of the ceiling" % (
                fill, generator, size), wi(fill), wi(generator), "cpp")
        # The floor under any implementation of these values: the Philox words alone, one per
        # value. What a target leaves for the transform, the affine step and the stores, as a
        # share of the words' own time, is ratio / target - 1.
        for peer, kind, fill, target in (("torch.normal_", "torch", "RandomNormal", 6.0),
                                         ("numpy.standard_normal", "numpy", "RandomNormal", 12.0),
                                         ("torch.uniform_", "torch", "RandomUniform", 8.0)):
            row = compare(cpp, peers, have, "ceiling", "GeneratorPhilox vs %s (%s, 1 thread)" % (
                peer.replace(".", " "), size), wi("GeneratorPhilox"), wi(peer), kind)
            if row["ratio"] is not None:
                room = row["ratio"] / target - 1
                row["note"] = ("the words alone; %s at %gx leaves %.0f%% of their time for the "
                               "transform, affine step and stores" % (fill, target, 100 * room)
                               if room > 0 else "the words alone are below %s's %gx target" % (
                                   fill, target))
            out.append(row)
        for generator in ("GeneratorUniform", "GeneratorNormal"):
            add("ceiling", "%s vs GeneratorPhilox (%s, 1 thread): the words' share of the "
                "kernel" % (generator, size), wi(generator), wi("GeneratorPhilox"), "cpp")

    # For information: no targets.
    for shape in SHAPES:
        size = "%dx%d" % shape
        wi = keys_for(shape)

        i = "information"
        for dtype in ("bfloat16",):
            add(i, "RandomNormal vs torch normal_ (%s %s, 1 thread)" % (dtype, size),
                wi("RandomNormal", 1, dtype), wi("torch.normal_", 1, dtype), "torch")
            add(i, "RandomUniform vs torch uniform_ (%s %s, 1 thread)" % (dtype, size),
                wi("RandomUniform", 1, dtype), wi("torch.uniform_", 1, dtype), "torch")
            add(i, "TruncatedNormal vs torch trunc_normal_ (%s %s, 1 thread)" % (dtype, size),
                wi("TruncatedNormal", 1, dtype), wi("torch.trunc_normal_", 1, dtype), "torch")
        add(i, "RandomNormal vs torch normal_ (%s, 2 threads each)" % size,
            wi("RandomNormal", 2), wi("torch.normal_", 2), "torch")
        add(i, "RandomUniform vs torch uniform_ (%s, 2 threads each)" % size,
            wi("RandomUniform", 2), wi("torch.uniform_", 2), "torch")
        add(i, "torch_trunc_normal_ vs torch trunc_normal_ (%s, 1 thread)" % size,
            wi("torch_trunc_normal_"), wi("torch.trunc_normal_"), "torch")
        add(i, "torch_xavier_uniform_ vs torch xavier_uniform_ (%s, 1 thread)" % size,
            wi("torch_xavier_uniform_"), wi("torch.xavier_uniform_"), "torch")
        add(i, "torch_kaiming_normal_ vs torch kaiming_normal_ (%s, 1 thread)" % size,
            wi("torch_kaiming_normal_"), wi("torch.kaiming_normal_"), "torch")
        add(i, "Zeros vs torch zeros_ (%s, 1 thread)" % size, wi("Zeros"), wi("torch.zeros_"),
            "torch")
        add(i, "RandomUniform vs numpy random+scale (%s, 1 thread)" % size, wi("RandomUniform"),
            wi("numpy.uniform"), "numpy")
        add(i, "Zeros vs numpy fill(0) (%s, 1 thread)" % size, wi("Zeros"), wi("numpy.fill_0"),
            "numpy")
        add(i, "RandomNormal vs mt19937 + normal_distribution (%s, 1 thread)" % size,
            wi("RandomNormal"), wi("StdMt19937Normal"), "cpp")
        add(i, "RandomUniform vs mt19937 + uniform_real_distribution (%s, 1 thread)" % size,
            wi("RandomUniform"), wi("StdMt19937Uniform"), "cpp")
        add(i, "RandomUniform vs Eigen setRandom (%s, 1 thread)" % size, wi("RandomUniform"),
            wi("EigenSetRandom"), "cpp")
        add(i, "RandomNormal vs std::fill (%s, 1 thread)" % size, wi("RandomNormal"),
            wi("StdFill"), "cpp")
        add(i, "Zeros vs std::fill (bfloat16 %s, 1 thread)" % size, wi("Zeros", 1, "bfloat16"),
            wi("StdFill", 1, "bfloat16"), "cpp")
    return out


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------

def fmt_rate(x):
    return "%.3f" % (x / 1e9) if x else "n/a"


def fmt_ratio(x):
    return "%.2fx" % x if x is not None else "n/a"


def fmt_load(values):
    return ", ".join("%.2f" % v for v in values) if values else "n/a"


def fmt_met(row):
    if row["met"] is None:
        return "n/a"
    return "yes" if row["met"] else "**no**"


def markdown(report):
    lines = []
    env = report["environment"]
    lines.append("# weightinit benchmarks: ratios against peers")
    lines.append("")
    lines.append("Generated %s on %s (%s). C++: %s; -march=%s; weightinit::parallel: %s. "
                 "NumPy %s, PyTorch %s. Statistic: median (C++: median of the repetitions' "
                 "aggregate; peers: median of %d samples of at least %.2f s). Ratio = "
                 "weightinit elements/s / peer elements/s; > 1 means weightinit is faster. "
                 "Load average (1, 5, 15 min) when the C++ programs started: %s; when the "
                 "peers started: %s (on a shared machine, 2-thread rows need 2 idle cores)."
                 % (report["generated"], env["host"], env["cpu"],
                    ", ".join(report["cpp_files"]) or "no C++ JSON", env["bench_arch"] or "none",
                    env["parallel"], env["numpy"] or "not available",
                    env["torch"] or "not available", report["repetitions"],
                    report["min_sample_time"], fmt_load(env["cpp_load_avg"]),
                    fmt_load(env["peers_load_avg"])))
    for section, heading in (("targets", "Targets (issue #5)"),
                             ("ceiling", "Ceilings: the generator kernel alone, in L1 cache "
                              "(Philox4x32-10 and the transform, no memory traffic)"),
                             ("information", "For information (no targets)")):
        rows = [r for r in report["comparisons"] if r["section"] == section]
        lines.append("")
        lines.append("## " + heading)
        lines.append("")
        if section == "targets":
            lines.append("| comparison | weightinit G elem/s | peer G elem/s | ratio | target | "
                         "met? |")
            lines.append("|---|---:|---:|---:|---|---|")
            for r in rows:
                met = fmt_met(r)
                if r["note"]:
                    met += " (%s)" % r["note"]
                lines.append("| %s | %s | %s | %s | %s | %s |" % (
                    r["comparison"], fmt_rate(r["weightinit_elements_per_second"]),
                    fmt_rate(r["peer_elements_per_second"]), fmt_ratio(r["ratio"]),
                    r["target_text"], met))
        else:
            lines.append("| comparison | weightinit G elem/s | peer G elem/s | ratio | note |")
            lines.append("|---|---:|---:|---:|---|")
            for r in rows:
                lines.append("| %s | %s | %s | %s | %s |" % (
                    r["comparison"], fmt_rate(r["weightinit_elements_per_second"]),
                    fmt_rate(r["peer_elements_per_second"]), fmt_ratio(r["ratio"]), r["note"]))
    targets = [r for r in report["comparisons"] if r["section"] == "targets"]
    met = sum(1 for r in targets if r["met"])
    missed = sum(1 for r in targets if r["met"] is False)
    lines.append("")
    lines.append("Targets: %d met, %d missed, %d not measured." % (
        met, missed, len(targets) - met - missed))
    contended = sum(1 for r in report["comparisons"] if r.get("contended"))
    if contended:
        lines.append("")
        lines.append("%d comparisons involve a single-threaded row whose wall time exceeds its "
                     "CPU time by more than %.2fx (marked contended): another process shared its "
                     "core, so its rate is understated; rerun on a quieter machine before "
                     "reading those ratios." % (contended, CONTENDED))
    if report["notes"]:
        lines.append("")
        lines.append("Notes:")
        lines.append("")
        for note in report["notes"]:
            lines.append("- " + note)
    return "\n".join(lines) + "\n"


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip() + ", %d CPUs" % os.cpu_count()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cpp_json", nargs="*", help="Google Benchmark JSON files (missing "
                        "files are skipped with a note)")
    parser.add_argument("--out-json", help="write all raw numbers and ratios here")
    parser.add_argument("--out-md", help="write the Markdown tables here (also printed)")
    parser.add_argument("--repetitions", type=int, default=5, help="samples per peer (5)")
    parser.add_argument("--min-sample-time", type=float, default=0.1,
                        help="seconds each sample lasts at least (0.1)")
    parser.add_argument("--torch-threads", type=int, nargs="+", default=[1, 2],
                        help="torch.set_num_threads values (1 2)")
    parser.add_argument("--no-torch", action="store_true", help="do not time PyTorch")
    parser.add_argument("--no-numpy", action="store_true", help="do not time NumPy")
    parser.add_argument("--orthogonal-row", default=r"^Orthogonal[/<]",
                        help="regex for bench_orthogonal's weightinit rows (^Orthogonal[/<])")
    parser.add_argument("--qr-row", default=r"HouseholderQR",
                        help="regex for bench_orthogonal's Eigen HouseholderQR row")
    args = parser.parse_args(argv)

    notes = []
    paths = []
    for path in args.cpp_json:
        if os.path.exists(path):
            paths.append(path)
        else:
            notes.append("C++ JSON %s not found: skipped." % path)
    cpp, contexts = load_cpp(paths)
    have = {"parallel": any(c.get("weightinit_parallel") == "yes" for c in contexts.values())}
    bench_arch = next((c["weightinit_bench_arch"] for c in contexts.values()
                       if "weightinit_bench_arch" in c), None)

    peers = {}
    try:
        peers_load_avg = list(os.getloadavg())
    except OSError:
        peers_load_avg = None
    cpp_load_avg = next((c["load_avg"] for c in contexts.values() if c.get("load_avg")), None)
    versions = {"numpy": None, "torch": None}
    np = torch = None
    long_notes = {}
    if args.no_numpy:
        have["numpy_note"] = "skipped: --no-numpy"
    else:
        try:
            import numpy as np
            versions["numpy"] = np.__version__
        except ImportError as e:
            have["numpy_note"] = "skipped: NumPy not available"
            long_notes["numpy"] = "NumPy is not importable by %s (%s); install Debian's " \
                "python3-numpy and use /usr/bin/python3" % (sys.executable, e)
    if args.no_torch:
        have["torch_note"] = "skipped: --no-torch"
    else:
        try:
            import torch
            versions["torch"] = torch.__version__
        except ImportError as e:
            have["torch_note"] = "skipped: PyTorch not available"
            long_notes["torch"] = "PyTorch is not importable by %s (%s); install Debian's " \
                "python3-torch and use /usr/bin/python3" % (sys.executable, e)
    have["numpy"] = np is not None
    have["torch"] = torch is not None
    for kind in ("numpy", "torch"):
        if not have[kind]:
            notes.append("%s: the comparisons against %s are not measured." % (
                long_notes.get(kind, have[kind + "_note"]), kind))

    if np is not None:
        sys.stderr.write("compare_peers: timing NumPy %s\n" % np.__version__)
        time_numpy(np, SHAPES, args, peers, notes)
    if torch is not None:
        sys.stderr.write("compare_peers: timing PyTorch %s (threads %s)\n"
                         % (torch.__version__, args.torch_threads))
        time_torch(torch, SHAPES, args, peers, notes)

    if not have["parallel"] and paths:
        notes.append("The C++ build has no weightinit::parallel: the 2-thread weightinit rows "
                     "are not measured.")
    report = {
        "generated": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "environment": {"host": platform.node(), "cpu": cpu_name(),
                        "python": sys.version.split()[0], "numpy": versions["numpy"],
                        "torch": versions["torch"], "bench_arch": bench_arch,
                        "parallel": "yes" if have["parallel"] else "no",
                        "cpp_load_avg": cpp_load_avg, "peers_load_avg": peers_load_avg},
        "statistic": "median",
        "repetitions": args.repetitions,
        "min_sample_time": args.min_sample_time,
        "cpp_files": paths,
        "cpp_context": contexts,
        "cpp": cpp,
        "peers": peers,
        "comparisons": comparisons(cpp, peers, have, args) if paths else [],
        "notes": notes,
    }
    text = markdown(report) if paths else markdown_peers_only(report)
    if args.out_json:
        with open(args.out_json, "w") as f:
            json.dump(report, f, indent=1, sort_keys=True)
    if args.out_md:
        with open(args.out_md, "w") as f:
            f.write(text)
    sys.stdout.write(text)
    return 0


def markdown_peers_only(report):
    lines = ["# Peers (no C++ JSON given)", "", "| peer | G elem/s | ms |", "|---|---:|---:|"]
    for key in sorted(report["peers"]):
        r = report["peers"][key]
        lines.append("| %s | %s | %.3f |" % (key, fmt_rate(r["elements_per_second"]),
                                              r["seconds"] * 1e3))
    for note in report["notes"]:
        lines.append("")
        lines.append("- " + note)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
