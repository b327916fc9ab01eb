"""Writing files so that nothing is lost: atomic, checked writes and dated backups.

Every file the kit writes goes through ``write_atomic``: the content goes to a temporary file in
the same folder, is flushed and synced to the disk, and only then renamed over the target. A
failed write (a full disk, a folder you cannot write to) leaves the previous file exactly as it
was and no half-written or empty file behind; the temporary file is removed.

Two processes writing the same file at once never interleave: each writes its own temporary
file and the rename is atomic, so the target is always one writer's whole file. With
``replace=False`` the final step is a hard link instead of a rename, which fails if the target
appeared in the meantime ("rename with check"): a file that exists is never replaced unless asked.

``keep_backup`` copies a file into a dated backup before something replaces it.
"""

from __future__ import annotations

import errno
import os
import tempfile
from datetime import datetime
from pathlib import Path

MAX_NAME = 255  # the longest file name most file systems accept (bytes, in UTF-8)


class WriteError(OSError):
    """A file that could not be written; the message says which file, why, and what to do."""


def check_name(path: str | Path) -> str | None:
    """What is wrong with a path's length (a name over 255 bytes, a path over 4,096), or None."""
    path = Path(path)
    for part in path.parts:
        if len(part.encode("utf-8", "surrogateescape")) > MAX_NAME:
            return (f"the name '{part[:40]}...' is {len(part.encode('utf-8', 'surrogateescape'))} bytes long, "
                    f"over the {MAX_NAME} a file name can have; choose a shorter name")
    if len(str(path).encode("utf-8", "surrogateescape")) > 4096:
        return "the path is longer than 4,096 bytes; choose a folder nearer the top"
    return None


def write_atomic(path: str | Path, content: str | bytes, replace: bool = True) -> Path:
    """Write the whole content to path or nothing: temp file, flush, fsync, rename (or link if replace=False).

    Raises FileExistsError when replace=False and the file exists (even if it appeared a moment
    ago); raises WriteError, naming the file and the reason, when it cannot be written. In both
    cases the file that was there before is unchanged.
    """
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    problem = check_name(path)
    if problem:
        raise WriteError(errno.ENAMETOOLONG, f"{path}: {problem}")
    if not replace and path.exists():
        raise FileExistsError(errno.EEXIST, f"{path} already exists", str(path))
    folder = path.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise WriteError(error.errno, f"{path} could not be written ({error.strerror or error}): "
                                      "check that the folder exists and that you can write to it") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if os.path.getsize(temporary) != len(data):
            raise OSError(errno.EIO, "the file on disk is shorter than what was written")
        if replace:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails with EEXIST if the file appeared meanwhile
            os.unlink(temporary)
        _sync_folder(folder)
    except FileExistsError:
        _remove(temporary)
        raise
    except OSError as error:
        _remove(temporary)
        reason = error.strerror or str(error)
        fix = ("free some disk space, then save again" if error.errno in (errno.ENOSPC, errno.EDQUOT)
               else "check that you can write to this folder, or choose another one")
        raise WriteError(error.errno, f"{path} could not be written ({reason}); the previous file, if any, "
                                      f"is unchanged: {fix}") from error
    return path


def backup_name(path: Path, when: datetime | None = None) -> str:
    """The name of a dated backup of a file, e.g. '06-bring.2026-12-01T22-15-03.ipynb'."""
    stamp = (when or datetime.now()).strftime("%Y-%m-%dT%H-%M-%S")
    return f"{path.stem}.{stamp}{path.suffix}"


def keep_backup(path: str | Path, folder: str | Path | None = None) -> Path | None:
    """Copy a file to a dated backup (in folder, default a 'backups' folder beside it) before it is replaced.

    Returns the backup's path, or None when there was no file to keep. Never overwrites an older
    backup: a second backup in the same second gets a number.
    """
    path = Path(path)
    if not path.is_file():
        return None
    target_folder = Path(folder) if folder is not None else path.parent / "backups"
    target_folder.mkdir(parents=True, exist_ok=True)
    data = path.read_bytes()
    name = backup_name(path)
    for number in range(1, 1000):
        stem = name[: len(name) - len(path.suffix)] if path.suffix else name
        candidate = target_folder / (name if number == 1 else f"{stem}-{number}{path.suffix}")
        try:
            write_atomic(candidate, data, replace=False)
        except FileExistsError:
            continue
        return candidate
    raise WriteError(errno.EEXIST, f"{path}: too many backups in one second in {target_folder}")


def _sync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _remove(temporary: str) -> None:
    try:
        os.unlink(temporary)
    except OSError:
        pass
