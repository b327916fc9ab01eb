"""The ``scan`` command (``python -m claimlab scan ARTICLE``) and the safe file writing commands share.

A command given bad input prints one line that names the file and the fix, and exits with code 2;
it never shows a Python traceback and never replaces a file unless asked to with ``--force``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimlab.errors import ClaimLabInputError
from claimlab.files import check_name, write_atomic
from claimlab.scan_formats import FORMATS, scan_output


def write_new_file(path: str | Path, content: str, force: bool = False) -> Path:
    """Write text to a file, refusing to replace an existing file unless force=True."""
    path = Path(path)
    too_long = check_name(path)
    if too_long:
        raise ClaimLabInputError(f"{str(path)[:60]}...: {too_long}.")
    if path.exists() and not force:
        raise ClaimLabInputError(f"{path} already exists. Choose another name, or add --force to replace it.")
    if not path.parent.exists():
        raise ClaimLabInputError(
            f"{path}: the folder {path.parent} does not exist. Create it first or choose another folder."
        )
    try:
        write_atomic(path, content, replace=force)
    except FileExistsError as error:
        raise ClaimLabInputError(f"{path} already exists. Choose another name, or add --force to replace it.") from error
    except OSError as error:
        raise ClaimLabInputError(f"{error.strerror or error}. Choose a folder you can write to.") from error
    return path


def add_scan_command(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``scan ARTICLE --format json|csv|md|html [--output FILE] [--force]`` to the command line."""
    command = subparsers.add_parser("scan", help="find the language of claims in an article")
    command.add_argument("article", help="the article: a .txt, .md or .html file")
    command.add_argument("--format", choices=FORMATS, default="json", help="output format (default json)")
    command.add_argument("--output", "-o", help="write to this file instead of the screen")
    command.add_argument("--force", action="store_true", help="replace the output file if it exists")
    command.set_defaults(run=run_scan)
    return command


def run_scan(args: argparse.Namespace) -> int:
    """Run ``scan``: print or save the cues; bad input gives a one-line message and exit code 2."""
    try:
        content = scan_output(Path(args.article), args.format)
        if args.output:
            write_new_file(args.output, content, force=args.force)
            print(f"Saved the scan of {args.article} to {args.output}.", file=sys.stderr)
        else:
            try:
                sys.stdout.write(content)
            except UnicodeEncodeError:  # a console that cannot show every character
                sys.stdout.flush()
                sys.stdout.buffer.write(content.encode("utf-8"))
    except ClaimLabInputError as error:
        print(f"claimlab scan: {error}", file=sys.stderr)
        return 2
    return 0
