"""A classroom on one machine: N learners (default 20) spawning and running a lesson at once.

    .venv/bin/python benchmarks/classroom_benchmark.py            # 20 learners, lesson 01
    .venv/bin/python benchmarks/classroom_benchmark.py -n 5 --lesson 03-weighing-the-evidence

Starts a real JupyterHub on 127.0.0.1 (tests/hub/classroom.py: configurable-http-proxy from
.cache/node/, which `python3 kit.py test` installs; dummy authenticator; local-process spawner),
then in one run, side by side:

1. **one learner alone**: spawn, pull the kit with nbgitpuller, run the lesson in their kernel;
2. **N learners at once**: all spawns asked for together, all pulls, then the lesson in every
   kernel at the same moment.

Prints, for each: spawn seconds (ask to ready), pull seconds, lesson seconds (all code cells, in
the learner's own kernel) and memory per learner (single-user server plus kernel, measured while
the kernel is still alive: PSS, which shares common pages out fairly, and RSS), with the machine
it ran on. Nothing fails on a slow run; every cell error is counted and printed.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from hub.classroom import Classroom, Learner, hub_link, kit_repository, proxy_missing  # noqa: E402

TARGET = "claimlab"


def machine() -> str:
    """One line on the machine: cores, memory, processor, load, Python."""
    memory = "?"
    with open("/proc/meminfo") as info:
        for line in info:
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} cores ({cpu}), {memory} memory, load average {load} at start, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}")


def learner_pull(room: Classroom, learner: Learner, link: str) -> dict:
    """Pull the kit through the link, as the learner clicking it; seconds."""
    started = time.monotonic()
    page = room.open_link(learner, link)
    room.pull(learner, page["repo"], page["branch"], page["targetpath"])
    pulled = time.monotonic()
    return {"pull": pulled - started}


def run_lesson(room: Classroom, learner: Learner, lesson: str) -> dict:
    started = time.monotonic()
    cells = room.run_notebook(learner, f"{TARGET}/notebooks/{lesson}.ipynb", keep_kernel=True)
    return {"lesson": time.monotonic() - started, "cells": len(cells),
            "errors": [(c.index, c.error or c.status) for c in cells if c.status != "ok"]}


def phase(room: Classroom, names: list[str], link: str, lesson: str) -> list[dict]:
    """Spawn, pull and run the lesson for these learners, all at once; one row per learner."""
    learners = [room.add_learner(name) for name in names]
    with ThreadPoolExecutor(len(learners)) as pool:
        asked = list(pool.map(room.request_spawn, learners))  # every spawn asked for at the same moment
        spawns = list(pool.map(room.wait_ready, learners, asked))
        pulls = list(pool.map(lambda l: learner_pull(room, l, link), learners))
        lessons = list(pool.map(lambda l: run_lesson(room, l, lesson), learners))
    rows = []
    for learner, spawn, pull, ran in zip(learners, spawns, pulls, lessons):
        pss, rss = room.memory_mb(learner.name)
        rows.append({"name": learner.name, "spawn": spawn, **pull, **ran, "pss": pss, "rss": rss})
    for learner in learners:  # free the kernels before the next phase
        for session in room.api("GET", f"{learner.server_path}api/sessions", learner.token):
            room.api("DELETE", f"{learner.server_path}api/sessions/{session['id']}", learner.token)
    return rows


def summary(label: str, rows: list[dict], wall: float) -> None:
    def span(key: str) -> str:
        values = [row[key] for row in rows]
        if len(values) == 1:
            return f"{values[0]:.1f}"
        return f"{min(values):.1f} / {statistics.median(values):.1f} / {max(values):.1f}"

    errors = sum(len(row["errors"]) for row in rows)
    print(f"| {label} | {span('spawn')} | {span('pull')} | {span('lesson')} | {span('pss')} | {span('rss')} | "
          f"{wall:.1f} | {errors} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--learners", type=int, default=20, help="learners at once (default 20)")
    parser.add_argument("--lesson", default="01-spotting-the-claims", help="the lesson each learner runs")
    args = parser.parse_args(argv)
    missing = proxy_missing()
    if missing:
        print(missing.replace("JupyterHub test skipped", "classroom benchmark cannot run"))
        return 1
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="claimlab-classroom-") as work:
        work = Path(work)
        repo = kit_repository(work / "kit-source")
        (work / "hub").mkdir()
        with Classroom(work / "hub", timeout=600) as room:
            link = hub_link(room.url, repo.as_uri(), "main", TARGET)
            print(f"lesson {args.lesson}; kit pulled with nbgitpuller from a local clone; hub on {room.url}\n")
            print("| learners | spawn s | pull s | lesson s | memory PSS MB | memory RSS MB | wall s | cell errors |")
            print("|---|---|---|---|---|---|---|---|")
            started = time.monotonic()
            alone = phase(room, ["solo"], link, args.lesson)
            summary("1 alone", alone, time.monotonic() - started)
            started = time.monotonic()
            crowd = phase(room, [f"learner{i:02d}" for i in range(args.learners)], link, args.lesson)
            summary(f"{args.learners} at once", crowd, time.monotonic() - started)
            print("\n(one value: a single learner; three: min / median / max over the learners. Memory is the "
                  "single-user server plus the lesson's kernel, measured after the lesson with the kernel alive.)")
            for row in alone + crowd:
                if row["errors"]:
                    print(f"{row['name']}: cell errors {row['errors'][:3]}")
        left = room.processes()
    print(f"processes left after the hub stopped: {len(left)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
