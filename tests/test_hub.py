"""The kit on a real JupyterHub, as a class uses it: three learners, nbgitpuller, lesson 01.

JupyterHub starts on 127.0.0.1 with configurable-http-proxy (from npm, installed into .cache/node/
by ``python3 kit.py test``), the dummy authenticator and the local-process spawner. Three learners
get a server each; the kit is pulled into each from a local git repository of this checkout with
the link ``python -m claimlab hub-link`` makes; lesson 01 runs cell by cell in each learner's own
kernel; a learner's edit must survive a second pull; and at the end the hub, the proxy, every
server and every kernel must be gone. tests/hub/classroom.py drives the hub (and
benchmarks/classroom_benchmark.py uses it for 20 learners).

Skipped, with a message saying how to fix it, when node or the proxy is missing.
"""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs

import pytest

from hub import classroom
from hub.classroom import Classroom, hub_link, kit_repository, parts

MISSING = classroom.proxy_missing()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")

LEARNERS = ("ada", "ben", "chloe")
TARGET = "claimlab"
START = f"{TARGET}/notebooks/00-start-here.ipynb"
LESSON = f"{TARGET}/notebooks/01-spotting-the-claims.ipynb"


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    """A hub with three learners' servers running, and the kit's repository to pull from."""
    work = tmp_path_factory.mktemp("hub")
    try:
        repo = kit_repository(work / "kit-source")
    except (subprocess.CalledProcessError, FileNotFoundError) as error:
        pytest.skip(f"JupyterHub test skipped: it pulls the kit from a git copy of this checkout, and git "
                    f"could not list its files ({error}); run it from a git clone of the kit")
    room = Classroom(work / "hub")
    room.workdir.mkdir()
    with room:
        learners = [room.add_learner(name) for name in LEARNERS]
        with ThreadPoolExecutor(len(learners)) as pool:  # all three at once, as a class arrives
            list(pool.map(room.spawn, learners))
        room.repo, room.learners, room.pulled = repo, {learner.name: learner for learner in learners}, set()
        room.link = hub_link(room.url, repo.as_uri(), "main", TARGET)
        yield room


def pull_through_the_link(hub, name: str) -> dict[str, str]:
    """Follow the kit's link as the learner's browser does: the hub's redirect, the page, its pull."""
    learner = hub.learners[name]
    page = hub.open_link(learner, hub.link)
    hub.pull(learner, page["repo"], page["branch"], page["targetpath"])
    hub.pulled.add(name)
    return page


def ensure_pulled(hub, name: str) -> None:
    if name not in hub.pulled:
        pull_through_the_link(hub, name)


def test_the_hub_link_opens_the_start_here_notebook(hub):
    page = pull_through_the_link(hub, "ada")
    path, query = parts(page["final_url"])
    assert path == "/user/ada/git-pull", "the hub should send the learner to their own server's git-pull"
    assert parse_qs(query)["targetPath"] == [TARGET]
    assert page["targetpath"] == TARGET and page["repo"] == hub.repo.as_uri()
    # the page sends the browser to base-url + path once the pull has finished
    assert page["path"] == f"lab/tree/{START}"
    status, _, html = hub.request("GET", page["base-url"] + page["path"], hub.learners["ada"].token)
    assert status == 200 and "JupyterLab" in html
    assert hub.read_notebook(hub.learners["ada"], START)["cells"], "the start-here notebook was not pulled"


def test_lesson_01_runs_with_no_error_in_every_learners_kernel(hub):
    for name in LEARNERS:
        ensure_pulled(hub, name)

    def run(name):
        return hub.run_notebook(hub.learners[name], LESSON)

    with ThreadPoolExecutor(len(LEARNERS)) as pool:
        results = dict(zip(LEARNERS, pool.map(run, LEARNERS)))
    for name, cells in results.items():
        assert len(cells) > 10, f"{name}: lesson 01 has too few code cells ({len(cells)})"
        failed = [(c.index, c.status, c.error) for c in cells if c.status != "ok"]
        assert not failed, f"{name}: cells that did not run cleanly: {failed}"


def test_each_learner_uses_their_own_pulled_copy_of_the_data(hub):
    learner = hub.learners["ben"]
    ensure_pulled(hub, "ben")
    probe = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                        "source": "from claimlab.paths import find_kit\nfolder, rule = find_kit()\n"
                                  "assert rule == 'working folder', rule\n"
                                  f"assert str(folder).endswith('/ben/{TARGET}'), folder\n"}],
             "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    hub.save_notebook(learner, f"{TARGET}/notebooks/probe.ipynb", probe)
    cells = hub.run_notebook(learner, f"{TARGET}/notebooks/probe.ipynb")
    assert [c.status for c in cells] == ["ok"], cells


def test_a_learners_edit_survives_a_second_pull(hub):
    learner = hub.learners["chloe"]
    ensure_pulled(hub, "chloe")
    notebook = hub.read_notebook(learner, LESSON)
    notebook["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "My own note: chloe was here."})
    hub.save_notebook(learner, LESSON, notebook)
    # the instructor publishes a change to another file, then the learner clicks the link again
    (hub.repo / "README.md").write_text((hub.repo / "README.md").read_text() + "\nA change from the instructor.\n")
    classroom.git("commit", "-q", "-am", "Instructor's update", cwd=hub.repo)
    events = pull_through_the_link(hub, "chloe")
    assert events["targetpath"] == TARGET
    after = hub.read_notebook(learner, LESSON)
    assert after["cells"][-1]["source"] == "My own note: chloe was here.", "the learner's edit was lost on re-pull"
    readme = hub.request("GET", f"{learner.server_path}api/contents/{TARGET}/README.md?content=1", learner.token)[2]
    assert "A change from the instructor." in readme, "the second pull did not bring the instructor's change"


def test_the_hub_and_every_server_stop(hub):
    servers = {name: hub.processes(name) for name in LEARNERS}
    assert all(servers.values()), f"every learner should have a running server before the stop: {servers}"
    left = hub.stop()
    assert hub.process.returncode is not None, "the hub is still running"
    assert not left, f"processes still running after the hub stopped: {left}"
