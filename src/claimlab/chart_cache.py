"""Charts already drawn once are kept on disk, so the next kernel shows them without drawing again.

Drawing a chart with vl-convert costs about a second for the first chart of a kernel (its
engine starts) and about 0.3 s for each later one, and the SVG is byte-identical every time the
same chart is drawn with the same vl-convert. So the SVG is kept in a file named by a hash of
the chart's Vega-Lite spec and the vl-convert version (content-addressed): the same chart, in
any lesson, kernel or case, finds its SVG there; a changed chart, a new vl-convert or a new
Altair gets a new name, so a stale picture is never shown.

Where: ``CLAIMLAB_CHART_CACHE`` when set (``off`` turns the cache off), else ``claimlab/charts``
in the user's cache folder (``$XDG_CACHE_HOME``, ``~/Library/Caches`` on macOS,
``%LOCALAPPDATA%`` on Windows, else ``~/.cache``).

Safety: every entry starts with a line holding the SHA-256 of the SVG after it. An entry that is
cut short, edited or otherwise corrupted fails that check and is drawn again (and rewritten),
never shown. Entries are written atomically (``claimlab.cache_entries``, shared with the tests'
cache of executed notebooks: a temporary file, then a rename), so several kernels, or several
learners sharing one folder, never see half a file; a folder the kernel cannot write to just means the chart is drawn every time. The folder
keeps at most ``MAX_ENTRIES`` charts; the least recently used go first.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from claimlab.cache_entries import entry_bytes, keep_entry, payload_of, read_entry

CACHE_ENV = "CLAIMLAB_CHART_CACHE"
FORMAT = "claimlab-chart-svg 1"  # bump when the entry layout changes
MAX_ENTRIES = 500  # about 50-200 KB each
SUFFIX = ".svg-entry"


def cache_folder() -> Path | None:
    """The folder of rendered charts (``CLAIMLAB_CHART_CACHE``, else the user's cache folder), or None when off."""
    chosen = os.environ.get(CACHE_ENV, "").strip()
    if chosen.lower() in {"off", "0", "no", "none", "false"}:
        return None
    if chosen:
        return Path(chosen).expanduser()
    if sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    elif os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"])
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "claimlab" / "charts"


def renderer_version() -> str:
    """The versions of vl-convert (which draws) and Altair (which writes the spec): part of every entry's name."""
    import altair
    import vl_convert

    return f"vl-convert {getattr(vl_convert, '__version__', 'unknown')}, altair {altair.__version__}"


def chart_key(spec: dict, version: str | None = None) -> str:
    """The entry name of a Vega-Lite spec: SHA-256 of the spec (keys sorted) and the renderer's version."""
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    digest = hashlib.sha256(f"{FORMAT}\n{version or renderer_version()}\n{text}".encode("utf-8"))
    return digest.hexdigest()


def entry_text(svg: str) -> str:
    """What an entry file holds: a header line with the SVG's SHA-256, then the SVG."""
    return entry_bytes(FORMAT, svg.encode("utf-8")).decode("utf-8")


def svg_from_entry(text: str) -> str | None:
    """The SVG in an entry, or None when the entry is corrupted (header or checksum wrong)."""
    payload = payload_of(FORMAT, text.encode("utf-8"))
    if payload is None:
        return None
    svg = payload.decode("utf-8")
    return svg if svg.lstrip().startswith("<svg") else None


def cached_svg(spec: dict, draw: Callable[[], str], folder: Path | None = None) -> str:
    """The chart's SVG from the cache, or drawn by ``draw()`` (and kept) when missing or corrupted."""
    # Import vl-convert even when the cache will answer (3 ms, measured): without it, a warm cache made
    # nbclient wait one whole cell timeout after some of lesson 07's widget cells (2026-12-02; the
    # cause is not understood; with the import there was no wait).
    import vl_convert  # noqa: F401

    folder = cache_folder() if folder is None else folder
    if folder is None:
        return draw()
    path = folder / f"{chart_key(spec)}{SUFFIX}"
    svg = _read(path)
    if svg is not None:
        return svg
    svg = draw()
    _keep(path, svg)
    return svg


def _read(path: Path) -> str | None:
    payload = read_entry(path, FORMAT)
    if payload is None:
        return None
    try:
        svg = payload.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return svg if svg.lstrip().startswith("<svg") else None


def _keep(path: Path, svg: str) -> None:
    keep_entry(path, FORMAT, svg.encode("utf-8"), max_entries=MAX_ENTRIES)
