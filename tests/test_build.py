"""The one build command (scripts/build.py, run as `python3 kit.py build [--check]`).

Every generated file must match what its source makes now, and a drifted copy of each kind
(handout, data dictionary, README table, printable assessment) must be reported.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _load_build():
    spec = importlib.util.spec_from_file_location("kit_build", REPO / "scripts" / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["kit_build"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


build = _load_build()
STEPS = {step.name: step for step in build.STEPS}


@lru_cache(maxsize=None)
def expected(name: str) -> dict[Path, str]:
    return STEPS[name].expected()


@pytest.mark.parametrize("name", sorted(STEPS))
def test_every_generated_file_matches_its_source(name):
    changed = build.changed_files(expected(name))
    assert not changed, (f"{name}: {[str(p.relative_to(REPO)) for p in changed]} drifted; "
                         "run `python3 kit.py build` and commit the result")


def _one_file(name: str, pick) -> Path:
    files = [p for p in expected(name) if pick(p)]
    assert files, f"the {name} step makes no file matching the test's pick"
    return files[0]


@pytest.mark.parametrize("name, pick, edit", [
    ("handouts", lambda p: p.suffix == ".html", lambda t: t.replace("<h1", "<h2", 1)),
    ("dictionary", lambda p: "kratom" in str(p), lambda t: t.replace("| yes |", "|  |", 1)),
    ("readme", lambda p: p.name == "README.md", lambda t: t.replace("| 50 |", "| 55 |", 1)),
    ("assessment", lambda p: p.name == "printable.md", lambda t: t + "\nAn extra line typed by hand.\n"),
])
def test_a_drifted_copy_is_reported(name, pick, edit):
    target = _one_file(name, pick)
    truth = expected(name)[target]
    stale = edit(truth)
    assert stale != truth, "the edit must change the file"

    def read(path: Path) -> str | None:
        return stale if path == target else expected(name)[path]

    assert build.changed_files(expected(name), read) == [target]


def test_a_missing_generated_file_is_reported():
    files = expected("assessment")
    missing = next(iter(files))
    assert build.changed_files(files, lambda p: None if p == missing else files[p]) == [missing]


def test_a_readme_dictionary_follows_its_schemas():
    readme = REPO / "datasets" / "cases" / "kratom-opioid-withdrawal" / "README.md"
    text = expected("dictionary")[readme]
    for table, schema in build.schemas_of(readme.parent):
        assert f"#### `{table}`" in text
        for field in __import__("json").loads(schema.read_text())["fields"]:
            assert f"| `{field['name']}` |" in text, f"{table}: column {field['name']} missing from the dictionary"


def test_notebook_stamp_follows_the_kits_inputs():
    nb_path = REPO / "notebooks" / "00-start-here.ipynb"
    shared = "x"
    before = build.notebook_stamp(nb_path, shared)
    assert before == build.notebook_stamp(nb_path, shared)
    assert before != build.notebook_stamp(nb_path, "y"), "the stamp must follow the kit's shared inputs"


def test_build_list_names_every_step():
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "build.py"), "--list"],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0
    for name in ["notebooks", "exercises", *STEPS]:
        assert name in result.stdout
