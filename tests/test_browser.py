"""Every notebook as a learner sees it: JupyterLab in headless Chromium, all cells run.

nbval proves the code runs in a kernel; it cannot see a blank chart, a widget that did not
render or a highlighted article without highlights. Here each notebook in notebooks/ and
solutions/ is opened in JupyterLab (served from a temporary copy, so the stored notebooks are
never touched), run with Run All, and checked: no error output; every chart drawn (an SVG or
canvas, with ink in it); every widget drawn, and every quiz answering (an answer picked, Check
pressed, feedback in its live region); the highlighted article highlighted; no serious or
critical axe-core finding in the kit's outputs; no request leaving the machine. A screenshot of
each notebook goes to test-output/screenshots/, and the seconds from opening a notebook to all
of its outputs rendered to test-output/browser-timings.json (benchmarks/browser_benchmark.py
prints them on their own).

Needs Debian's chromium (scripts/install_browser.py, which `python3 kit.py test` runs first,
installs it); without it these tests are skipped with a message saying so.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
import warnings

import pytest

from browser import lab
from conftest import REPO

pytestmark = pytest.mark.browser

CHROMIUM = lab.chromium_path()
NOTEBOOKS = lab.notebooks_to_check()
BROKEN = lab.fixture_path("broken-chart-renderer.ipynb")
NO_CHROMIUM = (
    "browser test skipped: Debian's chromium is not installed and could not be installed here "
    "(run `python3 scripts/install_browser.py` as root, or `sudo apt-get install chromium`)"
)


class AccessibilityWaiver(UserWarning):
    """A known serious accessibility finding (tests/browser/lab.py KNOWN_AXE), still to fix."""


def _playwright_missing() -> str | None:
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
    lines = [
        f"browser test: screenshots of {len(collected)} notebooks in {lab.SCREENSHOTS.relative_to(REPO)}/, "
        f"seconds from open to all outputs rendered in {timings.relative_to(REPO)}",
        *(f"  {report.summary()}" for report in collected),
    ]
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        terminal.write_line("")
        for line in lines:
            terminal.write_line(line)


@pytest.fixture(scope="module")
def lab_server():
    if CHROMIUM is None:
        pytest.skip(NO_CHROMIUM)
    missing = _playwright_missing()
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


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_notebook_renders_and_answers_in_jupyterlab(path, lab_server, browser, reports):
    report = lab.check_notebook(browser, lab_server, path)
    reports.append(report)
    for waived in report.waived:
        warnings.warn(waived, AccessibilityWaiver, stacklevel=1)
    assert not report.problems, (
        f"{path} as a learner sees it in JupyterLab (screenshot: {report.screenshot}):\n  - "
        + "\n  - ".join(report.problems)
    )


def test_a_chart_renderer_that_needs_the_network_fails_the_check(lab_server, browser):
    """The deliberately broken notebook switches Altair back to its CDN renderer: the check must fail."""
    report = lab.check_notebook(
        browser, lab_server, BROKEN, screenshot_dir=lab.SCREENSHOTS / "fixtures", accessibility=False
    )
    not_drawn = [p for p in report.problems if "a chart did not render" in p]
    assert not_drawn, f"the check missed the chart that needs the network; it found: {report.problems}"
    assert any(not url.startswith("http://127.0.0.1") for url in report.blocked_requests)
    assert report.charts == 1


def test_install_browser_is_quick_when_chromium_is_there():
    if CHROMIUM is None:
        pytest.skip(NO_CHROMIUM)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "install_browser.py")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert time.perf_counter() - start < 10
    assert "chromium" in result.stdout.lower()
