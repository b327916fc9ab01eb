"""Each case's row of the case library kept on disk, so lesson 00 need not load and check every case.

Loading and checking a case's tables takes a fifth of a second or more; lesson 00 shows a row for
every case the kit holds. The row depends only on the case folder's files and on the kit that
reads them (its code, reference tables, schemas and lessons.yml), so it is kept in a file named
by a SHA-256 of all of those: a changed case, a new reference table or a changed module gets a
new name, and the row is computed again. Nothing stale is ever shown.

Where: a ``case-library`` folder beside the chart cache (``claimlab.chart_cache``), and off when
that is off. Entries are ``claimlab.cache_entries`` entries (a header line with the SHA-256 of the
JSON after it, written atomically): one cut short or edited fails that check and is computed again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import claimlab
from claimlab.cache_entries import keep_entry, read_entry
from claimlab.chart_cache import cache_folder
from claimlab.paths import datasets_dir, lessons_file, reference_dir

FORMAT = "claimlab-case-library-row 1"  # bump when the row's columns or the entry layout change
SUFFIX = ".row-entry"


def library_folder() -> Path | None:
    """The folder of kept rows (beside the chart cache), or None when the chart cache is off."""
    charts = cache_folder()
    return None if charts is None else charts / "case-library"


def kit_files() -> list[Path]:
    """The files every row depends on besides its case: the package's code, reference tables, schemas, lessons.yml."""
    package = Path(claimlab.__file__).parent
    files = sorted(package.glob("*.py"))
    for folder in (reference_dir(), datasets_dir() / "schemas"):
        files += sorted(p for p in folder.rglob("*") if p.is_file())
    return files + [lessons_file()]


def files_digest(files: list[Path], base: Path | None = None) -> str:
    """SHA-256 of files' names (relative to `base`, else their own) and bytes, in order."""
    digest = hashlib.sha256(FORMAT.encode("utf-8"))
    for path in files:
        name = path.relative_to(base).as_posix() if base is not None else path.name
        digest.update(f"\n{name}\n".encode("utf-8"))
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"(unreadable)")
    return digest.hexdigest()


def case_digest(folder: Path, kit: str) -> str:
    """The name of a case's entry: SHA-256 of every file below its folder and of the kit's digest."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return hashlib.sha256(f"{kit}\n{files_digest(files, folder)}".encode("utf-8")).hexdigest()


def kept_rows(folders: list[Path], compute: Callable[[Path], dict], columns: list[str],
              store: Path | None = None) -> list[dict]:
    """Each case's library row from its kept file, or computed by ``compute(folder)`` (and kept) when missing or corrupt."""
    store = library_folder() if store is None else store
    if store is None:
        return [compute(folder) for folder in folders]
    kit = files_digest(kit_files())
    rows = []
    for folder in folders:
        path = store / f"{case_digest(folder, kit)}{SUFFIX}"
        row = _read(path, columns)
        if row is None:
            row = compute(folder)
            _keep(path, row)
        rows.append(row)
    return rows


def _read(path: Path, columns: list[str]) -> dict | None:
    payload = read_entry(path, FORMAT)
    if payload is None:
        return None
    try:
        row = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return row if isinstance(row, dict) and list(row) == columns else None


def _keep(path: Path, row: dict) -> None:
    # a read-only or full folder: keep_entry returns False, and the row is simply computed next time too
    keep_entry(path, FORMAT, json.dumps(row, ensure_ascii=False).encode("utf-8"))
