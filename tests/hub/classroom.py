"""A real JupyterHub on loopback for tests/test_hub.py and benchmarks/classroom_benchmark.py.

``Classroom`` starts JupyterHub from the kit's environment with configurable-http-proxy (installed
from npm into .cache/node/ by ``python3 kit.py test``), the dummy authenticator and the
local-process spawner (``SimpleLocalProcessSpawner``: one server per learner, each in its own
home folder under a temporary directory, all as the user running the test). Everything listens
on 127.0.0.1 only. A learner is driven the way a browser would drive it: the nbgitpuller link is
followed through the hub, its page's pull is started through ``git-pull/api``, and a notebook's
cells are run one by one in the learner's own kernel over the kernel's websocket.

Every process the classroom starts carries a marker in its environment; ``stop()`` asks the hub
to stop (it stops every server and the proxy), then ends by pid whatever still carries the marker,
so nothing is left running even when a test fails.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import quote, unquote, urlencode, urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
VENV_BIN = Path(sys.executable).parent
PROXY = REPO / ".cache" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
MARKER = "CLAIMLAB_CLASSROOM"
NO_PROXY = (
    "JupyterHub test skipped: configurable-http-proxy is not installed in .cache/node/ "
    "(`python3 kit.py test` installs it with npm when node and npm exist; install Node.js 20+ with npm, "
    "e.g. `sudo apt-get install nodejs npm`, then run `python3 kit.py test` again)"
)


def proxy_missing() -> str | None:
    """Why the hub cannot start here (a sentence), or None when it can."""
    if shutil.which("node") is None:
        return NO_PROXY.replace("is not installed in .cache/node/", "cannot run: node is not installed")
    if not PROXY.exists():
        return NO_PROXY
    if not (VENV_BIN / "jupyterhub").exists():
        return "JupyterHub test skipped: jupyterhub is not installed in this environment (run `python3 kit.py setup`)"
    return None


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def git(*args: str, cwd: Path) -> str:
    """Run git quietly with a fixed identity; return its output."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Claim Lab test", "GIT_AUTHOR_EMAIL": "test@localhost",
           "GIT_COMMITTER_NAME": "Claim Lab test", "GIT_COMMITTER_EMAIL": "test@localhost"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True,
                          timeout=120).stdout


def kit_repository(folder: Path) -> Path:
    """A local git repository of the kit as it is now (tracked and new files), on branch main."""
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO).split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git("init", "-q", "-b", "main", cwd=folder)
    git("add", "-A", cwd=folder)
    git("commit", "-q", "-m", "The kit, for the hub test", cwd=folder)
    return folder


@dataclass
class CellRun:
    """One code cell run in a learner's kernel."""

    index: int
    status: str
    error: str = ""


@dataclass
class Learner:
    """A learner on the hub: name, own API token and server address."""

    name: str
    token: str
    spawn_seconds: float = 0.0
    events: list[dict] = field(default_factory=list)
    browser: object = None

    @property
    def server_path(self) -> str:
        return f"/user/{quote(self.name)}/"


class HubError(RuntimeError):
    """The hub or a learner's server did not do what was asked in time."""


class Classroom:
    """JupyterHub on loopback with a dummy authenticator and the local-process spawner."""

    def __init__(self, workdir: Path, timeout: float = 120.0) -> None:
        self.workdir = Path(workdir)
        self.timeout = timeout
        self.port, self.hub_port, self.api_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(16)
        self.marker = uuid.uuid4().hex
        self.homes = self.workdir / "home"
        self.process: subprocess.Popen | None = None
        self.log = self.workdir / "jupyterhub.log"

    # -- the hub -------------------------------------------------------------------------------------
    def singleuser_args(self) -> list[str]:
        """What each learner's server is started with (instructors/hub.md gives the same)."""
        args = ["--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.news_url=None"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.insert(0, "--allow-root")
        return args

    def config(self) -> str:
        """The jupyterhub_config.py of this classroom."""
        settings = {
            "JupyterHub.ip": "127.0.0.1", "JupyterHub.port": self.port,
            "JupyterHub.hub_ip": "127.0.0.1", "JupyterHub.hub_port": self.hub_port,
            "ConfigurableHTTPProxy.api_url": f"http://127.0.0.1:{self.api_port}",
            "ConfigurableHTTPProxy.command": [str(PROXY)],
            "JupyterHub.authenticator_class": "dummy", "Authenticator.allow_all": True,
            "JupyterHub.spawner_class": "simple",
            "SimpleLocalProcessSpawner.home_dir_template": str(self.homes) + "/{username}",
            "Spawner.ip": "127.0.0.1",
            "Spawner.cmd": [str(VENV_BIN / "jupyterhub-singleuser")],
            "Spawner.args": self.singleuser_args(),
            "Spawner.default_url": "/lab",
            "Spawner.start_timeout": int(self.timeout), "Spawner.http_timeout": int(self.timeout),
            "Spawner.environment": {MARKER: self.marker, "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '')}"},
            "JupyterHub.db_url": f"sqlite:///{self.workdir / 'jupyterhub.sqlite'}",
            "JupyterHub.cookie_secret_file": str(self.workdir / "jupyterhub_cookie_secret"),
            "JupyterHub.pid_file": str(self.workdir / "jupyterhub.pid"),
            "JupyterHub.services": [{"name": "classroom", "api_token": self.token}],
            "JupyterHub.load_roles": [{"name": "admin", "services": ["classroom"]}],
            "JupyterHub.concurrent_spawn_limit": 0,
        }
        return "c = get_config()  # noqa\n" + "".join(f"c.{key} = {value!r}\n" for key, value in settings.items())

    def start(self) -> None:
        """Start the hub and wait until its API answers."""
        self.homes.mkdir(parents=True, exist_ok=True)
        config = self.workdir / "jupyterhub_config.py"
        config.write_text(self.config())
        env = {**os.environ, MARKER: self.marker, "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '')}"}
        with self.log.open("w") as log:
            self.process = subprocess.Popen([str(VENV_BIN / "jupyterhub"), "-f", str(config)], cwd=self.workdir,
                                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HubError(f"JupyterHub exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                self.api("GET", "/hub/api/")
                return
            except (urllib.error.URLError, ConnectionError, OSError, HubError):  # proxy up, route not yet
                time.sleep(0.3)
        raise HubError(f"JupyterHub did not answer within {self.timeout:.0f} s:\n{self.log_tail()}")

    def stop(self, grace: float = 60.0) -> list[int]:
        """Stop the hub (it stops every server and the proxy); end what is left; return pids left over."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        deadline = time.monotonic() + 10
        while self.processes() and time.monotonic() < deadline:
            time.sleep(0.2)
        left = self.processes()
        for pid in left:
            with _quietly():
                os.kill(pid, signal.SIGKILL)
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        return left

    def __enter__(self) -> "Classroom":
        try:
            self.start()
        except BaseException:
            self.stop(grace=10)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def log_tail(self, lines: int = 40) -> str:
        """The end of the hub's log."""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:]) if self.log.exists() else ""

    def processes(self, user: str | None = None) -> list[int]:
        """The pids of the processes this classroom started (hub, proxy, servers, kernels), or a learner's."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                environ = (entry / "environ").read_bytes().split(b"\0")
            except OSError:
                continue
            if f"{MARKER}={self.marker}".encode() not in environ:
                continue
            if user is None or f"JUPYTERHUB_USER={user}".encode() in environ:
                found.append(int(entry.name))
        return found

    def memory_mb(self, user: str) -> tuple[float, float]:
        """A learner's server and kernels: (PSS, RSS) in MB (PSS shares common pages out fairly)."""
        pss = rss = 0
        for pid in self.processes(user):
            with _quietly():
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1])
        return pss / 1024, rss / 1024

    # -- HTTP ----------------------------------------------------------------------------------------
    def request(self, method: str, path: str, token: str | None = None, body: object = None,
                timeout: float | None = None) -> tuple[int, str, str]:
        """(status, final URL, text) of a request through the proxy, following redirects."""
        data = None if body is None else json.dumps(body).encode()
        headers = {"Authorization": f"token {token or self.token}"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        url = path if path.startswith("http") else self.url + path
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout) as response:
                return response.status, response.url, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.url, error.read().decode("utf-8", "replace")

    def api(self, method: str, path: str, token: str | None = None, body: object = None) -> object:
        """A hub or server REST call; the parsed JSON answer (HubError on an HTTP error)."""
        status, _, text = self.request(method, path, token, body)
        if status >= 400:
            raise HubError(f"{method} {path}: HTTP {status}: {text[:500]}")
        return json.loads(text) if text.strip() else None

    # -- learners ------------------------------------------------------------------------------------
    def add_learner(self, name: str) -> Learner:
        """Create a learner on the hub and give them an API token of their own."""
        self.api("POST", f"/hub/api/users/{quote(name)}")
        token = self.api("POST", f"/hub/api/users/{quote(name)}/tokens", body={"note": "classroom test"})["token"]
        return Learner(name, token)

    def request_spawn(self, learner: Learner) -> float:
        """Ask the hub to start a learner's server; the moment it was asked."""
        started = time.monotonic()
        status, _, text = self.request("POST", f"/hub/api/users/{quote(learner.name)}/server")
        if status not in (201, 202):
            raise HubError(f"spawning {learner.name}: HTTP {status}: {text[:300]}")
        return started

    def wait_ready(self, learner: Learner, started: float) -> float:
        """Wait until a learner's server is ready; its spawn time in seconds."""
        deadline = started + self.timeout
        while time.monotonic() < deadline:
            model = self.api("GET", f"/hub/api/users/{quote(learner.name)}")
            server = (model.get("servers") or {}).get("")
            if server and server.get("ready"):
                learner.spawn_seconds = time.monotonic() - started
                return learner.spawn_seconds
            time.sleep(0.25)
        raise HubError(f"{learner.name}'s server was not ready within {self.timeout:.0f} s:\n{self.log_tail()}")

    def spawn(self, learner: Learner) -> float:
        """Start a learner's server and wait for it; seconds it took."""
        return self.wait_ready(learner, self.request_spawn(learner))

    def log_in(self, learner: Learner) -> urllib.request.OpenerDirector:
        """A browser for the learner: logged in on the hub's login page (dummy authenticator), cookies kept."""
        import http.cookiejar

        if learner.browser is None:
            jar = http.cookiejar.CookieJar()
            browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            with browser.open(self.url + "/hub/login", timeout=self.timeout) as page:
                page.read()
            xsrf = next((c.value for c in jar if c.name == "_xsrf"), "")
            form = urlencode({"username": learner.name, "password": "any", "_xsrf": xsrf}).encode()
            with browser.open(self.url + "/hub/login", data=form, timeout=self.timeout) as page:
                page.read()
            if not any(c.name == "jupyterhub-session-id" or c.name.startswith("jupyterhub-hub-login") for c in jar):
                raise HubError(f"{learner.name} could not log in on the hub's login page")
            learner.browser = browser
        return learner.browser

    def open_link(self, learner: Learner, link: str) -> dict[str, str]:
        """Follow an nbgitpuller link as the learner's browser would; the pull page's settings (data-*)."""
        try:
            with self.log_in(learner).open(link, timeout=self.timeout) as page:
                status, final_url, html = page.status, page.url, page.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status, final_url, html = error.code, error.url, error.read().decode("utf-8", "replace")
        if status != 200:
            raise HubError(f"{link} answered HTTP {status} at {final_url}: {html[:300]}")
        settings = {key: unquote(unescape(value)) for key, value in re.findall(r'data-([a-z-]+)="([^"]*)"', html)}
        settings["final_url"] = final_url
        if "repo" not in settings:
            raise HubError(f"{link} led to {final_url}, which is not nbgitpuller's page: {html[:300]}")
        return settings

    def pull(self, learner: Learner, repo: str, branch: str, target: str) -> list[dict]:
        """Run nbgitpuller's pull in the learner's server (what the link's page does); its events."""
        query = urlencode({"repo": repo, "branch": branch, "targetpath": target})
        status, _, text = self.request("GET", f"{learner.server_path}git-pull/api?{query}", learner.token)
        events = [json.loads(line[len("data: "):]) for line in text.splitlines() if line.startswith("data: ")]
        learner.events += events
        if status != 200 or not events or events[-1].get("phase") != "finished":
            raise HubError(f"pull for {learner.name} did not finish (HTTP {status}): {events[-3:]}")
        return events

    def read_notebook(self, learner: Learner, path: str) -> dict:
        """A notebook in the learner's server, through the contents API."""
        return self.api("GET", f"{learner.server_path}api/contents/{quote(path)}?content=1", learner.token)["content"]

    def save_notebook(self, learner: Learner, path: str, notebook: dict) -> None:
        """Save a notebook in the learner's server, as JupyterLab does."""
        self.api("PUT", f"{learner.server_path}api/contents/{quote(path)}", learner.token,
                 {"type": "notebook", "format": "json", "content": notebook})

    def run_notebook(self, learner: Learner, path: str, cell_timeout: float = 180.0,
                     keep_kernel: bool = False) -> list[CellRun]:
        """Run every code cell of a notebook in a new kernel of the learner's (started in its folder).

        The kernel is shut down afterwards unless ``keep_kernel`` (to measure its memory, say).
        """
        import websocket  # websocket-client, a dependency of jupyter_server

        notebook = self.read_notebook(learner, path)
        session = self.api("POST", f"{learner.server_path}api/sessions", learner.token,
                           {"path": path, "type": "notebook", "name": Path(path).name, "kernel": {"name": "python3"}})
        kernel = session["kernel"]["id"]
        client = uuid.uuid4().hex
        url = (f"ws://127.0.0.1:{self.port}{learner.server_path}api/kernels/{kernel}/channels?session_id={client}")
        socket_ = websocket.create_connection(url, header=[f"Authorization: token {learner.token}"],
                                              timeout=cell_timeout)
        runs = []
        try:
            code_cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
            for index, cell in enumerate(code_cells):
                runs.append(self._execute(socket_, client, index, "".join(cell["source"]), cell_timeout))
        finally:
            socket_.close()
            if not keep_kernel:
                with _quietly():
                    self.api("DELETE", f"{learner.server_path}api/sessions/{session['id']}", learner.token)
        return runs

    @staticmethod
    def _execute(socket_, client: str, index: int, code: str, timeout: float) -> CellRun:
        msg_id = uuid.uuid4().hex
        socket_.send(json.dumps({
            "header": {"msg_id": msg_id, "username": "learner", "session": client, "msg_type": "execute_request",
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }))
        status, error, idle = "", "", False
        deadline = time.monotonic() + timeout
        while not (status and idle):
            if time.monotonic() > deadline:
                return CellRun(index, "timeout", f"no answer within {timeout:.0f} s")
            message = json.loads(socket_.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = message["header"]["msg_type"]
            if kind == "execute_reply":
                status = message["content"]["status"]
            elif kind == "error":
                error = f"{message['content']['ename']}: {message['content']['evalue']}"
            elif kind == "status" and message["content"]["execution_state"] == "idle":
                idle = True
        return CellRun(index, "error" if error else status, error)


class _quietly:
    """Ignore OS and HTTP errors (a process that already ended, a session already gone)."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, value, traceback) -> bool:
        return kind is not None and issubclass(kind, (OSError, HubError, ValueError))


def hub_link(hub_url: str, repo: str, branch: str, target: str) -> str:
    """The kit's own nbgitpuller link (``python -m claimlab hub-link``), as an instructor makes it."""
    result = subprocess.run([sys.executable, "-m", "claimlab", "hub-link", "--hub", hub_url, "--repo", repo,
                             "--branch", branch, "--target", target], capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise HubError(f"hub-link failed: {result.stderr}")
    return result.stdout.strip()


def parts(url: str) -> tuple[str, str]:
    """(path, query) of a URL."""
    split = urlsplit(url)
    return split.path, split.query
