#!/usr/bin/env python3
"""Measures `./bankdata run` on the bundled data: wall time and peak RSS of the whole process, the time and
the Spark jobs of each pipeline step, over N runs after a warm-up run; and, interleaved with them on the same
inputs, `./bankdata reference` (the same tables with DuckDB alone), so the ratio of the two is taken under the
same load. Writes the figures into docs/PERFORMANCE.md between the BENCH-RUN markers.

Usage: scripts/bench-run.py [--runs 5]
"""
import argparse, datetime, json, os, pathlib, platform, shutil, statistics, subprocess, sys, tempfile, time

import perf_doc

ROOT = pathlib.Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- BENCH-RUN:BEGIN -->", "<!-- BENCH-RUN:END -->"


def run_once(lake):
    start = time.monotonic()
    proc = subprocess.Popen([str(ROOT / "bankdata"), "run", "--lake", str(lake)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    err = proc.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("bankdata run failed:\n" + err)
    summaries = sorted((lake / "runs").glob("*.json"))
    summary = json.loads(summaries[-1].read_text())
    return wall, usage.ru_maxrss / 1024.0, summary


def reference_once(out):
    start = time.monotonic()
    proc = subprocess.Popen([str(ROOT / "bankdata"), "reference", "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("bankdata reference failed:\n" + proc.stderr.read().decode())
    return wall, usage.ru_maxrss / 1024.0, json.loads(stdout)


def row(name, values, fmt="{:.2f}"):
    return f"| {name} | {fmt.format(statistics.median(values))} | {fmt.format(min(values))} | {fmt.format(max(values))} |"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    subprocess.run([str(ROOT / "bankdata"), "--version"], check=True, stdout=subprocess.DEVNULL)
    work = pathlib.Path(tempfile.mkdtemp(prefix="bankdata-bench-"))
    try:
        run_once(work / "warmup")  # first run after a build also writes the class-data-sharing archive
        results, references = [], []
        for i in range(args.runs):
            results.append(run_once(work / f"lake{i}"))
            references.append(reference_once(work / f"reference{i}"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    walls = [r[0] for r in results]
    rss = [r[1] for r in results]
    steps = {}
    for _, _, summary in results:
        for task in summary["tasks"]:
            steps.setdefault(task["task"], []).append(task["seconds"])
    pipeline = [r[2]["seconds"] for r in results]
    ref_walls = [r[0] for r in references]
    ref_rss = [r[1] for r in references]
    ratios = [w / r for w, r in zip(walls, ref_walls)]
    jobs = {}
    for _, _, summary in results:
        for task, n in summary.get("facts", {}).get("spark_jobs", {}).items():
            jobs.setdefault(task, []).append(n)
    load = os.getloadavg()[0]
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    lines = [
        f"Measured {datetime.date.today().isoformat()} with `scripts/bench-run.py --runs {args.runs}` on "
        f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, {java}; load average {load:.1f} at the end"
        + (" (the host was busy with other work: compare the ratio, not the seconds)." if load > 2.5 else "."),
        "",
        "| measure | median | min | max |",
        "|---|---:|---:|---:|",
        row("`bankdata run`: whole process wall time (s)", walls),
        row("`bankdata run`: peak RSS (MB)", rss, "{:.0f}"),
        row("`bankdata run`: pipeline tasks, first start to last end (s)", pipeline),
        row("`bankdata reference` (DuckDB alone, same inputs): whole process wall time (s)", ref_walls),
        row("`bankdata reference`: peak RSS (MB)", ref_rss, "{:.0f}"),
        row("run ÷ reference, wall time (each run with the reference run after it)", ratios),
        "",
        "Time per step (s; independent steps overlap, so they do not add up to the total) and Spark jobs per step:",
        "",
        "| step | median | min | max | Spark jobs |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, values in steps.items():
        n = jobs.get(name)
        lines.append(row(name, values) + (f" {statistics.median(n):.0f} |" if n else " – |"))
    block = perf_doc.write_block(BEGIN, END, lines)
    print(block)


if __name__ == "__main__":
    main()
