"""Claim Lab's command line: ``python -m claimlab --help``."""

from __future__ import annotations

import argparse
import os
import sys

from claimlab import __version__

FIX = "Run `python3 kit.py setup` from the top of the Claim Lab folder to install it."
NEEDED = ["jupyterlab", "pandas", "altair", "vl_convert", "ipywidgets", "yaml"]


def doctor(_args: argparse.Namespace) -> int:
    """Check that every package the kit needs imports, and say what to run if not."""
    import importlib

    missing = []
    for module in NEEDED:
        try:
            imported = importlib.import_module(module)
        except ImportError as error:
            missing.append(f"{module} ({error})")
            continue
        print(f"  ok  {module} {getattr(imported, '__version__', '')}".rstrip())
    if missing:
        print("Claim Lab's environment is incomplete; missing: " + ", ".join(missing))
        print(FIX)
        return 1
    from claimlab.paths import KitNotFoundError, find_kit

    try:
        folder, rule = find_kit()
    except KitNotFoundError as error:
        print(error)
        return 1
    print(f"  ok  kit files (lessons.yml, datasets/) in {folder} (found by: {rule})")
    print(f"Claim Lab {__version__}: everything it needs is installed.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m claimlab",
        description="Claim Lab: tools for appraising health claims in articles.",
    )
    parser.add_argument("--version", action="version", version=f"claimlab {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser("doctor", help="check that the environment is complete")
    check.set_defaults(run=doctor)
    from claimlab.report import add_report_command
    from claimlab.command_line import add_scan_command

    add_scan_command(commands)
    add_report_command(commands)
    from claimlab.newcase import add_case_commands

    add_case_commands(commands)
    from claimlab.grading import add_make_exercises_command  # the kit's make-exercises, with --nbgrader COURSE

    add_make_exercises_command(commands)
    from claimlab.handin import add_build_assessment_command

    add_build_assessment_command(commands)
    from claimlab.hublink import add_hub_link_command

    add_hub_link_command(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    return args.run(args)


def run_quietly_into_a_pipe(argv: list[str] | None = None) -> int:
    """Run main(); a reader that stops early (`... | head`) ends the output without a traceback."""
    try:
        code = main(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python's own advice: point stdout at devnull so the interpreter's final flush is silent.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # what a shell reports for a command stopped by SIGPIPE (128 + 13)
    return code


if __name__ == "__main__":
    sys.exit(run_quietly_into_a_pipe())
