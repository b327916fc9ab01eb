"""The environment files agree, and the kit's set-up says what to run when it is broken."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib

import yaml

from conftest import REPO


def names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~\[ ;]", name)[0].lower() for name in requirements}


def runtime_dependencies_in_pyproject() -> set[str]:
    return names(tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"])


def extra_dependencies_for_tests() -> set[str]:
    return names(tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]["test"])


def direct_dependencies_in_pyproject() -> set[str]:
    return runtime_dependencies_in_pyproject() | extra_dependencies_for_tests()


def environment_yml() -> dict:
    return yaml.safe_load((REPO / "environment.yml").read_text())


def direct_dependencies_in_environment_yml() -> set[str]:
    spec = environment_yml()
    found = {str(d).split("=")[0].strip().lower() for d in spec["dependencies"] if isinstance(d, str)}
    return found - {"python", "pip"}


# Test tooling that must never reach what Binder (repo2docker) builds for learners.
TEST_ONLY = {"pytest", "pytest-xdist", "execnet", "nbval", "playwright", "playwright-python", "pytest-playwright", "jupyterhub",
             "nbgitpuller", "nbgrader", "nbclient"}


def locked_versions() -> dict[str, str]:
    pins = {}
    for line in (REPO / "requirements" / "lock.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[name.lower().replace("_", "-")] = version
    return pins


def test_environment_yml_lists_exactly_the_runtime_dependencies_of_pyproject():
    assert direct_dependencies_in_environment_yml() == runtime_dependencies_in_pyproject()


def test_environment_yml_has_no_test_only_package():
    """Binder builds environment.yml: learners get no test tooling, and no extra conda channel."""
    spec = environment_yml()
    leaked = direct_dependencies_in_environment_yml() & (TEST_ONLY | extra_dependencies_for_tests())
    assert not leaked, f"test-only packages in environment.yml: {sorted(leaked)}"
    assert spec["channels"] == ["conda-forge"]
    assert not any(isinstance(d, dict) for d in spec["dependencies"]), "no pip: section (postBuild installs the kit)"


def test_test_tooling_lives_in_the_test_extra():
    assert {"pytest", "nbval", "jupyterhub", "nbgitpuller"} <= extra_dependencies_for_tests()
    assert not runtime_dependencies_in_pyproject() & TEST_ONLY


def test_the_commissioned_stack_is_a_direct_dependency():
    assert {"jupyterlab", "pandas", "altair", "ipywidgets", "pytest", "nbval"} <= direct_dependencies_in_pyproject()


def test_every_direct_dependency_is_locked_to_an_exact_version():
    pins = locked_versions()
    for name in direct_dependencies_in_pyproject():
        assert re.fullmatch(r"\d+(\.\d+)*(\.post\d+)?", pins.get(name, "")), f"{name} is not pinned in lock.txt"


def test_installed_versions_match_the_lock():
    from importlib.metadata import version

    pins = locked_versions()
    for name in direct_dependencies_in_pyproject():
        assert version(name) == pins[name], f"{name}: installed {version(name)}, locked {pins[name]}"


def test_environment_has_no_broken_requirements():
    result = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def load_kit():
    spec = importlib.util.spec_from_file_location("kit", REPO / "kit.py")
    kit = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(kit)
    return kit


def test_kit_stamp_changes_when_the_lock_changes(tmp_path, monkeypatch):
    kit = load_kit()
    lock = tmp_path / "lock.txt"
    lock.write_text("pandas==1.0\n")
    monkeypatch.setattr(kit, "LOCK", lock)
    before = kit.wanted_stamp()
    lock.write_text("pandas==2.0\n")
    assert kit.wanted_stamp() != before


def test_kit_rejects_an_unknown_command(capsys):
    kit = load_kit()
    try:
        kit.main(["bake"])
    except SystemExit as stop:
        assert stop.code == 1
    assert "unknown command 'bake'" in capsys.readouterr().out


def run_claimlab(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "claimlab", *args], capture_output=True, text=True, cwd=REPO)


def test_version_command_reports_the_package_version():
    from claimlab import __version__

    result = run_claimlab("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"claimlab {__version__}"


def test_doctor_passes_on_a_complete_environment():
    result = run_claimlab("doctor")
    assert result.returncode == 0
    assert "everything it needs is installed" in result.stdout


def test_doctor_says_what_to_run_when_a_package_is_missing(monkeypatch, capsys):
    from claimlab import __main__ as cli

    monkeypatch.setattr(cli, "NEEDED", ["pandas", "a_package_that_is_not_installed"])
    assert cli.main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "a_package_that_is_not_installed" in out
    assert "python3 kit.py setup" in out


def test_kit_repairs_an_environment_whose_packages_went_missing(tmp_path, monkeypatch):
    kit = load_kit()
    calls = []
    monkeypatch.setattr(kit, "STAMP", tmp_path / "stamp")
    (tmp_path / "stamp").write_text(kit.wanted_stamp())

    class Result:
        def __init__(self, code):
            self.returncode = code

    def fake_subprocess_run(args, **kwargs):
        calls.append(args)
        return Result(1 if "doctor" in args else 0)

    monkeypatch.setattr(kit.subprocess, "run", fake_subprocess_run)
    monkeypatch.setattr(kit, "venv_python", lambda: tmp_path / "python")
    (tmp_path / "python").write_text("")
    try:
        kit.setup()
    except SystemExit:
        pass
    assert any("install" in args for args in calls), "a failing doctor check should lead to a reinstall"


def fake_open(kit, monkeypatch, tmp_path, uid: int) -> list[str]:
    """Run kit.open_lab with set-up and JupyterLab replaced; the command it would have started."""
    started = []
    monkeypatch.setattr(kit, "setup", lambda: tmp_path / "python")
    monkeypatch.setattr(kit.subprocess, "run", lambda *a, **k: None)
    monkeypatch.setattr(kit.os, "geteuid", lambda: uid)
    monkeypatch.setattr(kit.os, "execv", lambda path, args: started.extend(args))
    kit.open_lab([])
    return started


def test_kit_open_as_root_adds_allow_root_and_says_so(tmp_path, monkeypatch, capsys):
    kit = load_kit()
    assert "--allow-root" in fake_open(kit, monkeypatch, tmp_path, 0)
    assert "running as root" in capsys.readouterr().out
    assert "--allow-root" not in fake_open(kit, monkeypatch, tmp_path, 1000)
    assert "running as root" not in capsys.readouterr().out


def test_kit_open_as_root_serves_the_start_here_notebook():
    """The real command, as root: JupyterLab starts (no 'Running as root is not recommended') and serves it."""
    import os
    import signal
    import socket
    import time
    import urllib.request

    import pytest

    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("runs only as root (the case it guards: containers and classroom VMs)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = "kit-open-test"
    lab = subprocess.Popen(
        [sys.executable, str(REPO / "kit.py"), "open", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", f"--IdentityProvider.token={token}"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        said = []
        url = f"http://127.0.0.1:{port}/api/contents/notebooks/00-start-here.ipynb?content=0"
        deadline, served = time.monotonic() + 120, False
        while time.monotonic() < deadline and lab.poll() is None and not served:
            try:
                request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
                with urllib.request.urlopen(request, timeout=5) as answer:
                    served = answer.status == 200
            except OSError:
                time.sleep(0.5)
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/lab/tree/notebooks/00-start-here.ipynb?token={token}",
                                      timeout=10) if served else None
        assert served and page.status == 200, "JupyterLab did not serve the start-here notebook as root"
    finally:
        if lab.poll() is None:
            os.killpg(lab.pid, signal.SIGTERM)
        try:
            output = lab.communicate(timeout=30)[0]
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, signal.SIGKILL)
            output = lab.communicate()[0]
        said.append(output)
    assert "running as root" in said[0] and "--allow-root" in said[0]
    assert "Running as root is not recommended" not in said[0]


def test_the_hub_tests_proxy_is_pinned_exactly():
    import json

    package = json.loads((REPO / "requirements" / "node" / "package.json").read_text())
    lock = json.loads((REPO / "requirements" / "node" / "package-lock.json").read_text())
    wanted = package["dependencies"]["configurable-http-proxy"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", wanted), f"pin configurable-http-proxy exactly, not {wanted!r}"
    assert lock["packages"]["node_modules/configurable-http-proxy"]["version"] == wanted


def test_kit_installs_the_pinned_proxy_once_per_lock(tmp_path, monkeypatch):
    kit = load_kit()
    monkeypatch.setattr(kit, "NODE_DIR", tmp_path / "node")
    monkeypatch.setattr(kit.shutil, "which", lambda name: f"/usr/bin/{name}")
    calls = []

    class Result:
        returncode = 0

    def fake_npm(args, **kwargs):
        calls.append(args)
        proxy = tmp_path / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
        proxy.parent.mkdir(parents=True, exist_ok=True)
        proxy.write_text("")
        return Result()

    monkeypatch.setattr(kit.subprocess, "run", fake_npm)
    proxy = kit.setup_node()
    assert calls and calls[0][1] == "ci" and str(tmp_path / "node") in calls[0]
    assert (tmp_path / "node" / "package-lock.json").read_bytes() == (kit.NODE_PINS / "package-lock.json").read_bytes()
    calls.clear()
    assert kit.setup_node() == proxy and not calls, "a second run should reuse the installed proxy"


def test_kit_says_how_to_get_node_when_it_is_missing(monkeypatch, capsys):
    kit = load_kit()
    monkeypatch.setattr(kit.shutil, "which", lambda name: None)
    assert kit.setup_node() is None
    out = capsys.readouterr().out
    assert "JupyterHub test will be skipped" in out and "apt-get install nodejs npm" in out


def test_kit_test_runs_test_files_in_parallel_unless_told_otherwise():
    kit = load_kit()
    assert kit.parallel_flags([]) == ["-n", "auto", "--dist", "loadfile"]
    assert kit.parallel_flags(["-k", "scanner"]) == ["-n", "auto", "--dist", "loadfile"]
    for chosen in (["-n", "0"], ["-n2"], ["--numprocesses=1"], ["--dist", "load"], ["-p", "no:xdist"]):
        assert kit.parallel_flags(chosen) == [], chosen
