"""Reading a file a person made (a case table, a class's answers): never a traceback, always a fix.

``read_text_file`` turns every way a file can fail to be read (missing, a folder, a symbolic link
that loops, no permission, a name too long, too large, UTF-16 or another encoding, binary) into a
``Problem`` that names the file and says how to fix it. ``csv_records`` splits CSV text into rows
with their line numbers in one pass: a stray double quote is reported on the line where it is
and only that row is left out (the rest of the table is still read), a ragged row is reported,
and a semicolon or tab delimiter is named. ``header_problems`` reports a column named twice. ``reference_rows`` reads one of the kit's own
reference tables (cue families, patterns, phrases, slots), raising on a missing file or column.
"""

from __future__ import annotations

import csv
import errno
import io
import os
from collections.abc import Iterator
from pathlib import Path

from claimlab.files import check_name
from claimlab.errors import ClaimLabInputError, Problem

MAX_TABLE_BYTES = 20_000_000  # a case table or class file larger than this is refused before it is read
MAX_CELL_LINES = 50  # a quoted cell may run over this many lines; beyond it a quote is taken as stray
SAVE_AS_UTF8 = ("save it again as 'CSV UTF-8' (Excel: File > Save As > CSV UTF-8 (Comma delimited); "
                "LibreOffice: Save As > Text CSV, character set Unicode (UTF-8))")
DELIMITERS = {";": "semicolons (;)", "\t": "tabs"}


def read_text_file(path: Path, label: str, limit: int = MAX_TABLE_BYTES) -> tuple[str | None, list[Problem]]:
    """The file's text as UTF-8, or (None, [the problem, with its fix])."""
    path = Path(path)
    too_long = check_name(path)
    if too_long:
        return None, [Problem(label[:300], None, None, "the path cannot be used: " + too_long.split("; ")[0],
                              too_long.split("; ")[-1])]
    try:
        info = path.stat()
    except OSError as error:
        return None, [_stat_problem(path, label, error)]
    if path.is_dir():
        return None, [Problem(label, None, None, "this is a folder, not a file",
                              "put the CSV file itself here, or correct the path in datapackage.json")]
    if info.st_size > limit:
        return None, [Problem(label, None, None, f"the file is {info.st_size / 1e6:.1f} MB, over the kit's limit of "
                                                 f"{limit / 1e6:.0f} MB for a table, so it was not read",
                              "split it into smaller files, or check that it is the right file")]
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [_stat_problem(path, label, error)]
    return decode_text(raw, label)


def decode_text(raw: bytes, label: str) -> tuple[str | None, list[Problem]]:
    """Bytes as UTF-8 text, or a problem naming the encoding found (UTF-16, binary, not UTF-8) and the fix."""
    if is_utf16(raw):
        return None, [Problem(label, None, None, "the file is UTF-16 text, not UTF-8 (Excel's 'Unicode Text' "
                                                 "saves this)", SAVE_AS_UTF8)]
    if b"\x00" in raw:
        return None, [Problem(label, None, None, "this is not a text file (it contains NUL bytes)",
                              "export the table as CSV (UTF-8) from your spreadsheet program")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(label, line, None, "the file is not UTF-8 text (perhaps Windows-1252 or Latin-1)",
                              SAVE_AS_UTF8)]


def is_utf16(raw: bytes) -> bool:
    """True for UTF-16 text: a UTF-16 byte-order mark, or a NUL in every other byte of mostly-ASCII text."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    sample = raw[:4000]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return odd.count(0) > 0.9 * len(odd) > 0 and even.count(0) == 0 or even.count(0) > 0.9 * len(even) > 0 and odd.count(0) == 0


def _stat_problem(path: Path, label: str, error: OSError) -> Problem:
    if error.errno == errno.ELOOP:
        return Problem(label, None, None, "this is a symbolic link that leads back to itself (a link loop)",
                       "replace the link with the file itself (or a link to a real file)")
    if error.errno == errno.ENOENT:
        if os.path.islink(path):
            return Problem(label, None, None, "this is a symbolic link to a file that does not exist",
                           "replace the link with the file itself")
        return Problem(label, None, None, "the file is missing",
                       f"create {path.name} with the header row its schema lists (datasets/schemas/), "
                       "or start a case with `python -m claimlab new-case`")
    if error.errno in (errno.EACCES, errno.EPERM):
        return Problem(label, None, None, "the file cannot be read (permission denied)",
                       f"give yourself permission to read it (e.g. `chmod u+r {path.name}`), or copy it to a folder you own")
    if error.errno == errno.ENAMETOOLONG:
        return Problem(label[:300], None, None, "the file name is too long for the file system", "choose a shorter name")
    return Problem(label, None, None, f"the file cannot be read ({error.strerror or error})",
                   "check the file and the folder it is in, then try again")


def delimiter_problem(header_line: str, label: str) -> Problem | None:
    """A problem when the header row is separated by semicolons or tabs rather than commas, else None."""
    if "," in header_line:
        return None
    for delimiter, name in DELIMITERS.items():
        if delimiter in header_line:
            return Problem(label, 1, None, f"the columns are separated by {name}, not commas",
                           "save the file as CSV with commas (Excel: CSV UTF-8 (Comma delimited); LibreOffice: "
                           "field delimiter ','), or, in a text editor, replace each separator with a comma")
    return None


def header_problems(header: list[str], label: str) -> list[Problem]:
    """A problem for each column name that appears more than once (only the first would be used)."""
    problems, first = [], {}
    for position, name in enumerate(header, start=1):
        if name in first:
            problems.append(Problem(label, 1, name, f"this column appears twice (columns {first[name]} and {position}); "
                                                    "only the first is read", "delete or rename one of them"))
        else:
            first[name] = position
    return problems


def csv_records(text: str, label: str, problems: list[Problem], delimiter: str = ",",
                width: int | None = None, left_out: str = "; row left out") -> Iterator[tuple[int, list[str]]]:
    """Each non-blank CSV row with its line number (the first row is the header), in one pass over the text.

    A row that cannot be read (a stray double quote) or has the wrong number of cells (width,
    by default the header's) becomes a problem on its own line and is left out; the next rows
    are read.
    """
    lines = text.split("\n")
    count = len(lines)
    index = 0
    while index < count:
        start = index
        line = lines[start].removesuffix("\r")
        cells = _parse(line, delimiter)
        end = start
        if cells is None:  # an open quote: a cell over several lines, or a stray quote
            chunk, quotes = line, line.count('"')
            while end + 1 < count and end - start < MAX_CELL_LINES:
                end += 1
                chunk += "\n" + lines[end].removesuffix("\r")
                quotes += lines[end].count('"')
                if quotes % 2 == 0:
                    cells = _parse(chunk, delimiter)
                    if cells is not None:
                        break
            if cells is None or (width is not None and len(cells) != width):
                problems.append(Problem(label, start + 1, None,
                                        "a stray double quote on this line runs its cell on into the next lines"
                                        + left_out, "remove the quote, or double it (\"\") if it belongs in the text; "
                                        "a cell that holds a comma must start and end with a quote"))
                index = start + 1
                continue
        index = end + 1
        if not any(cell.strip() for cell in cells):
            continue
        if width is not None and len(cells) != width:
            problems.append(Problem(label, start + 1, None,
                                    f"this row has {len(cells)} cells but the header has {width}{left_out}",
                                    "check for a missing or extra comma, or an unquoted comma inside a cell"))
            continue
        if width is None:
            width = len(cells)  # the header row sets the width of the rows after it
        yield start + 1, cells


def _parse(chunk: str, delimiter: str) -> list[str] | None:
    """One CSV record, or None when the text is not exactly one whole record."""
    try:
        records = list(csv.reader(io.StringIO(chunk, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        return None
    if len(records) > 1:
        return None
    return records[0] if records else []


def reference_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a reference table with their line numbers, values stripped; a missing file or column raises."""
    if not path.exists():
        raise ClaimLabInputError(
            f"{path}: no such file. Restore it from the kit (git checkout -- {path.name})."
        )
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in columns if column not in (reader.fieldnames or [])]
        if missing:
            raise ClaimLabInputError(
                f"{path}, row 1 (header), field {missing[0]!r}: column missing. "
                f"The header must be: {','.join(columns)}."
            )
        return [(reader.line_num, {key: (value or "").strip() for key, value in row.items() if key}) for row in reader]
