#!/usr/bin/env python3
"""Measures the latency of `bankdata serve`'s chart and institution API on the bundled data: p50 and p95 per
endpoint over a mix of filters (all quarters, one year, one quarter, banks only, one segment, top 20; the new
charts also with their own setting), after a warm-up, and institution searches and pages. Client and server
run on this machine, over one keep-alive HTTP connection on 127.0.0.1. With --runs N the measurement is
repeated N times on one server and each figure is the median of the runs' figures. Writes the figures into
docs/PERFORMANCE.md between the BENCH-SERVE markers.

Usage: scripts/bench-serve.py [--requests 300] [--runs 3] [--lake DIR]   (without --lake: a fresh `bankdata run`)
"""
import argparse, datetime, http.client, json, os, pathlib, platform, shutil, statistics, subprocess, sys, tempfile, time

import perf_doc

ROOT = pathlib.Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- BENCH-SERVE:BEGIN -->", "<!-- BENCH-SERVE:END -->"
CHARTS = ["top-complaints", "top-free-services", "services-vs-complaints", "complaints-trend", "complaint-index",
          "service-fee"]
# each new chart's own setting, used on every other request
SETTINGS = {"complaints-trend": "top=10", "complaint-index": "min-clients=0", "service-fee": "service=0801"}
SEARCHES = ["banco", "itau", "caixa economica", "vipal", "60746948"]
FILTERS = ["", "from=2021Q1&to=2021Q4", "from=2020Q3&to=2020Q3", "type=bank", "segment=S4", "limit=20",
           "from=2020Q1&to=2020Q4&type=conglomerate"]
TARGET_P95_MS = 50


def percentile(values, p):
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered)))  # nearest rank
    return ordered[rank - 1]


def start_server(lake):
    proc = subprocess.Popen([str(ROOT / "bankdata"), "serve", "--lake", str(lake), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if not line.startswith("dashboard at "):
        proc.kill()
        sys.exit("bankdata serve did not start:\n" + line + proc.stderr.read())
    url = line.split()[2]
    host, port = url.split("//")[1].rstrip("/").rsplit(":", 1)
    return proc, host, int(port)


def cpu_seconds(pid):
    """user + system CPU time of a process so far (Linux /proc), or None elsewhere."""
    try:
        fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def timed_get(conn, path):
    start = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status != 200:
        sys.exit(f"{path}: HTTP {response.status}: {body[:300]!r}")
    return elapsed, json.loads(body)


def chart_path(chart, i):
    query = FILTERS[i % len(FILTERS)]
    if chart in SETTINGS and i % 2 == 1:
        query = "&".join(q for q in (query, SETTINGS[chart]) if q)
    return f"/api/charts/{chart}?{query}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300, help="measured requests per chart")
    parser.add_argument("--runs", type=int, default=1, help="measurements on one server; figures are their medians")
    parser.add_argument("--lake", help="an already published lake (default: run the pipeline into a temp dir)")
    args = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="bankdata-bench-serve-"))
    proc = None
    try:
        lake = pathlib.Path(args.lake) if args.lake else work / "lake"
        if not args.lake:
            subprocess.run([str(ROOT / "bankdata"), "run", "--lake", str(lake), "--quiet"], check=True)
        proc, host, port = start_server(lake)
        conn = http.client.HTTPConnection(host, port, timeout=30)
        keys = [r["institution_key"] for r in timed_get(conn, "/api/institutions?q=a")[1]["rows"]]
        paths = {f"/api/charts/{chart}": (lambda i, c=chart: chart_path(c, i)) for chart in CHARTS}
        paths["/api/institutions?q="] = lambda i: "/api/institutions?q=" + SEARCHES[i % len(SEARCHES)].replace(" ", "%20")
        paths["/api/institutions/{key}"] = lambda i: "/api/institutions/" + keys[(i * 7) % len(keys)]
        for i in range(20):  # warm-up: JIT, DuckDB caches, connection
            for path in paths.values():
                timed_get(conn, path(i))
        runs = []
        cpu_before = cpu_seconds(proc.pid)
        for _ in range(args.runs):
            latencies = {name: [] for name in paths}
            for i in range(args.requests):
                for name, path in paths.items():
                    latencies[name].append(timed_get(conn, path(i))[0])
            runs.append(latencies)
        cpu_after = cpu_seconds(proc.pid)
        conn.close()
    finally:
        if proc:
            proc.terminate()
            proc.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    def median_of_runs(figure, name=None):
        return statistics.median(figure(run[name] if name else [ms for v in run.values() for ms in v]) for run in runs)
    requests = args.requests * args.runs
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    load = os.getloadavg()[0]
    lines = [
        f"Measured {datetime.date.today().isoformat()} with `scripts/bench-serve.py --requests {args.requests} --runs "
        f"{args.runs}` (each figure the median of the {args.runs} runs' figures) on "
        f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, {java}; load average "
        f"{load:.1f} at the end"
        + (" (other work was running on the host, so figures are noisy)." if load > os.cpu_count() / 2 else "."),
        "",
        "| API | requests | p50 (ms) | p95 (ms) | max (ms) |",
        "|---|---:|---:|---:|---:|",
    ]
    p50_of = lambda v: percentile(v, 50)
    p95_of = lambda v: percentile(v, 95)
    for name in runs[0]:
        lines.append(f"| `GET {name}` | {requests} | {median_of_runs(p50_of, name):.1f} | "
                     f"{median_of_runs(p95_of, name):.1f} | {median_of_runs(max, name):.1f} |")
    p95 = median_of_runs(p95_of)
    lines.append(f"| all | {requests * len(runs[0])} | {median_of_runs(p50_of):.1f} | {p95:.1f} | {median_of_runs(max):.1f} |")
    lines.append("")
    if cpu_before is not None and cpu_after is not None:
        per_request = (cpu_after - cpu_before) * 1000 / (requests * len(runs[0]))
        lines.append(f"Server CPU time per request (user + system, whole JVM): {per_request:.1f} ms — the part of the "
                     "latency that does not depend on how busy the host is.")
        lines.append("")
    lines.append(f"Target p95 ≤ {TARGET_P95_MS} ms: {'met' if p95 <= TARGET_P95_MS else 'NOT met'} "
                 f"(p95 is {p95 / TARGET_P95_MS:.2f} × the target).")
    print(perf_doc.write_block(BEGIN, END, lines))


if __name__ == "__main__":
    main()
