"""Lessons 04 on and their solutions as a learner sees them in JupyterLab, and the check failing on a broken chart.

The second half of tests/test_browser.py (whose docstring says what is checked and why): the same
checks on each notebook from lesson 04 on (lab.SECOND_HALF_FROM), in notebooks/ and solutions/,
with a JupyterLab of this file's own, so pytest-xdist's ``--dist loadfile`` runs the two halves on
the two workers at once. Here too, tests/browser/broken-chart-renderer.ipynb proves the chart
check fails when a chart needs the network.
"""

from __future__ import annotations


import pytest

from browser import lab
from browser.lab_fixtures import assert_renders_and_answers, browser, lab_page, lab_server, reports, upcoming  # noqa: F401

pytestmark = pytest.mark.browser

LATER = lab.notebooks_to_check("second")
BROKEN = lab.fixture_path("broken-chart-renderer.ipynb")


@pytest.mark.parametrize("path", LATER)
def test_later_notebook_renders_and_answers_in_jupyterlab(path, lab_page, reports, upcoming):
    assert_renders_and_answers(lab_page, path, reports, upcoming)


def test_a_chart_renderer_that_needs_the_network_fails_the_check(lab_page, upcoming):
    """The deliberately broken notebook switches Altair back to its CDN renderer: the check must fail."""
    report = lab.check_notebook(
        lab_page, BROKEN, screenshot_dir=lab.SCREENSHOTS / "fixtures", accessibility=False, upcoming=upcoming
    )
    not_drawn = [p for p in report.problems if "a chart did not render" in p]
    assert not_drawn, f"the check missed the chart that needs the network; it found: {report.problems}"
    assert any(not url.startswith("http://127.0.0.1") for url in report.blocked_requests)
    assert report.charts == 1


test_a_chart_renderer_that_needs_the_network_fails_the_check.opens = BROKEN
