#!/usr/bin/env python3
"""Fees extraction throughput: runs `bankdata bench-api` (a local replay answering every request after a fixed
latency; the real extractor fetching every institution at concurrency 1, 4 and 16, plus the highest concurrency
under a rate limit) and writes the table into docs/PERFORMANCE.md between the BENCH-API markers, leaving the
rest of the file as it is."""
import argparse
import datetime
import os
import pathlib
import platform
import subprocess

import perf_doc

ROOT = pathlib.Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- BENCH-API:BEGIN -->", "<!-- BENCH-API:END -->"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--institutions", type=int, default=400)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--concurrency", default="1,4,16")
    parser.add_argument("--rate-limit", type=float, default=100, help="rate limit of the extra limited row (0 = skip)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    command = [str(ROOT / "bankdata"), "bench-api", "--institutions", str(args.institutions),
               "--latency-ms", str(args.latency_ms), "--concurrency", args.concurrency,
               "--also-limited", str(args.rate_limit), "--runs", str(args.runs)]
    table = subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    block = perf_doc.write_block(BEGIN, END, [
        f"Measured {datetime.date.today().isoformat()} with `scripts/bench-api.py --runs {args.runs}` "
        f"({args.institutions} institutions, {args.latency_ms} ms server latency) on {os.cpu_count()} cores, "
        f"{platform.system()} {platform.machine()}, {java}; 1-minute load average {load:.1f} when it ended.",
        "",
        table,
    ])
    print(block)


if __name__ == "__main__":
    main()
