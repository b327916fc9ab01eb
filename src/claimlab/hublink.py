"""The link that hands the kit to every learner on a JupyterHub: ``python -m claimlab hub-link``.

nbgitpuller (installed in the hub's single-user image) answers ``/git-pull`` on each learner's
server: the first click clones the repository into ``targetPath``; every later click fetches and
merges, keeping the learner's own edits (see instructors/hub.md). The link names the folder
(``targetPath``) so the notebook path in ``urlpath`` is right whatever the repository is called,
and every parameter is URL-encoded.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import PurePosixPath
from urllib.parse import quote, urlencode, urlsplit

START_NOTEBOOK = "notebooks/00-start-here.ipynb"
DEFAULT_TARGET = "claimlab"
DEFAULT_BRANCH = "main"


class HubLinkError(ValueError):
    """A hub or repository address, branch or folder name that cannot make a working link."""


def _check_web_address(value: str, what: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise HubLinkError(f"{what} {value!r} is not a web address: give it in full, e.g. https://hub.example.edu")
    return value.strip()


def _check_target(target: str) -> str:
    folder = PurePosixPath(target.strip().strip("/"))
    if not str(folder) or str(folder) == "." or ".." in folder.parts or "\\" in target:
        raise HubLinkError(f"--target {target!r} is not a folder name inside the learner's home; use e.g. claimlab")
    return str(folder)


def hub_link(hub: str, repo: str, branch: str = DEFAULT_BRANCH, target: str = DEFAULT_TARGET,
             notebook: str = START_NOTEBOOK) -> str:
    """The nbgitpuller link that pulls the kit into folder ``target`` and opens the start-here notebook."""
    hub = _check_web_address(hub, "--hub").rstrip("/")
    if not repo.strip():
        raise HubLinkError("--repo is empty: give the address of the kit's git repository")
    if not branch.strip() or any(c.isspace() for c in branch.strip()):
        raise HubLinkError(f"--branch {branch!r} is not a branch name")
    folder = _check_target(target)
    query = urlencode({
        "repo": repo.strip(),
        "branch": branch.strip(),
        "targetPath": folder,
        "urlpath": f"lab/tree/{folder}/{notebook.lstrip('/')}",
    }, quote_via=quote, safe="")
    return f"{hub}/hub/user-redirect/git-pull?{query}"


def binder_link(github_repo: str, branch: str = DEFAULT_BRANCH, notebook: str = START_NOTEBOOK) -> str:
    """The mybinder.org link that builds the kit from GitHub ``OWNER/NAME`` and opens the start-here notebook."""
    repo = github_repo.strip().strip("/").removeprefix("https://github.com/").removesuffix(".git")
    if repo.count("/") != 1 or not all(repo.split("/")):
        raise HubLinkError(f"--repo {github_repo!r} is not a GitHub repository: give it as OWNER/NAME")
    return f"https://mybinder.org/v2/gh/{repo}/{quote(branch.strip(), safe='')}?urlpath=" + quote(
        f"lab/tree/{notebook.lstrip('/')}", safe="")


def run_binder_link(args: argparse.Namespace) -> int:
    """The binder-link command: print the link, or say what is wrong with the repository name."""
    try:
        print(binder_link(args.repo, args.branch))
    except HubLinkError as error:
        print(f"binder-link: {error}", file=sys.stderr)
        return 2
    return 0


def run_hub_link(args: argparse.Namespace) -> int:
    """The hub-link command: print the link, or say what is wrong with the arguments."""
    try:
        print(hub_link(args.hub, args.repo, args.branch, args.target))
    except HubLinkError as error:
        print(f"hub-link: {error}", file=sys.stderr)
        return 2
    return 0


def add_hub_link_command(commands: argparse._SubParsersAction) -> None:
    """Register ``hub-link`` and ``binder-link`` on the command line."""
    parser = commands.add_parser(
        "hub-link", help="make the nbgitpuller link that hands the kit to learners on a JupyterHub",
        description="Print the link that pulls the kit into each learner's server on a JupyterHub "
                    "(nbgitpuller) and opens the start-here notebook. See instructors/hub.md.")
    parser.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.edu")
    parser.add_argument("--repo", required=True, help="the kit's git repository, e.g. https://github.com/you/claimlab")
    parser.add_argument("--branch", default=DEFAULT_BRANCH, help=f"the branch to hand out (default: {DEFAULT_BRANCH})")
    parser.add_argument("--target", default=DEFAULT_TARGET,
                        help=f"the folder it goes into in each learner's home (default: {DEFAULT_TARGET})")
    parser.set_defaults(run=run_hub_link)
    binder = commands.add_parser("binder-link", help="make the mybinder.org link that opens the start-here notebook",
                                 description="Print the mybinder.org link that builds the kit from its GitHub "
                                             "repository (environment.yml, postBuild) and opens the start-here notebook.")
    binder.add_argument("--repo", required=True, help="the kit's GitHub repository as OWNER/NAME")
    binder.add_argument("--branch", default=DEFAULT_BRANCH, help=f"the branch (default: {DEFAULT_BRANCH})")
    binder.set_defaults(run=run_binder_link)
