#!/usr/bin/env python3
"""Make sure Debian's chromium is there for the browser test (tests/test_browser.py).

    python3 scripts/install_browser.py

`python3 kit.py test` runs this before the tests. When chromium is already installed it says so
and stops at once. Otherwise, running as root on a machine with apt-get, it runs
`apt-get update` then `apt-get install -y chromium` (Debian's package: Playwright's own browser
download is never used). Where it cannot install (not root, no apt-get, no network to the
package archive) it says why and exits 0: the browser tests are then skipped with a message,
and every other test still runs. Standard library only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
APT_TIMEOUT_S = 900


def say(message: str) -> None:
    print(f"[claimlab] {message}", flush=True)


def chromium() -> str | None:
    wanted = os.environ.get("CLAIMLAB_CHROMIUM")
    for candidate in ([wanted] if wanted else []) + list(CANDIDATES):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def apt(*args: str) -> bool:
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        result = subprocess.run(["apt-get", *args], env=env, timeout=APT_TIMEOUT_S,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    except (OSError, subprocess.TimeoutExpired) as error:
        say(f"apt-get {' '.join(args)} did not finish: {error}")
        return False
    if result.returncode != 0:
        tail = "\n    ".join(result.stdout.strip().splitlines()[-5:])
        say(f"apt-get {' '.join(args)} failed (exit {result.returncode}):\n    {tail}")
        return False
    return True


def main() -> int:
    found = chromium()
    if found:
        say(f"chromium for the browser test: {found}")
        return 0
    cannot = "the browser test (tests/test_browser.py) will be skipped"
    if not shutil.which("apt-get"):
        say(f"chromium is not installed and this system has no apt-get; {cannot}. Install Chromium and "
            "set CLAIMLAB_CHROMIUM to its path to run it.")
        return 0
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        say(f"chromium is not installed and installing it needs root; {cannot}. To run it: "
            "sudo apt-get install chromium")
        return 0
    say("installing Debian's chromium for the browser test (apt-get update, apt-get install -y chromium) ...")
    if apt("update") and apt("install", "-y", "chromium"):
        found = chromium()
        if found:
            say(f"chromium for the browser test: {found}")
            return 0
    say(f"could not install chromium; {cannot}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
