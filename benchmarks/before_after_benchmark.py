"""Seconds per test file before and after a change, measured side by side in one run.

    .venv/bin/python benchmarks/before_after_benchmark.py COMMIT tests/test_a.py [tests/test_b.py ...]

For each file given, runs the file as it was at COMMIT (copied for the run into tests/ under a
temporary name, so it runs against this checkout's kit, conftest and data) and then the file as it
is now, one after the other, one file at a time (no -n), and prints for each: the seconds its tests
took (set-up, call and tear-down, summed from pytest's JUnit XML, as test_suite_benchmark.py counts
them), the CPU seconds pytest and everything it started used (kernels and subprocesses included;
steadier than seconds on a shared machine), the number of tests passed, and the load average
before each run. The temporary copies are removed at the end.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_suite_benchmark import load_average, seconds_per_file  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_file(path: Path) -> dict:
    """Run one test file; its seconds (JUnit), CPU seconds, pytest's last line and the load before."""
    with tempfile.TemporaryDirectory() as scratch:
        junit = Path(scratch) / "junit.xml"
        load = load_average()
        cpu, start = children_cpu(), time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0",
                               f"--junitxml={junit}", str(path.relative_to(REPO))],
                              cwd=REPO, capture_output=True, text=True)
        wall, cpu = time.perf_counter() - start, children_cpu() - cpu
        seconds = sum(seconds_per_file(junit)[0].values()) if junit.exists() else float("nan")
    said = [line for line in done.stdout.splitlines() if line.strip()][-1:] or ["(no output)"]
    return {"seconds": seconds, "cpu": cpu, "wall": wall, "said": said[0], "load": load}


def main(argv: list[str]) -> None:
    commit, files = argv[0], [REPO / name for name in argv[1:]]
    print(f"before: the files at {commit}; after: the files now; {os.cpu_count()} cores; one file at a time")
    print(f"{'file':<30} {'run':<7} {'seconds':>8} {'cpu s':>7} {'load before (1, 5, 15 min)':<27} pytest said")
    copies = []
    try:
        for path in files:
            old = subprocess.run(["git", "show", f"{commit}:{path.relative_to(REPO).as_posix()}"], cwd=REPO,
                                 capture_output=True, text=True, check=True).stdout
            copy = path.with_name(f"test_zz_before_{path.stem.removeprefix('test_')}.py")
            copy.write_text(old)
            copies.append(copy)
            for label, target in (("before", copy), ("after", path)):
                got = run_file(target)
                print(f"{path.name:<30} {label:<7} {got['seconds']:8.1f} {got['cpu']:7.1f} {got['load']:<27} {got['said']}",
                      flush=True)
    finally:
        for copy in copies:
            copy.unlink(missing_ok=True)


if __name__ == "__main__":
    main(sys.argv[1:])
