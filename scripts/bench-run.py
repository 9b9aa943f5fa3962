#!/usr/bin/env python3
"""Measures `./bankdata run` on the bundled data: wall time and peak RSS of the whole process, and the
time of each pipeline step, over N runs after a warm-up run. Writes the figures into docs/PERFORMANCE.md
between the BENCH-RUN markers.

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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    subprocess.run([str(ROOT / "bankdata"), "--version"], check=True, stdout=subprocess.DEVNULL)
    work = pathlib.Path(tempfile.mkdtemp(prefix="bankdata-bench-"))
    try:
        run_once(work / "warmup")  # first run after a build also writes the class-data-sharing archive
        results = [run_once(work / f"lake{i}") for i in range(args.runs)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    walls = [r[0] for r in results]
    rss = [r[1] for r in results]
    steps = {}
    for _, _, summary in results:
        for task in summary["tasks"]:
            steps.setdefault(task["task"], []).append(task["seconds"])
    pipeline = [r[2]["seconds"] for r in results]
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    lines = [
        f"Measured {datetime.date.today().isoformat()} with `scripts/bench-run.py --runs {args.runs}` on "
        f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, {java}.",
        "",
        "| measure | median | min | max |",
        "|---|---:|---:|---:|",
        f"| whole process wall time (s) | {statistics.median(walls):.2f} | {min(walls):.2f} | {max(walls):.2f} |",
        f"| peak RSS (MB) | {statistics.median(rss):.0f} | {min(rss):.0f} | {max(rss):.0f} |",
        f"| pipeline tasks, first start to last end (s) | {statistics.median(pipeline):.2f} | {min(pipeline):.2f} | {max(pipeline):.2f} |",
        "",
        "Time per step (s, median; independent steps overlap, so they do not add up to the total):",
        "",
        "| step | median | min | max |",
        "|---|---:|---:|---:|",
    ]
    for name, values in steps.items():
        lines.append(f"| {name} | {statistics.median(values):.2f} | {min(values):.2f} | {max(values):.2f} |")
    block = perf_doc.write_block(BEGIN, END, lines)
    print(block)


if __name__ == "__main__":
    main()
