"""Every notebook as a learner sees it: JupyterLab in headless Chromium, all cells run.

nbval proves the code runs in a kernel; it cannot see a blank chart, a widget that did not
render or a highlighted article without highlights. Here each notebook in notebooks/ and
solutions/ (lessons 00-03 and their solutions in this file, 04 on in tests/test_browser_later_lessons.py,
so pytest-xdist runs the two halves on two workers at once, each with its own JupyterLab) is opened
in JupyterLab (served from a temporary copy, so
the stored notebooks are never touched; loaded once per file, each notebook opened in the same
page as from the file browser), run with Run All, and checked: no error output; every chart drawn
(an SVG or canvas, with ink in it); every widget drawn, and every quiz answering (an answer
picked, Check pressed, feedback in its live region); the highlighted article highlighted; no
widget text cut off at 1366 or 1024 px; no serious or critical axe-core finding in the kit's
outputs; no request leaving the machine. A screenshot of each notebook's first screen goes to
test-output/screenshots/ (the whole notebook, in parts, when a check failed, or for every notebook
with CLAIMLAB_SCREENSHOTS=all), and the seconds of each step to test-output/browser-timings.json
(benchmarks/browser_benchmark.py prints them on their own).

Needs Debian's chromium (scripts/install_browser.py, which `python3 kit.py test` runs first,
installs it); without it these tests are skipped with a message saying so.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from browser import lab
from browser.lab_fixtures import CHROMIUM, NO_CHROMIUM, assert_renders_and_answers, browser, lab_page, lab_server, reports, upcoming  # noqa: F401,E501
from conftest import REPO

pytestmark = pytest.mark.browser

NOTEBOOKS = lab.notebooks_to_check("first")


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_notebook_renders_and_answers_in_jupyterlab(path, lab_page, reports, upcoming):
    assert_renders_and_answers(lab_page, path, reports, upcoming)


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
