"""The links that hand the kit out: nbgitpuller on a JupyterHub (hub-link) and mybinder.org (binder-link)."""

from __future__ import annotations

import re
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest

from claimlab.hublink import HubLinkError, binder_link, hub_link
from conftest import REPO

GUIDE = REPO / "instructors" / "hub.md"


def test_the_hub_link_names_the_folder_and_opens_the_start_here_notebook():
    link = hub_link("https://hub.example.edu/", "https://github.com/OWNER/claim-lab.git", branch="week-2")
    parts = urlsplit(link)
    assert parts.netloc == "hub.example.edu" and parts.path == "/hub/user-redirect/git-pull"
    query = parse_qs(parts.query)
    assert query == {"repo": ["https://github.com/OWNER/claim-lab.git"], "branch": ["week-2"],
                     "targetPath": ["claimlab"], "urlpath": ["lab/tree/claimlab/notebooks/00-start-here.ipynb"]}


def test_the_hub_link_url_encodes_every_parameter():
    link = hub_link("https://hub.example.edu", "https://git.example.edu/a b/kit?x=1&y=2", target="my kit")
    query = urlsplit(link).query
    assert "&y=2" not in query and " " not in query and "%3A%2F%2F" in query
    assert parse_qs(query)["repo"] == ["https://git.example.edu/a b/kit?x=1&y=2"]
    assert parse_qs(query)["urlpath"] == ["lab/tree/my kit/notebooks/00-start-here.ipynb"]


@pytest.mark.parametrize("hub, repo, target, says", [
    ("hub.example.edu", "https://x/y", "claimlab", "not a web address"),
    ("https://hub.example.edu", " ", "claimlab", "--repo is empty"),
    ("https://hub.example.edu", "https://x/y", "../elsewhere", "not a folder name"),
    ("https://hub.example.edu", "https://x/y", "/", "not a folder name"),
])
def test_the_hub_link_refuses_what_cannot_work(hub, repo, target, says):
    with pytest.raises(HubLinkError, match=says):
        hub_link(hub, repo, target=target)


def test_the_command_prints_the_link_or_a_clear_message():
    ok = subprocess.run([sys.executable, "-m", "claimlab", "hub-link", "--hub", "https://hub.example.edu",
                         "--repo", "https://github.com/OWNER/claimlab"], capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout.strip().startswith("https://hub.example.edu/hub/user-redirect/git-pull?")
    bad = subprocess.run([sys.executable, "-m", "claimlab", "hub-link", "--hub", "hub", "--repo", "x"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "hub-link: --hub 'hub' is not a web address" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_the_guide_shows_the_link_the_command_makes():
    guide = GUIDE.read_text()
    command = re.search(r"python -m claimlab hub-link --hub (\S+) --repo (\S+)\n", guide)
    assert command, "instructors/hub.md should show a hub-link command"
    assert hub_link(command.group(1), command.group(2)) in guide


def test_the_guide_shows_the_dockerfile_that_is_committed():
    guide = GUIDE.read_text()
    block = re.search(r"```dockerfile\n(.*?)```", guide, re.S).group(1)
    dockerfile = (REPO / "instructors" / "hub.Dockerfile").read_text()
    assert block in dockerfile
    from claimlab import __version__

    assert f"claimlab-{__version__}-py3-none-any.whl" in dockerfile, "the Dockerfile names another version's wheel"
    for source in re.findall(r"^COPY (\S+)", dockerfile, re.M):
        assert source.startswith("dist/") or (REPO / source).exists(), f"COPY {source}: no such file"


def test_the_binder_link_opens_the_start_here_notebook():
    assert binder_link("OWNER/claimlab") == (
        "https://mybinder.org/v2/gh/OWNER/claimlab/main?urlpath=lab%2Ftree%2Fnotebooks%2F00-start-here.ipynb")
    assert binder_link("https://github.com/OWNER/claimlab.git", "dev").startswith(
        "https://mybinder.org/v2/gh/OWNER/claimlab/dev?")
    with pytest.raises(HubLinkError, match="OWNER/NAME"):
        binder_link("claimlab")


def test_the_readme_links_the_hub_guide_and_binder():
    readme = (REPO / "README.md").read_text()
    assert "instructors/hub.md" in readme
    assert binder_link("OWNER/claimlab") in readme
