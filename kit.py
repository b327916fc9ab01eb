#!/usr/bin/env python3
"""Claim Lab's two commands: set everything up, then open the kit or run every test.

    python3 kit.py open     # set up .venv/ if needed, then open JupyterLab on the start-here notebook
    python3 kit.py test     # set up .venv/ if needed, then run every test (unit, data, notebooks)

Run as root (containers, classroom VMs), ``open`` adds JupyterLab's --allow-root and says so.
``test`` also installs the pinned configurable-http-proxy (requirements/node/) into .cache/node/
with npm, for the JupyterHub test; without node/npm that test is skipped and says how to fix it.

Other verbs: ``build [--check]`` (regenerate every generated file, or with --check fail when one
drifted from its source: scripts/build.py), ``setup`` (only build or refresh .venv/), ``lock`` (maintainers: re-pin
requirements/lock.txt from pyproject.toml). Anything after the verb is passed on to
JupyterLab or pytest, e.g. ``python3 kit.py test -k scanner``.

This file uses the standard library only, so it runs on a machine that has nothing but
Python 3.11+ and git. The environment lives in .venv/ at the top of the repository; a
second run finds it up to date (a stamp of the lock file) and starts in seconds.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements" / "lock.txt"
STAMP = VENV / ".claimlab-installed"
# configurable-http-proxy (JupyterHub's proxy, from npm) for tests/test_hub.py, pinned in requirements/node/
NODE_PINS = ROOT / "requirements" / "node"
NODE_DIR = ROOT / ".cache" / "node"
START_NOTEBOOK = "notebooks/00-start-here.ipynb"
MIN_PYTHON = (3, 11)


def say(message: str) -> None:
    print(f"[claimlab] {message}", flush=True)


def fail(message: str) -> None:
    say(message)
    raise SystemExit(1)


def venv_python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return VENV / scripts / f"python{suffix}"


def wanted_stamp() -> str:
    digest = hashlib.sha256()
    for path in (LOCK, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def run(args: list[str], **kwargs) -> None:
    result = subprocess.run(args, cwd=ROOT, **kwargs)
    if result.returncode != 0:
        fail(f"this step failed (exit {result.returncode}): {' '.join(map(str, args))}")


def create_venv() -> None:
    say(f"creating the environment in {VENV.relative_to(ROOT)}/ ...")
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    except (subprocess.CalledProcessError, OSError) as error:
        shutil.rmtree(VENV, ignore_errors=True)
        fail(
            f"could not create a virtual environment ({error}).\n"
            "  On Debian or Ubuntu, install the venv module first: sudo apt install python3-venv\n"
            "  then run this command again."
        )


def setup() -> Path:
    """Make .venv/ match requirements/lock.txt and the package; return its python."""
    if sys.version_info < MIN_PYTHON:
        fail(f"Claim Lab needs Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer; this is {sys.version.split()[0]}.")
    python = venv_python()
    if not python.exists():
        create_venv()
    if STAMP.exists() and STAMP.read_text() == wanted_stamp():
        healthy = subprocess.run([str(python), "-m", "claimlab", "doctor"], cwd=ROOT,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
        if healthy:
            say("environment is up to date (.venv/)")
            return python
        say("the environment in .venv/ is incomplete; repairing it")
    say("installing the locked packages (a few minutes the first time) ...")
    pip = [str(python), "-m", "pip", "--disable-pip-version-check"]
    run(pip + ["install", "--quiet", "--no-deps", "-r", str(LOCK)])
    run(pip + ["install", "--quiet", "--no-deps", "--no-build-isolation", "-e", str(ROOT)])
    quiet_extensions(python)
    run([str(python), "-m", "claimlab", "doctor"])
    STAMP.write_text(wanted_stamp())
    say("environment ready")
    return python


# nbgrader is in the lock for the grading tests (tests/test_grading.py); its JupyterLab menus and
# server extensions are for instructors, so the kit's own JupyterLab keeps them switched off.
INSTRUCTOR_EXTENSIONS = (
    ("labextension", "@jupyter/nbgrader"),
    ("server", "nbgrader.server_extensions.formgrader"),
    ("server", "nbgrader.server_extensions.assignment_list"),
    ("server", "nbgrader.server_extensions.course_list"),
    ("server", "nbgrader.server_extensions.validate_assignment"),
)


def quiet_extensions(python: Path) -> None:
    """Switch off instructor-only JupyterLab extensions in .venv/ (learners never see them)."""
    for kind, name in INSTRUCTOR_EXTENSIONS:
        if kind == "labextension":
            args = [str(python), "-m", "jupyter", "labextension", "disable", "--level=sys_prefix", name]
        else:
            args = [str(python), "-m", "jupyter", "server", "extension", "disable", "--sys-prefix", name]
        subprocess.run(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def running_as_root() -> bool:
    """True when this process runs as root (user id 0), as in most containers and classroom VMs."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def root_flags(extra: list[str]) -> list[str]:
    """``--allow-root`` when running as root (Jupyter refuses to start as root without it)."""
    if not running_as_root() or "--allow-root" in extra:
        return []
    say("running as root (user id 0, as in most containers): starting JupyterLab with --allow-root")
    return ["--allow-root"]


def open_lab(extra: list[str]) -> None:
    python = setup()
    # The kit's own notebooks are stored with their outputs (charts, highlighted articles); trusting
    # them lets JupyterLab show those outputs before the learner runs anything.
    shipped = sorted(str(p) for folder in ("notebooks", "exercises", "solutions", "assessment")
                     for p in (ROOT / folder).glob("*.ipynb"))
    subprocess.run([str(python), "-m", "jupyter", "trust", *shipped], cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    say(f"opening JupyterLab on {START_NOTEBOOK} (stop it with Ctrl+C)")
    args = [
        # the whole kit is the server's root, so exercises/ and solutions/ are one click away
        str(python), "-m", "jupyterlab", f"--ServerApp.root_dir={ROOT}",
        f"--LabApp.default_url=/lab/tree/{START_NOTEBOOK}",
        # offline classrooms: no update check or news feed from the network
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=None",
    ]
    os.execv(str(python), args + root_flags(extra) + extra)


# Test files run on every core at once (pytest-xdist), each file, and each notebook, whole on one
# worker, so tests that share a module fixture (one JupyterLab per browser test file, one hub, one
# nbgrader course) and a notebook's cells (one kernel) stay together. `kit.py test -n 0` runs
# everything one by one.
PARALLEL = ["-n", "auto", "--dist", "loadfile"]


def parallel_flags(extra: list[str]) -> list[str]:
    """pytest-xdist's flags for `kit.py test`, unless the caller chose its own (-n, --numprocesses, --dist, -p no:xdist)."""
    chosen = any(arg == "-n" or arg.startswith(("-n", "--numprocesses", "--dist", "--maxprocesses"))
                 for arg in extra) or "no:xdist" in extra
    return [] if chosen else PARALLEL


def test(extra: list[str]) -> None:
    python = setup()
    browser = ROOT / "scripts" / "install_browser.py"
    if browser.exists():
        subprocess.run([str(python), str(browser)], cwd=ROOT)
    setup_node()
    flags = parallel_flags(extra)
    say("running every test: unit tests, data checks and every notebook (nbval)"
        + (", test files on every core at once" if flags else ""))
    result = subprocess.run([str(python), "-m", "pytest", *flags, *extra], cwd=ROOT)
    raise SystemExit(result.returncode)


def setup_node() -> Path | None:
    """Install the pinned configurable-http-proxy into .cache/node/ for the hub test; None without npm."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        say("node/npm not found: the JupyterHub test will be skipped (install Node.js 20+ with npm, "
            "e.g. sudo apt-get install nodejs npm, then run this again)")
        return None
    proxy = NODE_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
    stamp = NODE_DIR / ".claimlab-installed"
    wanted = hashlib.sha256((NODE_PINS / "package-lock.json").read_bytes()).hexdigest()
    if proxy.exists() and stamp.exists() and stamp.read_text() == wanted:
        return proxy
    say("installing configurable-http-proxy from npm into .cache/node/ (for the JupyterHub test) ...")
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(NODE_PINS / name, NODE_DIR / name)
    result = subprocess.run([npm, "ci", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund", "--loglevel=error"],
                            cwd=ROOT)
    if result.returncode != 0 or not proxy.exists():
        say(f"npm could not install configurable-http-proxy (exit {result.returncode}); the JupyterHub test "
            "will be skipped")
        return None
    stamp.write_text(wanted)
    return proxy


def build(extra: list[str]) -> None:
    """Regenerate every generated file from its source (scripts/build.py); --check only compares."""
    python = setup()
    result = subprocess.run([str(python), str(ROOT / "scripts" / "build.py"), *extra], cwd=ROOT)
    raise SystemExit(result.returncode)


def lock() -> None:
    """Re-resolve the direct dependencies into a fresh venv and pin what it installed."""
    scratch = ROOT / ".venv-lock"
    shutil.rmtree(scratch, ignore_errors=True)
    venv.EnvBuilder(with_pip=True).create(scratch)
    python = scratch / "bin" / "python"
    run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "setuptools", "-e", f"{ROOT}[test]"])
    frozen = subprocess.run(
        [str(python), "-m", "pip", "freeze", "--all", "--exclude-editable"],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    pins = sorted(
        (line for line in frozen if line and not line.startswith(("pip==", "claimlab"))),
        key=str.lower,
    )
    header = "# Exact versions for `python3 kit.py open|test`; regenerate with `python3 kit.py lock`.\n"
    LOCK.parent.mkdir(exist_ok=True)
    LOCK.write_text(header + "\n".join(pins) + "\n")
    shutil.rmtree(scratch, ignore_errors=True)
    say(f"wrote {LOCK.relative_to(ROOT)} ({len(pins)} packages)")


def main(argv: list[str]) -> None:
    verbs = {"open": open_lab, "test": test, "build": build}
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return
    verb, extra = argv[0], argv[1:]
    if verb in verbs:
        verbs[verb](extra)
    elif verb == "setup":
        setup()
    elif verb == "lock":
        lock()
    else:
        fail(f"unknown command {verb!r}; use one of: open, test, build, setup, lock")


if __name__ == "__main__":
    main(sys.argv[1:])
