"""Cache entries that check themselves: a header line with a checksum, written atomically, the oldest pruned first.

Shared by the chart cache (``claimlab.chart_cache``: rendered SVG) and the tests' cache of
executed notebooks (``tests/notebook_runs.py``). An entry file is one header line,
``FORMAT SHA-256-of-the-payload``, then the payload. An entry that is cut short, edited or written
in another format fails the check and reads as missing (so it is made again and rewritten), never
as a wrong answer. Entries are written with ``claimlab.files.write_atomic`` (a temporary file,
then a rename), so two processes writing the same entry at once leave one whole entry, never a
mixture. Reading an entry marks it recently used (its modification time); ``prune`` removes the
least recently used until the folder is within its bounds.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def entry_bytes(form: str, payload: bytes) -> bytes:
    """What an entry file holds: a header line (format and the payload's SHA-256), then the payload."""
    return f"{form} {hashlib.sha256(payload).hexdigest()}\n".encode("ascii") + payload


def payload_of(form: str, data: bytes) -> bytes | None:
    """The payload of an entry, or None when the entry is corrupted (header, format or checksum wrong)."""
    header, newline, payload = data.partition(b"\n")
    prefix = f"{form} ".encode("ascii")
    if not newline or not header.startswith(prefix):
        return None
    if hashlib.sha256(payload).hexdigest().encode("ascii") != header[len(prefix):]:
        return None
    return payload


def read_entry(path: Path, form: str) -> bytes | None:
    """The payload kept at path (marked as recently used), or None when it is missing or corrupted."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    payload = payload_of(form, data)
    if payload is not None:
        try:
            os.utime(path)  # recently used: kept when the folder is pruned
        except OSError:
            pass
    return payload


def keep_entry(path: Path, form: str, payload: bytes, max_entries: int | None = None,
               max_bytes: int | None = None) -> bool:
    """Write an entry atomically and prune its folder; False (and nothing raised) when it cannot be written."""
    from claimlab.files import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, entry_bytes(form, payload))
    except OSError:  # a read-only or full folder: the entry is simply made again next time
        return False
    prune(path.parent, path.suffix, max_entries, max_bytes)
    return True


def prune(folder: Path, suffix: str, max_entries: int | None = None, max_bytes: int | None = None) -> None:
    """Remove the least recently used entries (files ending in suffix) until the folder is within both bounds."""
    try:
        entries = [entry for entry in os.scandir(folder) if entry.name.endswith(suffix)]
    except OSError:
        return

    def stat(entry: os.DirEntry) -> tuple[float, int]:
        try:
            info = entry.stat()
        except OSError:
            return 0.0, 0
        return info.st_mtime, info.st_size

    sized = sorted(((*stat(entry), entry.path) for entry in entries))  # oldest first
    total = sum(size for _, size, _ in sized)
    count = len(sized)
    for _, size, path in sized:
        if (max_entries is None or count <= max_entries) and (max_bytes is None or total <= max_bytes):
            break
        try:
            os.unlink(path)
        except OSError:  # another process pruned it first
            pass
        count -= 1
        total -= size
