"""Run one function in several processes released at the same moment (tests of writers racing each other).

The processes are forked from the test's own process where the platform can (Linux, macOS), so they
start with the kit already imported: a race of a few milliseconds, not of Python start-ups and
imports that take a second or two each and let the processes miss each other. A barrier releases
them together.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from multiprocessing.process import BaseProcess


def _wait_then_run(barrier, function: Callable, args: tuple) -> None:
    barrier.wait(timeout=120)
    function(*args)


def start_at_once(function: Callable, argument_lists: Sequence[tuple]) -> list[BaseProcess]:
    """One process per argument list, each running function(*args) once all of them have started."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    barrier = context.Barrier(len(argument_lists))
    processes = [context.Process(target=_wait_then_run, args=(barrier, function, tuple(args)))
                 for args in argument_lists]
    for process in processes:
        process.start()
    return processes


def exit_codes(processes: Sequence[BaseProcess], timeout: float = 120) -> list[int | None]:
    """Each process's exit code (0: the function returned; None: still running after timeout, then killed)."""
    for process in processes:
        process.join(timeout)
    codes = [process.exitcode for process in processes]
    for process in processes:
        if process.is_alive():
            process.kill()
            process.join()
    return codes


def run_at_once(function: Callable, argument_lists: Sequence[tuple], timeout: float = 120) -> list[int | None]:
    """Exit codes of function(*args), one process per argument list, all released at the same moment."""
    return exit_codes(start_at_once(function, argument_lists), timeout)
