"""Time from a fresh clone to a ready environment, and a second run that reuses it.

    .venv/bin/python benchmarks/setup_benchmark.py

Clones this repository into a temporary folder and runs `python3 kit.py setup` there twice.
pip's cache is left as it is, so the first number is the warm-cache install a classroom
machine sees on its second kit (the very first install also downloads about 120 MB).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    scratch = Path(tempfile.mkdtemp(prefix="claimlab-setup-"))
    try:
        clone = scratch / "claimlab"
        subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
        python = shutil.which("python3") or sys.executable
        first = timed([python, "kit.py", "setup"], clone)
        second = timed([python, "kit.py", "setup"], clone)
        print(f"fresh clone to ready environment (warm pip cache): {first:6.1f} s")
        print(f"second run, environment reused:                    {second:6.1f} s")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
