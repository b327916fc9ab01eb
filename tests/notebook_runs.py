"""Running a notebook for a test, and keeping what it showed so the next identical run need not wait.

Every test that executes a notebook calls ``run_notebook`` (one place that starts nbclient). The
executed notebook is kept in a content-addressed cache: the entry's name is a SHA-256 over
everything that can change what the notebook shows (``run_key``):

- the notebook as given (its bytes, after any edit the test made, such as its ``CASE`` line);
- the bytes of every file of the kit it can read: ``src/``, ``datasets/``, ``lessons.yml``,
  ``pyproject.toml``, the requirements lock, ``assessment/`` and ``instructors/``;
- the contents of the folder it runs in (hashed by content, not by path), of every folder a
  ``CLAIMLAB_*`` variable names (``CLAIMLAB_DATASETS`` pointing at a copy of the data), and of any
  other folder the test names in ``inputs``;
- the values of the other ``CLAIMLAB_*`` variables, the Python version, the versions of nbclient,
  ipykernel, jupyter_client and nbformat, the kernel's name, the options that change outputs
  (``allow_errors``, ``store_widget_state``; not the timeout) and today's date (lessons print it).

Paths are not in the key, so a test's temporary folder (a new name every run) still finds its
entry. That is only safe when the outputs do not show the path: after a run, the entry records
each such path that appears in the outputs (and all of them when any temporary-folder path
appears), and it is used only when those paths are the same again. Files the run wrote or
changed in its folder are kept in the entry and written back on a hit, so the folder ends as a
fresh run leaves it.

Entries live in ``.cache/notebook-runs/`` (gitignored), are checked by a checksum (a corrupt
entry reads as missing: the notebook is run and the entry rewritten), are written atomically
(two xdist workers writing the same entry leave one whole entry) and are pruned, least recently
used first, to ``MAX_BYTES``. ``CLAIMLAB_RUN_CACHE=off`` runs every notebook; a folder path puts
the cache there. A fresh clone (CI) has no cache, so there everything runs.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import sys
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from pathlib import Path

import nbformat

from claimlab.cache_entries import keep_entry, read_entry

REPO = Path(__file__).resolve().parents[1]
CACHE_ENV = "CLAIMLAB_RUN_CACHE"
FORMAT = "claimlab-notebook-run 1"  # bump when the entry layout or the key's recipe changes
SUFFIX = ".run"
MAX_BYTES = 500 * 1024 * 1024  # about 100-200 KB per compressed entry: thousands of runs
KIT_INPUTS = ("src", "datasets", "lessons.yml", "pyproject.toml", "requirements/lock.txt", "assessment",
              "instructors")
# CLAIMLAB_* variables that cannot change what a notebook shows: this cache's own switch, and the
# chart cache, whose SVG is byte-identical to a freshly drawn one (claimlab.chart_cache).
NOT_IN_KEY = {CACHE_ENV, "CLAIMLAB_CHART_CACHE"}
SKIPPED_NAMES = {"__pycache__"}  # written by Python itself as it imports; never read by a lesson
RUNTIME_PACKAGES = ("nbclient", "ipykernel", "jupyter_client", "nbformat")


@dataclass
class RunKey:
    """An entry's name and the paths that were left out of it (a run whose outputs show one depends on it)."""

    digest: str
    paths: dict[str, str] = field(default_factory=dict)


def cache_folder() -> Path | None:
    """The cache of executed notebooks (``CLAIMLAB_RUN_CACHE``, else .cache/notebook-runs), or None when off."""
    chosen = os.environ.get(CACHE_ENV, "").strip()
    if chosen.lower() in {"off", "0", "no", "none", "false"}:
        return None
    return Path(chosen).expanduser() if chosen else REPO / ".cache" / "notebook-runs"


def file_digests(path: Path) -> dict[str, str]:
    """SHA-256 of each file under path (or of path itself), by its path relative to path."""
    if path.is_file():
        return {".": hashlib.sha256(path.read_bytes()).hexdigest()}
    found = {}
    for folder, folders, files in os.walk(path):
        folders[:] = sorted(name for name in folders if name not in SKIPPED_NAMES)
        for name in sorted(files):
            if name.endswith(".pyc"):
                continue
            full = Path(folder) / name
            try:
                found[full.relative_to(path).as_posix()] = hashlib.sha256(full.read_bytes()).hexdigest()
            except OSError:  # vanished or unreadable: recorded as such
                found[full.relative_to(path).as_posix()] = "unreadable"
    return found


def tree_digest(path: Path) -> str:
    """One SHA-256 over the names and bytes of every file under path (by content, not by where it is)."""
    if not path.exists():
        return "missing"
    return hashlib.sha256(json.dumps(file_digests(path), sort_keys=True).encode("utf-8")).hexdigest()


def run_key(nb: nbformat.NotebookNode, cwd: Path, kernel_name: str = "python3", allow_errors: bool = False,
            store_widget_state: bool = True, inputs: tuple[Path, ...] = ()) -> RunKey:
    """The cache key of running nb in cwd: a SHA-256 over all that can change its outputs (see the module)."""
    parts: dict[str, object] = {
        "format": FORMAT,
        "notebook": hashlib.sha256(nbformat.writes(nb).encode("utf-8")).hexdigest(),
        "kit": {name: tree_digest(REPO / name) for name in KIT_INPUTS},
        "cwd": tree_digest(Path(cwd)),
        "inputs": [tree_digest(Path(path)) for path in inputs],
        "python": sys.version,
        "packages": {name: _version(name) for name in RUNTIME_PACKAGES},
        "kernel": kernel_name,
        "options": {"allow_errors": allow_errors, "store_widget_state": store_widget_state},
        "today": date.today().isoformat(),
    }
    paths = {"cwd": str(cwd), **{f"inputs[{n}]": str(path) for n, path in enumerate(inputs)}}
    variables = {}
    for name in sorted(os.environ):
        if not name.startswith("CLAIMLAB_") or name in NOT_IN_KEY:
            continue
        value = os.environ[name]
        if value.strip() and Path(value).expanduser().exists():
            variables[name] = {"contents": tree_digest(Path(value).expanduser())}
            paths[name] = value
        else:
            variables[name] = {"value": value}
    parts["variables"] = variables
    text = json.dumps(parts, sort_keys=True)
    return RunKey(hashlib.sha256(text.encode("utf-8")).hexdigest(), paths)


def run_notebook(nb: nbformat.NotebookNode, cwd: Path, *, timeout: int = 300, kernel_name: str = "python3",
                 allow_errors: bool = False, store_widget_state: bool = True,
                 inputs: tuple[Path, ...] = ()) -> nbformat.NotebookNode:
    """Execute nb in the folder cwd (in place, and returned), or take its outputs from the cache of identical runs."""
    from nbclient import NotebookClient

    cwd = Path(cwd)
    folder = cache_folder()
    key = run_key(nb, cwd, kernel_name, allow_errors, store_widget_state, inputs) if folder else None
    if key is not None:
        kept = _read(folder / f"{key.digest}{SUFFIX}", key)
        if kept is not None:
            executed, written = kept
            _write_back(cwd, written)
            nb.clear()
            nb.update(executed)
            return nb
    before = file_digests(cwd) if cwd.is_dir() else {}
    NotebookClient(nb, timeout=timeout, kernel_name=kernel_name, allow_errors=allow_errors,
                   store_widget_state=store_widget_state, resources={"metadata": {"path": str(cwd)}}).execute()
    if key is not None:
        _keep(folder / f"{key.digest}{SUFFIX}", nb, key, cwd, before)
    return nb


def steady_folder(name: str) -> Path:
    """An empty folder whose path is the same on every run of this checkout, for a test whose notebooks show it.

    A temporary folder gets a new name each run, and a run whose outputs show that name can never
    be answered from the cache. This one is named by the checkout and the test (two test sessions
    of one checkout at once would share it); the caller removes it when done.
    """
    checkout = hashlib.sha256(str(REPO).encode("utf-8")).hexdigest()[:12]
    folder = Path(tempfile.gettempdir()) / f"claimlab-test-runs-{checkout}" / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def shown_paths(text: str, paths: dict[str, str]) -> dict[str, str]:
    """The paths left out of the key that the outputs depend on: each one shown, or all if a temporary folder is."""
    if tempfile.gettempdir().rstrip(os.sep) + os.sep in text:
        return dict(paths)
    return {name: path for name, path in paths.items() if path and path in text}


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "missing"


def _written(cwd: Path, before: dict[str, str]) -> dict[str, str | None]:
    """Files the run made or changed in cwd (base64 of their bytes), and those it removed (None)."""
    if not cwd.is_dir():
        return {}
    after = file_digests(cwd)
    changed: dict[str, str | None] = {name: base64.b64encode((cwd / name).read_bytes()).decode("ascii")
                                      for name, digest in after.items() if before.get(name) != digest}
    changed.update({name: None for name in before if name not in after})
    return changed


def _write_back(cwd: Path, written: dict[str, str | None]) -> None:
    from claimlab.files import write_atomic

    for name, content in written.items():
        target = cwd / name
        if content is None:
            target.unlink(missing_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, base64.b64decode(content))


def _keep(path: Path, nb: nbformat.NotebookNode, key: RunKey, cwd: Path, before: dict[str, str]) -> None:
    text = nbformat.writes(nb)
    entry = {"notebook": text, "paths": shown_paths(text, key.paths), "written": _written(cwd, before)}
    keep_entry(path, FORMAT, zlib.compress(json.dumps(entry).encode("utf-8")), max_bytes=MAX_BYTES)


def _read(path: Path, key: RunKey) -> tuple[nbformat.NotebookNode, dict[str, str | None]] | None:
    payload = read_entry(path, FORMAT)
    if payload is None:
        return None
    try:
        entry = json.loads(zlib.decompress(payload))
        if any(key.paths.get(name) != value for name, value in entry["paths"].items()):
            return None  # its outputs show a path that is different now
        return nbformat.reads(entry["notebook"], as_version=4), entry["written"]
    except (ValueError, KeyError, TypeError, zlib.error, nbformat.reader.NotJSONError):
        return None
