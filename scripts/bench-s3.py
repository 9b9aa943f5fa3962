#!/usr/bin/env python3
"""The bundled run with the lake on a local S3-compatible server (S3Proxy, file-system store, 127.0.0.1) against
the lake on the local disk, side by side on the same machine, alternating, median of N each; then the cost of
reading an S3 lake through its local snapshot copy: the first `bankdata query` (copies the snapshot) and later ones.
Writes the figures into docs/PERFORMANCE.md between the BENCH-S3 markers.

S3Proxy's jar is the one the tests use (`mvn process-test-resources` copies it to target/s3proxy/).

Usage: scripts/bench-s3.py [--runs 3]
"""
import argparse, datetime, os, pathlib, platform, shutil, socket, statistics, subprocess, sys, tempfile, time

import perf_doc

ROOT = pathlib.Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- BENCH-S3:BEGIN -->", "<!-- BENCH-S3:END -->"
KEY, SECRET = "bench", "bench-secret"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_s3proxy(work):
    jar = ROOT / "target/s3proxy/s3proxy-jar-with-dependencies.jar"
    if not jar.is_file():
        sys.exit(f"{jar} is missing; run `mvn -o process-test-resources` first")
    port = free_port()
    blobs = work / "blobs"
    (blobs / "bench").mkdir(parents=True)
    props = work / "s3proxy.properties"
    props.write_text("\n".join([
        f"s3proxy.endpoint=http://127.0.0.1:{port}", "s3proxy.authorization=aws-v2-or-v4",
        f"s3proxy.identity={KEY}", f"s3proxy.credential={SECRET}", "jclouds.provider=filesystem",
        f"jclouds.identity={KEY}", f"jclouds.credential={SECRET}", f"jclouds.filesystem.basedir={blobs}"]) + "\n")
    proc = subprocess.Popen(["java", "-Xmx256m", "-cp", str(jar), "org.gaul.s3proxy.Main", "--properties", str(props)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    proc.kill()
    sys.exit("S3Proxy did not start")


def timed(args, env):
    start = time.monotonic()
    done = subprocess.run([str(ROOT / "bankdata")] + args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode != 0:
        sys.exit(f"bankdata {' '.join(args)} failed:\n{done.stderr.decode()}")
    return time.monotonic() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    subprocess.run([str(ROOT / "bankdata"), "--version"], check=True, stdout=subprocess.DEVNULL)
    work = pathlib.Path(tempfile.mkdtemp(prefix="bankdata-bench-s3-"))
    proxy, endpoint = start_s3proxy(work)
    env = dict(os.environ, AWS_ACCESS_KEY_ID=KEY, AWS_SECRET_ACCESS_KEY=SECRET, AWS_ENDPOINT_URL_S3=endpoint,
               AWS_REGION="us-east-1", BANKDATA_LAKE_STATE=str(work / "state"))
    try:
        timed(["run", "--quiet", "--lake", str(work / "warmup")], env)
        local, s3 = [], []
        for i in range(args.runs):
            local.append(timed(["run", "--quiet", "--force", "--lake", str(work / f"local{i}")], env))
            s3.append(timed(["run", "--quiet", "--force", "--lake", f"s3a://bench/lake{i}"], env))
        sql = "SELECT count(*) FROM fact_complaints"
        first = timed(["query", "--lake", "s3a://bench/lake0", sql], env)
        later = [timed(["query", "--lake", "s3a://bench/lake0", sql], env) for _ in range(3)]
        on_disk = [timed(["query", "--lake", str(work / "local0"), sql], env) for _ in range(3)]
    finally:
        proxy.kill()
        shutil.rmtree(work, ignore_errors=True)
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    ratio = statistics.median(s3) / statistics.median(local)
    lines = [
        f"Measured {datetime.date.today().isoformat()} with `scripts/bench-s3.py --runs {args.runs}` on "
        f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, {java}; S3Proxy 2.6.0 (file-system store) "
        "on 127.0.0.1, runs alternating.",
        "",
        "| `./bankdata run` on the bundled data, whole process (s) | median | min | max |",
        "|---|---:|---:|---:|",
        f"| lake on the local disk | {statistics.median(local):.2f} | {min(local):.2f} | {max(local):.2f} |",
        f"| lake on S3 (`s3a://`) | {statistics.median(s3):.2f} | {min(s3):.2f} | {max(s3):.2f} |",
        "",
        f"S3 / local disk: {ratio:.2f}× (target ≤ 1.5×).",
        "",
        "| `./bankdata query` (whole process, s) | median | min | max |",
        "|---|---:|---:|---:|",
        f"| S3 lake, first query (copies the snapshot) | {first:.2f} | {first:.2f} | {first:.2f} |",
        f"| S3 lake, later queries (copy reused) | {statistics.median(later):.2f} | {min(later):.2f} | {max(later):.2f} |",
        f"| local lake (read in place) | {statistics.median(on_disk):.2f} | {min(on_disk):.2f} | {max(on_disk):.2f} |",
    ]
    print(perf_doc.write_block(BEGIN, END, lines))


if __name__ == "__main__":
    main()
