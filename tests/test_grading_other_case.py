"""Exercises made for another case (`make-exercises --case`) become an nbgrader course too, with real nbgrader.

Apart from tests/test_grading.py (whose module fixture grades the kit's own course) so that the
two run on different workers of the test command: each is a minute or more of nbgrader kernels.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
import pytest

from test_grading import gradebooks, nbgrader_api, nbgrader_cells  # noqa: F401  (gradebooks is a fixture)

pytestmark = pytest.mark.filterwarnings("ignore:Object of type .* not in session")  # nbgrader's own SQLAlchemy use


def test_a_case_made_by_make_exercises_case_becomes_a_course_too(tmp_path, monkeypatch, capsys, gradebooks):
    """The exercises `make-exercises --case NAME --out DIR` writes for another case, generated and validated."""
    import importlib.util

    if importlib.util.find_spec("claimlab.case_exercises") is None:
        pytest.skip("make-exercises --case is not in this version of the kit")
    pytest.importorskip("nbgrader")
    from nbgrader.validator import Validator

    from claimlab.__main__ import main
    from claimlab.paths import cases_dir

    case = next(p.name for p in sorted(cases_dir().iterdir()) if p.is_dir() and p.name != "kratom-opioid-withdrawal")
    assert main(["make-exercises", "--case", case, "--out", str(tmp_path / "made")]) == 0
    solutions = sorted((tmp_path / "made" / "solutions").glob("*.ipynb"))
    assert solutions
    course = tmp_path / "course"
    assert main(["make-exercises", "--nbgrader", str(course), "--from", str(tmp_path / "made" / "solutions")]) == 0
    monkeypatch.setenv("PATH", os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    api, config = nbgrader_api(course, gradebooks / "case.db")
    for path in solutions:
        made = api.generate_assignment(path.stem)
        assert made["success"], made.get("error", "") + made.get("log", "")
        assert Validator(config=config).validate(str(course / "source" / path.stem / path.name)) == {}, path.stem
        checks = [g for g in nbgrader_cells(nbformat.read(course / "source" / path.stem / path.name, as_version=4))
                  if g.startswith("check-")]
        assert checks, path.stem
