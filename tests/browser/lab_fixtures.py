"""The pytest fixtures both browser test files share: one JupyterLab, one Chromium, one page per file.

tests/test_browser.py (lessons 00-03 and their solutions) and tests/test_browser_later_lessons.py
(04 on, and the broken-chart fixture) each import these, so each file has its own JupyterLab and
page (module-scoped fixtures), and pytest-xdist's ``--dist loadfile`` runs the two files on the two
workers at once.
"""

from __future__ import annotations

import contextlib
import warnings

import pytest

from browser import lab

CHROMIUM = lab.chromium_path()
NO_CHROMIUM = (
    "browser test skipped: Debian's chromium is not installed and could not be installed here "
    "(run `python3 scripts/install_browser.py` as root, or `sudo apt-get install chromium`)"
)


class AccessibilityWaiver(UserWarning):
    """A known serious accessibility finding (tests/browser/lab.py KNOWN_AXE), still to fix."""


def assert_renders_and_answers(lab_page, path: str, reports: list, upcoming: str | None) -> None:
    """Check one notebook as a learner sees it; warn about known accessibility findings, fail on any problem."""
    report = lab.check_notebook(lab_page, path, upcoming=upcoming)
    reports.append(report)
    for waived in report.waived:
        warnings.warn(waived, AccessibilityWaiver, stacklevel=2)
    assert not report.problems, (
        f"{path} as a learner sees it in JupyterLab (screenshot: {report.screenshot}):\n  - "
        + "\n  - ".join(report.problems)
    )


def playwright_missing() -> str | None:
    """Why the browser tests cannot run without Playwright, or None when it is there."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "browser test skipped: the playwright package is missing (run `python3 kit.py setup`)"
    return None


@pytest.fixture(scope="module")
def reports(request):
    """Every notebook's report; at the end, where the screenshots and timings went, and the timings."""
    collected: list[lab.Report] = []
    yield collected
    if not collected:
        return
    timings = lab.write_timings(collected)
    terminal = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if terminal is None:
        return
    shots = "whole notebooks" if lab.screenshots_wanted() == "all" else "first screens (whole notebooks that failed)"
    lines = [
        f"browser test ({request.module.__name__}): screenshots ({shots}) of {len(collected)} notebooks in "
        f"{lab.SCREENSHOTS.relative_to(lab.REPO)}/, seconds per step in {timings.relative_to(lab.REPO)}",
        *(f"  {report.summary()}" for report in collected),
    ]
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        terminal.write_line("")
        for line in lines:
            terminal.write_line(line)


@pytest.fixture(scope="module")
def lab_server():
    """JupyterLab over a temporary copy of the kit, for one test file."""
    if CHROMIUM is None:
        pytest.skip(NO_CHROMIUM)
    missing = playwright_missing()
    if missing:
        pytest.skip(missing)
    server = lab.LabServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser(lab_server):
    opened = lab.open_browser(CHROMIUM)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(scope="module")
def lab_page(lab_server, browser):
    """One page with JupyterLab loaded once; every notebook of the file is opened in it."""
    page = lab.open_lab(browser, lab_server)
    try:
        yield page
    finally:
        page.close()


@pytest.fixture
def upcoming(request):
    """The notebook the next test of this file will open (its kernel starts early), or None."""
    items = [item for item in request.session.items if getattr(item, "module", None) is request.module]
    here = items.index(request.node) if request.node in items else -1
    for item in items[here + 1:]:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "path" in params:
            return params["path"]
        if getattr(item.function, "opens", None):
            return item.function.opens
    return None
