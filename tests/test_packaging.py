"""The kit finds its files wherever it is installed, and a wheel of it carries its data.

The rule (claimlab.paths): the working folder's kit (the nearest folder, from the working folder
up, holding lessons.yml and datasets/), then $CLAIMLAB_HOME, then the data installed with the
package. Unit tests pin each step and the message when nothing is found; the last tests build a
wheel, install it into a clean virtual environment (no pip download: the wheel with --no-deps,
and a .pth file lending this environment's site-packages for the dependencies, as a hub image's
environment would hold them) and run lessons 00-06 (nbval, every cell) from an empty folder with
no environment variable.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from claimlab import paths
from conftest import REPO

LESSONS = sorted((REPO / "notebooks").glob("0[0-6]-*.ipynb"))
KIT_ENV = ("CLAIMLAB_HOME", "CLAIMLAB_DATASETS")


def make_kit(folder: Path, title: str = "A title only this copy has") -> Path:
    """A small kit folder: a lessons.yml with one lesson and a datasets/ with one answer key."""
    (folder / "datasets" / "answer-keys").mkdir(parents=True)
    (folder / "datasets" / "answer-keys" / "01-x.json").write_text("{}")
    (folder / "lessons.yml").write_text(
        f"lessons:\n  - {{number: '01', slug: x, title: {title}, summary: s, minutes: 5, status: ready}}\n")
    return folder


@pytest.fixture
def no_kit_env(monkeypatch):
    for name in KIT_ENV:
        monkeypatch.delenv(name, raising=False)


def test_the_working_folders_kit_comes_first(tmp_path, monkeypatch, no_kit_env):
    kit = make_kit(tmp_path / "pulled" / "claimlab")
    (kit / "notebooks").mkdir()
    monkeypatch.chdir(kit / "notebooks")
    monkeypatch.setenv("CLAIMLAB_HOME", str(make_kit(tmp_path / "elsewhere")))
    assert paths.find_kit() == (kit, "working folder")
    from claimlab.lessons import lesson_map
    from claimlab.answers import find_answer_key

    assert lesson_map()["title"].tolist() == ["A title only this copy has"]
    assert find_answer_key("01-x") == kit / "datasets" / "answer-keys" / "01-x.json"


def test_claimlab_home_comes_next(tmp_path, monkeypatch, no_kit_env):
    home = make_kit(tmp_path / "home")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAIMLAB_HOME", str(home))
    assert paths.find_kit() == (home, "CLAIMLAB_HOME")
    assert paths.lessons_file() == home / "lessons.yml"
    assert paths.cases_dir() == home / "datasets" / "cases"


def test_a_claimlab_home_that_is_no_kit_is_named_in_the_message(tmp_path, monkeypatch, no_kit_env):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAIMLAB_HOME", str(tmp_path / "nowhere"))
    with pytest.raises(paths.KitNotFoundError, match="CLAIMLAB_HOME is set to .*nowhere.*lessons.yml"):
        paths.kit_home()


def test_the_installed_kit_comes_last(tmp_path, monkeypatch, no_kit_env):
    monkeypatch.chdir(tmp_path)
    installed = make_kit(tmp_path / "site-packages" / "claimlab" / "kit")
    monkeypatch.setattr(paths, "INSTALLED_KIT", installed)
    assert paths.find_kit() == (installed, "installed")


def test_nothing_found_says_where_it_looked_and_what_to_do(tmp_path, monkeypatch, no_kit_env):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(paths, "INSTALLED_KIT", tmp_path / "no-kit")
    monkeypatch.setattr(paths, "REPO", tmp_path / "no-checkout")
    with pytest.raises(paths.KitNotFoundError) as error:
        paths.datasets_dir()
    message = str(error.value)
    assert str(tmp_path) in message and "CLAIMLAB_HOME" in message and "lessons.yml" in message
    assert isinstance(error.value, FileNotFoundError)


def test_claimlab_datasets_still_overrides_the_data_alone(tmp_path, monkeypatch, no_kit_env):
    monkeypatch.setenv("CLAIMLAB_DATASETS", str(tmp_path / "data"))
    assert paths.datasets_dir() == tmp_path / "data"
    assert paths.lessons_file() == REPO / "lessons.yml"


def test_no_module_builds_its_own_path_to_the_kits_data():
    """Every path to datasets/ or lessons.yml goes through claimlab.paths (the one rule)."""
    offenders = []
    for module in sorted((REPO / "src" / "claimlab").glob("*.py")):
        if module.name == "paths.py":
            continue
        for number, line in enumerate(module.read_text().splitlines(), 1):
            code = line.split("#")[0]
            if ('/ "datasets"' in code and "root /" not in code and "cwd()" not in code) or '/ "lessons.yml"' in code:
                offenders.append(f"{module.name}:{number}: {line.strip()}")
    assert not offenders, "use claimlab.paths instead:\n" + "\n".join(offenders)


# -- the wheel ------------------------------------------------------------------------------------

SOURCE_FILES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE", "lessons.yml")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of this checkout (so no build/ folder lands in the repository)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in SOURCE_FILES:
        shutil.copy2(REPO / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints")
    shutil.copytree(REPO / "src", source / "src", ignore=ignore)
    shutil.copytree(REPO / "datasets", source / "datasets", ignore=ignore)
    out = work / "dist"
    build_wheel(source, out)
    return next(out.glob("claimlab-*.whl"))


def build_wheel(source: Path, out: Path) -> None:
    """pip wheel, offline, with this environment's setuptools."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--no-index", "--disable-pip-version-check", "-w", str(out), str(source)],
                   check=True, timeout=300)


def kit_files_in(wheel: Path) -> set[str]:
    return {name for name in zipfile.ZipFile(wheel).namelist() if name.startswith("claimlab/kit/")}


def test_a_wheel_built_from_the_source_distribution_carries_the_data_too(wheel, tmp_path):
    """What `python -m build` does (sdist, then a wheel from it): MANIFEST.in must ship the data."""
    source = wheel.parent.parent / "source"
    subprocess.run([sys.executable, "setup.py", "-q", "sdist", "-d", str(tmp_path / "sdist")], cwd=source,
                   check=True, capture_output=True, timeout=300)
    build_wheel(next((tmp_path / "sdist").glob("claimlab-*.tar.gz")), tmp_path / "dist")
    assert kit_files_in(next((tmp_path / "dist").glob("claimlab-*.whl"))) == kit_files_in(wheel)


@pytest.fixture(scope="module")
def clean_venv(wheel, tmp_path_factory) -> Path:
    """A new virtual environment holding only the wheel; the dependencies lent from this one by a .pth."""
    env = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "kit-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", "--disable-pip-version-check", str(wheel)], check=True, timeout=300)
    return python


def clean_run(python: Path, args: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in KIT_ENV and k != "PYTHONPATH"}
    return subprocess.run([str(python), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def test_the_wheel_carries_lessons_yml_and_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {"claimlab/kit/lessons.yml"} | {
        "claimlab/kit/" + p.relative_to(REPO).as_posix() for p in (REPO / "datasets").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts}
    assert not wanted - names, f"missing from the wheel: {sorted(wanted - names)[:10]}"
    assert any(n.startswith("claimlab/kit/datasets/answer-keys/") for n in names)


def test_the_installed_wheel_finds_its_own_data_from_an_empty_folder(clean_venv, tmp_path):
    result = clean_run(clean_venv, ["-c", "import claimlab, claimlab.paths as p; print(claimlab.__file__); "
                                          "print(*p.find_kit()); print(len(list(p.cases_dir().iterdir())))"],
                       tmp_path, 120)
    assert result.returncode == 0, result.stderr
    module, found, cases = result.stdout.splitlines()[:3]
    assert int(cases) >= 1, "the installed kit has no case"
    venv_root = clean_venv.parent.parent
    assert Path(module).is_relative_to(venv_root), f"claimlab came from {module}, not the clean venv"
    folder, rule = found.rsplit(" ", 1)
    assert rule == "installed" and Path(folder).is_relative_to(venv_root), found


def test_doctor_says_where_the_installed_kit_found_its_files(clean_venv, tmp_path):
    result = clean_run(clean_venv, ["-m", "claimlab", "doctor"], tmp_path, 120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "found by: installed" in result.stdout and str(clean_venv.parent.parent) in result.stdout


def test_the_installed_wheel_runs_lessons_00_to_06_from_an_empty_folder(clean_venv, tmp_path):
    learner = tmp_path / "learner"
    learner.mkdir()
    for lesson in LESSONS:
        shutil.copy2(lesson, learner / lesson.name)
    (learner / "pytest.ini").write_text("[pytest]\n")
    # --nbval-lax: every cell must run without an error; whether stored outputs still match is the
    # job of the strict nbval run on the repository's own notebooks, not of the packaging.
    result = clean_run(clean_venv, ["-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
                                    "--nbval-current-env", "--nbval-cell-timeout=300", "."], learner, 900)
    assert len(LESSONS) == 7
    assert result.returncode == 0, result.stdout[-4000:]
    assert " passed" in result.stdout and "failed" not in result.stdout.splitlines()[-1]
