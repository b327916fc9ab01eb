"""Where the test command's time goes: seconds per test file and per notebook, and the wall time.

    .venv/bin/python benchmarks/test_suite_benchmark.py [PYTEST ARGS ...]

Runs the test command once, `python3 kit.py test` (its set-up checks and installers, then pytest
with files on every core: -n auto --dist loadfile), with the given arguments (e.g. a few test files; nothing means the whole suite), and prints:
the load average before and after (the machine is shared, so every number needs it); the wall
time; per test file or notebook, the seconds its tests took (set-up, call and tear-down, summed
from pytest's JUnit XML, so module fixtures such as the browser tests' JupyterLab count once) and
its share; the sum of all files (what one core would need) beside the wall time (their ratio is
what running on several cores bought); and the slowest single file, below which no schedule can
go. Add `-n 0` to run one file after another. `--top N` prints only the N slowest files.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PARALLEL = ["-n", "auto", "--dist", "loadfile"]


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages, e.g. '2.10 3.05 3.40'."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def file_of(case: ET.Element) -> str:
    """The test file or notebook a JUnit test case came from."""
    name = case.get("file")
    if name:
        return name
    classname = case.get("classname", "")
    if ".ipynb" in classname:  # nbval: "notebooks.03-weighing-the-evidence.ipynb"
        stem = classname.split(".ipynb")[0]
        folder, _, rest = stem.partition(".")
        return f"{folder}/{rest}.ipynb"
    parts = classname.split(".")
    for end in range(len(parts), 0, -1):
        candidate = "/".join(parts[:end]) + ".py"
        if (REPO / candidate).exists():
            return candidate
    return classname or "?"


def seconds_per_file(junit: Path) -> tuple[dict[str, float], dict[str, int]]:
    """Seconds and number of test cases per file, from a JUnit XML report."""
    seconds: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for case in ET.parse(junit).iter("testcase"):
        name = file_of(case)
        seconds[name] += float(case.get("time") or 0)
        counts[name] += 1
    return dict(seconds), dict(counts)


def wants_parallel(args: list[str]) -> bool:
    return not any(arg == "-n" or arg.startswith(("-n", "--numprocesses", "--dist")) for arg in args)


def main(argv: list[str]) -> None:
    top = None
    if "--top" in argv:
        index = argv.index("--top")
        top = int(argv[index + 1])
        argv = argv[:index] + argv[index + 2:]
    with tempfile.TemporaryDirectory() as scratch:
        junit = Path(scratch) / "junit.xml"
        # the test command itself (`python3 kit.py test`): its set-up checks, the browser and proxy
        # installers, then pytest on every core; so the wall time is what a developer waits for
        command = [sys.executable, str(REPO / "kit.py"), "test", "-q", "-rfE", "-p", "no:cacheprovider",
                   f"--junitxml={junit}", *argv]
        print(f"command: kit.py test {' '.join(command[3:])}"
              + (f" (kit.py adds {' '.join(PARALLEL)})" if wants_parallel(argv) else ""))
        before = load_average()
        start = time.perf_counter()
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
        wall = time.perf_counter() - start
        after = load_average()
        tail = [line for line in result.stdout.splitlines() if line.strip()][-1:] or ["(no output)"]
        print(f"pytest said: {tail[0]} (exit {result.returncode})")
        lines = result.stdout.splitlines()
        failed = [line for line in lines if line.startswith(("FAILED ", "ERROR "))]
        if failed:  # what failed, so a slow run that also failed says why
            print("\n".join(failed[:40]))
        marks = [i for i, line in enumerate(lines) if "slowest" in line and "durations" in line]
        if marks:  # --durations=N was given: pytest's own list of the slowest set-ups, calls and tear-downs
            block = [line for line in lines[marks[0]:] if line.strip() and not line.startswith("=")][:60]
            print("\n".join(block))
        if not junit.exists():
            print(result.stdout[-3000:], result.stderr[-3000:])
            raise SystemExit(1)
        seconds, counts = seconds_per_file(junit)
    total = sum(seconds.values())
    print(f"load average before: {before}; after: {after} (1, 5, 15 min; {os.cpu_count()} cores)")
    print(f"\n{'file':<62} {'tests':>5} {'seconds':>8} {'share':>6}")
    ranked = sorted(seconds.items(), key=lambda item: -item[1])
    for name, value in ranked[:top] if top else ranked:
        print(f"{name:<62} {counts[name]:>5} {value:8.1f} {value / total:6.1%}")
    groups: dict[str, float] = defaultdict(float)
    for name, value in seconds.items():
        groups[name.split("/")[0] if name.endswith(".ipynb") else "tests (unit, data, browser, hub, grading)"] += value
    print("\nby kind: " + "; ".join(f"{group} {value:.0f} s" for group, value in sorted(groups.items())))
    slowest_name, slowest = ranked[0] if ranked else ("-", 0.0)
    print(f"\nsum over files (one core): {total:7.1f} s")
    print(f"wall time of this run:     {wall:7.1f} s   (sum / wall = {total / wall:.2f})")
    print(f"slowest single file:       {slowest:7.1f} s   ({slowest_name}: no schedule goes below it)")


if __name__ == "__main__":
    main(sys.argv[1:])
