"""The benchmark: workloads B1-B6 through `bin/sweep run`, beside the peers measured in the same run.

Run it as `bin/sweep bench [--skip-naive] [--only b1,b4] [--precision float32] [--repeat 3]`: each workload runs
`--repeat` rounds (3 by default), lrsweep then its peers in each, and the table gives every time's median with its
min–max range over the rounds, the load average before and after each workload, and marks a row "noisy" where the
load was above 0.5 before it or a time's spread ((max − min)/median) is above 20%: such a ratio is not a result.
Before each workload it waits (up to 3 minutes) for the load of the one before to ebb below 0.5. It
prints the load average first: measure when it is under 0.5. The table starts with the date and the command. For each workload it prints
lrsweep's fit time (data in memory -> all cells' results, from results.json), the whole-process time (from
starting `bin/sweep run` to its exit, last file written), cell-steps per second and the peak memory (max RSS)
of the run; then, where PyTorch is installed (Debian's python3-torch), the peers with the ratios:
- B1-B3 (linear least squares): torch_sweep.py per-trial and vmap (the better of 1 and 2 threads, float32),
  and Limit.java (hand-derived gradients in a plain Java loop);
- B4 (logistic regression) and B5 (a tanh network): torch_models.py per-trial and vmap (1 thread) and
  batched (the k models as one, by hand: the better of 1 and 2 threads), at lrsweep's precision.
The data are the peers' own: make_data.py and make_class_data.py (numpy, seed 7) write bench/data/*.csv once.
- B4 also runs in data parallelism (fit.parallelism: data, the row "B4 data"), beside its grid mode.
- With --cores, bench/cores.yaml (a linear sweep of 8 tasks) and bench/cores-logistic.yaml (logistic regression,
  8 tasks) each run on local[1] and on local[2], three times each, interleaved: the fit times and the ratio of
  their medians.
- With --scale, bench/scale.yaml, scale-logistic.yaml and scale-mlp.yaml run as they are (auto parallelism), each
  with its time and peak memory.
- With --optimizers, each workload runs again with grid.optimizers [gd, momentum 0.9, nesterov 0.9, adam] (the row
  "<id> ×4 optimizers"), and its cost per cell-step is set against the gd-only row's.
- With --sensitivity, each workload of --only runs with regimes.sensitivity off and auto (the default), three times
  each, interleaved: the fit times, how many rates ran a twin, and the ratio of the medians (what the sensitivity
  twins cost).
- With --profile, only the op-by-op profile of one step of B4 and B5 (those in --only) at --precision: StepProfile.java,
  a task's 8 models on one thread, each op's time summed over the blocks of rows, the mean of 100 steps.
- B7 (a convolutional network on scikit-learn's digits, conf/examples/digits.yaml's: conv 8@3x3 relu, max-pool 2,
  flatten, dense 10, softmax cross-entropy, 1,797 images, 16 rates): torch_models.py's conv peer, from the start
  lrsweep's run recorded in its results.json, so both fit the same numbers.
- B6 (a linear sweep on a Parquet table of 10,000,000 rows × 8 features, through the moments): WriteTable.java
  writes the table once with Spark; its "load" time is the one pass that reads, checks and measures it. No peer
  reads Parquet, so B6 has none.
"""
import argparse
import glob
import json
import math
import os
import re
import resource
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
HOME = os.path.dirname(HERE)
WORKLOADS = {  # id: rows, features, rates, log10 lo, log10 hi, step counts, model (None: linear, torch_sweep.py)
    "b1": (100, 1, 20, -3, 1, "10,50,100,200,500,1000", None),
    "b2": (1_000_000, 1, 8, -3, 1, "50,100", None),
    "b3": (100_000, 32, 8, -3, 0, "50,100", None),
    "b4": (100_000, 32, 16, -2, 3, "100,500", "logistic"),
    "b5": (10_000, 8, 16, -3, 2, "100,500", "mlp"),
    "b6": (10_000_000, 8, 8, -3, 0, "50,100", "table"),
    "b7": (1_797, 64, 16, -3, 1, "100,500", "conv"),
}


def python_with(module):
    """A Python that can import `module`: this one, or Debian's (where apt installs numpy and torch)."""
    for candidate in (sys.executable, "/usr/bin/python3"):
        if shutil.which(candidate) and subprocess.run([candidate, "-c", "import " + module],
                                                      capture_output=True).returncode == 0:
            return candidate
    return None


def data_file(workload):
    rows, features = WORKLOADS[workload][:2]
    if WORKLOADS[workload][6] == "table":
        path = os.path.join(HERE, "data", workload + ".parquet")
        if not os.path.exists(path):
            target = os.path.join(HOME, "driver", "target")
            with open(os.path.join(target, "runtime-classpath.txt")) as classpath, \
                    open(os.path.join(target, "jvm-options.txt")) as options:
                command = ["java"] + options.read().split() + ["-cp", classpath.read().strip(),
                                                               os.path.join(HERE, "WriteTable.java"),
                                                               str(rows), str(features), "7", path]
            subprocess.run(command, check=True, capture_output=True)
        return path
    maker = "make_data.py" if WORKLOADS[workload][6] is None else "make_class_data.py"
    path = os.path.join(HERE, "data", workload + ".csv")
    if WORKLOADS[workload][6] == "conv":
        # scikit-learn's digits as the digits example ships them
        if not os.path.exists(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            shutil.copyfile(os.path.join(HOME, "conf", "examples", "data", "digits.csv"), path)
        return path
    if not os.path.exists(path):
        numpy_python = python_with("numpy")
        if numpy_python is None:
            sys.exit("bench: numpy is needed to make the data (apt-get install python3-numpy)")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        subprocess.run([numpy_python, os.path.join(HERE, maker), str(rows), str(features), "7", path], check=True)
    return path


OPTIMIZERS = "[gd, {momentum: 0.9}, {nesterov: 0.9}, adam]"


def config_for(workload, precision, bench_out, parallelism=None, optimizers=False, sensitivity=None):
    """The workload's config: bench/<id>.yaml as it is, or a copy asking for fit.precision: float32,
    fit.parallelism, regimes.sensitivity, and with optimizers, grid.optimizers OPTIMIZERS."""
    config = os.path.join(HERE, workload + ".yaml")
    if precision == "float64" and parallelism is None and not optimizers and sensitivity is None:
        return config
    os.makedirs(bench_out, exist_ok=True)
    with open(config) as original:
        text = original.read().replace("path: data/", "path: " + os.path.join(HERE, "data") + "/")
    if optimizers:
        text = text.replace("\ngrid:\n", "\ngrid:\n  optimizers: %s\n" % OPTIMIZERS)
    name = workload + "-" + precision + ("-" + parallelism if parallelism else "") + ("-optimizers" if optimizers else "") \
        + ("-sensitivity-" + sensitivity if sensitivity else "")
    if sensitivity:
        text += "regimes: {sensitivity: %s}\n" % sensitivity
    single = os.path.join(bench_out, name + ".yaml")
    with open(single, "w") as copy:
        copy.write(text + "fit: {precision: %s%s}\n" % (precision, ", parallelism: " + parallelism if parallelism else ""))
    return single


def run_sweep(config, out, master=None):
    """Runs bin/sweep; returns (fit seconds, whole-process seconds, peak RSS in MB, load seconds)."""
    command = [os.path.join(HOME, "bin", "sweep"), "run", "--config", config, "--out", out, "--overwrite"]
    if master:
        command += ["--master", master]
    timer = shutil.which("time") and os.path.exists("/usr/bin/time")
    if timer:
        command = ["/usr/bin/time", "-f", "peak-rss-kb %M"] + command
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    whole = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit("bench: %s failed:\n%s" % (config, done.stderr[-2000:]))
    match = re.search(r"peak-rss-kb (\d+)", done.stderr)
    peak = int(match.group(1)) / 1024 if match else resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    with open(os.path.join(out, "results.json")) as results:
        timings = json.load(results)["timings"]
    return timings["fit_seconds"], whole, peak, timings["load_seconds"]


JEMALLOC = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"


def peers_blas():
    """The BLAS that Debian's PyTorch and numpy load: libblas.so.3's alternative (OpenBLAS's once it is installed,
    else the reference BLAS, slower: on 2026-12-08 B4's batched peer took 26.1 s with it, 16.0 s with OpenBLAS)."""
    for link in glob.glob("/usr/lib/*/libblas.so.3"):
        return os.path.realpath(link)
    return None


def peer_environment():
    """The peers' allocator kept from giving memory back to the system between steps: glibc's malloc returns every
    large tensor's pages on free (mmap and munmap), and the next step faults them in again, zeroed. On the machine of
    2026-12-07 that was half of PyTorch's time on B7 (20 steps of the batched peer: 17.2 s, 11 s of it in the
    kernel; 2.6 s with glibc kept from it, 2.2 s with jemalloc keeping its pages). jemalloc where it is installed
    (apt-get install libjemalloc2), else glibc's own settings."""
    env = dict(os.environ)
    if os.path.exists(JEMALLOC):
        env["LD_PRELOAD"] = JEMALLOC
        env["MALLOC_CONF"] = "dirty_decay_ms:-1,muzzy_decay_ms:-1"
    else:
        env.update(MALLOC_MMAP_MAX_="0", MALLOC_TRIM_THRESHOLD_=str(1 << 40), MALLOC_TOP_PAD_=str(1 << 30))
    return env


def run_peer(command):
    done = subprocess.run(command, capture_output=True, text=True, env=peer_environment())
    match = re.search(r"([0-9.]+)s fit time", done.stdout)
    if done.returncode != 0 or not match:
        return None
    return float(match.group(1))


def profile(args):
    """Prints the op-by-op profile of one step of B4 and B5 (those in --only), as a task of 8 models runs it."""
    target = os.path.join(HOME, "driver", "target")
    with open(os.path.join(target, "runtime-classpath.txt")) as classpath, \
            open(os.path.join(target, "jvm-options.txt")) as options:
        command = ["java"] + options.read().split() + ["-XX:+UseParallelGC", "-cp", classpath.read().strip(),
                                                       os.path.join(HERE, "StepProfile.java")]
    for workload in args.only.split(","):
        if workload in ("b4", "b5"):
            subprocess.run(command + [workload, data_file(workload), args.precision], check=True)
            print(flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="b1,b2,b3,b4,b5,b6,b7", help="workloads to run, e.g. b1,b4 (none: only the "
                        "checks asked for)")
    parser.add_argument("--skip-naive", action="store_true", help="skip the naive reference mode on B1")
    parser.add_argument("--cores", action="store_true", help="the 1-core and 2-core checks (bench/cores.yaml, bench/cores-logistic.yaml)")
    parser.add_argument("--scale", action="store_true", help="the scale checks (bench/scale*.yaml)")
    parser.add_argument("--optimizers", action="store_true",
                        help="run each workload again with four optimizers, against its gd-only cost per cell-step")
    parser.add_argument("--sensitivity", action="store_true",
                        help="only the cost of the sensitivity twins: each workload of --only with them off and auto")
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds of each workload, lrsweep and its peers interleaved; the table gives the medians "
                             "(default 3; 1 for a quick look)")
    parser.add_argument("--precision", choices=("float64", "float32"), default="float64",
                        help="lrsweep's fit.precision (B4 and B5's peers use the same; B1-B3's compute in float32)")
    parser.add_argument("--profile", action="store_true",
                        help="only the op-by-op profile of one step of each of B4 and B5 in --only (StepProfile.java: "
                             "one task's 8 models on one thread, at --precision)")
    args = parser.parse_args()
    if args.profile:
        profile(args)
        return
    torch_python = python_with("torch")
    print("machine: %d cores, %s; precision: lrsweep %s, B1-B3's peers float32, B4-B5's peers %s"
          % (os.cpu_count(), os.uname().machine, args.precision, args.precision))
    load = os.getloadavg()[0]
    print("load average at the start: %.2f%s" % (load, "" if load < 0.5 else " (a busy machine slows PyTorch's threads "
          "more than the JVM: ratios taken now overstate lrsweep's lead; measure when it is under 0.5)"), flush=True)
    if torch_python is None:
        print("PyTorch not found (apt-get install python3-torch): the torch columns stay empty")
    print("peers' allocator: " + ("jemalloc, keeping its pages" if os.path.exists(JEMALLOC)
                                  else "glibc's, kept from returning pages (apt-get install libjemalloc2 for jemalloc)"))
    blas = peers_blas()
    if blas is not None:
        fast = any(name in blas for name in ("openblas", "blis", "mkl"))
        print("peers' BLAS: " + blas + ("" if fast else " (the reference BLAS: PyTorch's products run many times slower "
              "with it, so the ratios overstate lrsweep's lead; apt-get install libopenblas0-pthread)"), flush=True)
    rows = []
    bench_out = os.path.join(HERE, "out")
    if args.cores:
        for name in ("cores", "cores-logistic"):
            fits = {"local[1]": [], "local[2]": []}
            for _ in range(3):
                for master in fits:
                    fits[master].append(run_sweep(os.path.join(HERE, name + ".yaml"), os.path.join(bench_out, name),
                                                  master)[0])
            medians = {master: sorted(times)[1] for master, times in fits.items()}
            print("%s (bench/%s.yaml, 8 tasks): local[1] fit %s s, local[2] fit %s s; medians %.2f and %.2f s: %.2f×"
                  % (name, name, ", ".join("%.2f" % t for t in fits["local[1]"]),
                     ", ".join("%.2f" % t for t in fits["local[2]"]), medians["local[1]"], medians["local[2]"],
                     medians["local[1]"] / medians["local[2]"]), flush=True)
    if args.scale:
        for name in ("scale", "scale-logistic", "scale-mlp"):
            fit, whole, peak, load = run_sweep(os.path.join(HERE, name + ".yaml"), os.path.join(bench_out, name))
            print("%s: load %.2f s, fit %.2f s, whole process %.2f s, peak RSS %.0f MB" % (name, load, fit, whole, peak),
                  flush=True)
    if args.sensitivity:
        for workload in args.only.split(","):
            data_file(workload)
            fits = {"off": [], "auto": []}
            twinned = 0
            for _ in range(3):
                for setting in fits:
                    out = os.path.join(bench_out, workload + "-sensitivity-" + setting)
                    fits[setting].append(run_sweep(config_for(workload, args.precision, bench_out,
                                                              sensitivity=setting), out)[0])
                    with open(os.path.join(out, "results.json")) as results:
                        twinned = len({row["learning_rate"] for row in json.load(results)["rows"]
                                       if measured(row.get("sensitivity"))}) if setting == "auto" else twinned
            medians = {setting: sorted(times)[1] for setting, times in fits.items()}
            print("%s: sensitivity off fit %s s, auto fit %s s (%d of %d rates twinned); medians %.2f and %.2f s: "
                  "auto costs %.2f×" % (workload.upper(), ", ".join("%.2f" % t for t in fits["off"]),
                                        ", ".join("%.2f" % t for t in fits["auto"]), twinned, WORKLOADS[workload][2],
                                        medians["off"], medians["auto"], medians["auto"] / medians["off"]), flush=True)
        return
    for workload in ([] if args.only == "none" else args.only.split(",")):
        n, d, k, lo, hi, steps, model = WORKLOADS[workload]
        data_file(workload)
        cell_steps = k * sum(int(s) for s in steps.split(","))
        # rounds of lrsweep then its peers, interleaved, so that a change in the machine's load falls on both
        load_before = settled_load()
        rounds = [one_round(workload, args, bench_out, torch_python) for _ in range(args.repeat)]
        row = summarised(workload.upper(), rounds, load_before)
        row["rate"] = cell_steps / row["fit"]
        rows.append(row)
        print_row(row)
        if workload == "b4":
            load_before = settled_load()
            fits = [run_sweep(config_for(workload, args.precision, bench_out, "data"),
                              os.path.join(bench_out, "b4-data")) for _ in range(args.repeat)]
            data_row = summarised("B4 data", [dict(zip(("fit", "whole", "peak", "load"), f)) for f in fits],
                                  load_before)
            data_row["rate"] = cell_steps / data_row["fit"]
            data_row["grid"] = row["fit"]
            rows.append(data_row)
            print_row(data_row)
        if args.optimizers:
            fit, whole, peak, load = run_sweep(config_for(workload, args.precision, bench_out, optimizers=True),
                                               os.path.join(bench_out, workload + "-optimizers"))
            optimizers_row = {"id": workload.upper() + " ×4 optimizers", "fit": fit, "whole": whole,
                              "rate": 4 * cell_steps / fit, "peak": peak, "load": load, "gd_rate": row["rate"]}
            rows.append(optimizers_row)
            print_row(optimizers_row)
    if rows:
        print_table(rows)


def one_round(workload, args, bench_out, torch_python):
    """One run of lrsweep on the workload, then one of each peer: their times in seconds (None where a peer
    could not run)."""
    n, d, k, lo, hi, steps, model = WORKLOADS[workload]
    data = data_file(workload)
    fit, whole, peak, load = run_sweep(config_for(workload, args.precision, bench_out), os.path.join(bench_out, workload))
    times = {"fit": fit, "whole": whole, "peak": peak, "load": load}
    if workload == "b1" and not args.skip_naive:
        times["naive"] = run_sweep(os.path.join(HERE, "b1-naive.yaml"), os.path.join(bench_out, "b1-naive"))[0]
    if model == "table":
        return times
    if torch_python and model is None:
        peer = [torch_python, os.path.join(HERE, "torch_sweep.py"), data]
        for mode in ("pertrial", "vmap"):
            tried = [run_peer(peer + [mode, str(lo), str(hi), str(k), steps, str(threads)]) for threads in (1, 2)]
            tried = [t for t in tried if t is not None]
            times[mode] = min(tried) if tried else None
    elif torch_python:
        peer = [torch_python, os.path.join(HERE, "torch_models.py"), data, model]
        for mode, threads_tried in (("pertrial", (1,)), ("vmap", (1,)), ("batched", (1, 2))):
            # B7's peers start from lrsweep's own start, read from the run's results.json
            start = [os.path.join(bench_out, workload, "results.json")] if model == "conv" else []
            tried = [run_peer(peer + [mode, str(lo), str(hi), str(k), steps, str(threads), args.precision] + start)
                     for threads in threads_tried]
            tried = [t for t in tried if t is not None]
            times[mode] = min(tried) if tried else None
    if model is None:
        java = os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "java")
        times["limit"] = run_peer([java, os.path.join(HERE, "Limit.java"), data, str(lo), str(hi), str(k), steps])
    return times


TIMES = ("fit", "naive", "pertrial", "vmap", "batched", "limit")
NOISY_LOAD = 0.5
NOISY_SPREAD = 0.2


def settled_load(timeout=180):
    """The 1-minute load average once the previous workload's own load has ebbed: polled every 5 s until it is
    under NOISY_LOAD, for at most `timeout` seconds (another process's load keeps it above, and the row is noisy)."""
    waited = 0
    while os.getloadavg()[0] >= NOISY_LOAD and waited < timeout:
        time.sleep(5)
        waited += 5
    return os.getloadavg()[0]


def summarised(name, rounds, load_before):
    """A table row from a workload's rounds: each measurement's median, each time's min-max range, the load average
    before and after, and whether the row is noisy: the load above NOISY_LOAD before it, or a time whose spread
    (max - min) / median is above NOISY_SPREAD."""
    row = {"id": name, "rounds": len(rounds), "load_before": load_before, "load_after": os.getloadavg()[0]}
    spreads = []
    for key in rounds[0]:
        row[key] = median([r[key] for r in rounds])
        values = [r[key] for r in rounds if r[key] is not None]
        if key in TIMES and values:
            row[key + "_range"] = (min(values), max(values))
            spreads.append((max(values) - min(values)) / row[key])
    row["noisy"] = load_before > NOISY_LOAD or any(spread > NOISY_SPREAD for spread in spreads)
    return row


def median(values):
    """The median of the values that are not None (the lower middle of an even count); None if there are none."""
    present = sorted(v for v in values if v is not None)
    return present[(len(present) - 1) // 2] if present else None


def measured(value):
    """Whether results.json holds a number here (NaN, written as NaN or "NaN", means none was measured)."""
    return isinstance(value, (int, float)) and not math.isnan(value)


def seconds(value, spread=None):
    """A time, with its min-max range over the rounds where there were several."""
    if value is None:
        return "–"
    ends = None if spread is None else "%.2f–%.2f" % spread
    return "%.2f" % value + ("" if ends is None or "%.2f" % spread[0] == "%.2f" % spread[1] else " (%s)" % ends)


def ratio(peer, ours):
    return "–" if peer is None else "%.1f×" % (peer / ours)


def print_row(row):
    print("%s: load %.2f s, fit %s s, whole process %.2f s, %.0f cell-steps/s, peak RSS %.0f MB; load average "
          "%.2f before, %.2f after%s%s"
          % (row["id"], row["load"], seconds(row["fit"], row.get("fit_range")),
             row["whole"], row["rate"], row["peak"], row.get("load_before", float("nan")),
             row.get("load_after", float("nan")),
             " (noisy)" if row.get("noisy") else "",
             (", %.2f× grid mode's fit" % (row["fit"] / row["grid"]) if "grid" in row else "")
             + (", %.2f× gd alone's cost per cell-step" % (row["gd_rate"] / row["rate"]) if "gd_rate" in row else "")),
          flush=True)


def print_table(rows):
    print()
    print("measured %s by: bin/sweep bench %s; medians of %d rounds, lrsweep and its peers interleaved, "
          "(min–max) beside; noisy: load average above %.1f before the row, or a spread above %.0f%%"
          % (time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), " ".join(sys.argv[1:]),
             max(row["rounds"] for row in rows), NOISY_LOAD, 100 * NOISY_SPREAD))
    print()
    print("| id | lrsweep fit (s) | whole process (s) | cell-steps/s | peak RSS (MB) | naive (s) | torch per-trial (s) "
          "| torch vmap (s) | torch batched (s) | plain Java loop (s) | per-trial ÷ lrsweep | vmap ÷ lrsweep "
          "| fastest torch ÷ lrsweep | naive ÷ lrsweep | load average before → after | noisy |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        torch_times = [row.get(mode) for mode in ("pertrial", "vmap", "batched") if row.get(mode) is not None]
        print("| %s | %s | %.2f | %.0f | %.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.2f → %.2f | %s |" % (
            row["id"], seconds(row["fit"], row.get("fit_range")), row["whole"], row["rate"], row["peak"],
            seconds(row.get("naive"), row.get("naive_range")), seconds(row.get("pertrial"), row.get("pertrial_range")),
            seconds(row.get("vmap"), row.get("vmap_range")), seconds(row.get("batched"), row.get("batched_range")),
            seconds(row.get("limit"), row.get("limit_range")), ratio(row.get("pertrial"), row["fit"]),
            ratio(row.get("vmap"), row["fit"]), ratio(min(torch_times) if torch_times else None, row["fit"]),
            ratio(row.get("naive"), row["fit"]), row.get("load_before", float("nan")),
            row.get("load_after", float("nan")), "noisy" if row.get("noisy") else ""))


if __name__ == "__main__":
    main()
