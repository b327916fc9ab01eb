"""Drive JupyterLab in headless Chromium as a learner would: open a notebook, run it, look at it.

Used by tests/test_browser.py, tests/test_browser_later_lessons.py (through tests/browser/lab_fixtures.py)
and benchmarks/browser_benchmark.py. Four pieces:

- ``LabServer``: JupyterLab from the kit's own environment on a free loopback port, serving a
  temporary COPY of the notebook folders (running cells never touches the stored notebooks,
  which nbval compares), with its settings, workspaces and runtime files in that temporary
  folder too, and no update check or news feed.
- ``open_browser``: Debian's chromium (never Playwright's own download), with the flags a root
  user on a machine without network needs.
- ``LabPage`` (``open_lab``): one page with JupyterLab loaded once, in which notebook after
  notebook is opened (the one before closed), the next one's kernel started early.
- ``check_notebook``: open one notebook in that page, run all cells, wait for every output to
  render, then check what a learner sees (no error output, charts drawn, widgets drawn and
  answering, the highlighted article highlighted, no widget text cut off at two widths), run
  axe-core over the kit's outputs and save a screenshot (the first screen; the whole notebook when
  a check failed or CLAIMLAB_SCREENSHOTS=all), timing each step (``Report.phases``).
  It returns a ``Report`` whose ``problems`` are sentences for a human; a good notebook has none.

Every request the page makes to anywhere but the loopback server is blocked and reported: the
kit promises to work offline, and a chart renderer that fetches its JavaScript from a CDN must
fail here even on a machine that has a network.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlparse

import nbformat

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # the tests skip with a message; the benchmark says what to install
    PlaywrightTimeout = TimeoutError  # type: ignore[misc,assignment]

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
AXE_JS = HERE / "axe.min.js"  # axe-core from npm, MPL-2.0 (axe-LICENSE.txt beside it)
SCREENSHOTS = REPO / "test-output" / "screenshots"
TIMINGS = REPO / "test-output" / "browser-timings.json"
FOLDERS = ("notebooks", "solutions")  # what the browser test opens (exercises are stored unrun)
# What the copy holds: lessons link across these folders, and datasets/ keeps relative paths working.
COPIED = ("notebooks", "solutions", "exercises", "assessment", "datasets")
COPIED_FILES = ("lessons.yml",)  # so the copy is a whole kit and finds its own manifest
FIXTURES = "browser-fixtures"  # where fixture notebooks from tests/browser/ go in the copy

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# As root on a machine whose only network is loopback: no sandbox (root), no GPU, and none of
# Chromium's own background connections (each would be refused, noisily, at every start).
# Playwright adds --headless itself; the empty --user-data-dir is the persistent context's folder.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Lab settings for a test: every cell attached to the page (no windowing, so off-screen outputs
# render and axe can see them), no notifications or news.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none", "scrollPastEnd": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
        "doNotDisturbMode": True,
    },
}

SERIOUS = ("serious", "critical")


def _first_tag(node: dict) -> str:
    return node["html"].split(">", 1)[0]


# Serious axe findings that are known, explained and to be fixed elsewhere: each is reported
# as a warning on every run rather than a failure, and only on exactly the elements named here
# (anything else with the same rule still fails). CLAIMLAB_A11Y_STRICT=1 makes them failures.
# Known serious findings, each warned about in the test output until fixed.
KNOWN_AXE: dict = {
    "aria-input-field-name": (
        "ipywidgets' slider handles carry no accessible name of their own (the description is a separate "
        "label): lesson 07's simulation sliders; to fix",
        lambda node: "aria-valuemin" in node.get("html", ""),
    ),
}
VIEWPORT = {"width": 1366, "height": 900}  # a common laptop screen
NARROW = {"width": 1024, "height": 768}  # a small laptop or a tablet on its side: text must still fit

# Widget text a learner cannot read: a label, button or option cut off by its box.
CUT_OFF_JS = r"""
() => {
  const found = [];
  const root = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  if (!root) return found;
  const visible = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const words = el => (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 80);
  const selector = ['.widget-label', '.widget-label-basic', 'button', '.widget-radio-box label',
                    '.widget-checkbox label'].map(s => '.jp-OutputArea-output ' + s).join(', ');
  for (const el of root.querySelectorAll(selector)) {
    if (!visible(el) || !words(el)) continue;
    const style = getComputedStyle(el);
    const clips = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
    if (clips && el.scrollWidth > el.clientWidth + 1) found.push({kind: el.tagName.toLowerCase(), text: words(el)});
  }
  for (const select of root.querySelectorAll('.jp-OutputArea-output select')) {
    if (!visible(select)) continue;
    // the width the browser needs to show the widest option whole, against the width it has
    const shown = select.getBoundingClientRect().width;
    const saved = select.getAttribute('style');
    select.style.setProperty('width', 'max-content', 'important');
    select.style.setProperty('min-width', '0', 'important');
    select.style.setProperty('max-width', 'none', 'important');
    select.style.setProperty('flex', 'none', 'important');
    const needed = select.getBoundingClientRect().width;
    if (saved === null) select.removeAttribute('style'); else select.setAttribute('style', saved);
    if (needed > shown + 1) {
      const widest = Array.from(select.options).map(o => o.text).sort((a, b) => b.length - a.length)[0] || '';
      found.push({kind: 'option', text: widest.slice(0, 80)});
    }
  }
  return found;
}
"""
SCREENSHOT_PART = 12_000  # pixels of notebook per screenshot file
SCREEN_CHROME = 140  # menu, toolbar and status bar around the notebook
OPEN_TIMEOUT_S = 120  # page opened -> notebook and kernel ready
RUN_TIMEOUT_S = 600  # Run All -> every cell run and every output rendered


def chromium_path() -> str | None:
    """Debian's chromium, or $CLAIMLAB_CHROMIUM; None when there is none."""
    wanted = os.environ.get("CLAIMLAB_CHROMIUM")
    for candidate in ([wanted] if wanted else []) + list(CHROMIUM_CANDIDATES):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SECOND_HALF_FROM = "04"  # lessons (and their solutions) from 04 on are the second browser test file's


def notebooks_to_check(half: str | None = None) -> list[str]:
    """Paths (relative to the copy's root) of every notebook the browser tests open; with ``half``
    ('first' or 'second'), the lessons and solutions before SECOND_HALF_FROM, or from it on."""
    paths = [f"{folder}/{path.name}" for folder in FOLDERS for path in sorted((REPO / folder).glob("*.ipynb"))]
    if half is None:
        return paths
    second = [p for p in paths if Path(p).name >= SECOND_HALF_FROM]
    return second if half == "second" else [p for p in paths if p not in second]


def fixture_path(name: str) -> str:
    return f"{FIXTURES}/{name}"


class LabServer:
    """JupyterLab on 127.0.0.1 over a temporary copy of the kit's notebook folders."""

    def __init__(self, python: str | Path | None = None) -> None:
        self.python = str(python or _kit_python())
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.tmp = Path(tempfile.mkdtemp(prefix="claimlab-browser-"))
        self.root = self.tmp / "root"
        self.process: subprocess.Popen | None = None
        self.log_path = self.tmp / "jupyterlab.log"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> LabServer:
        self.root.mkdir()
        for folder in COPIED:
            if (REPO / folder).is_dir():
                shutil.copytree(REPO / folder, self.root / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        for name in COPIED_FILES:
            shutil.copy2(REPO / name, self.root / name)
        fixtures = self.root / FIXTURES
        fixtures.mkdir()
        for notebook in HERE.glob("*.ipynb"):
            shutil.copy2(notebook, fixtures / notebook.name)
        settings = self.tmp / "settings"
        for relative, values in LAB_SETTINGS.items():
            target = settings / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(values))
        env = dict(os.environ)
        env.update(
            JUPYTERLAB_SETTINGS_DIR=str(settings),
            JUPYTERLAB_WORKSPACES_DIR=str(self.tmp / "workspaces"),
            JUPYTER_CONFIG_DIR=str(self.tmp / "config"),
            JUPYTER_RUNTIME_DIR=str(self.tmp / "runtime"),
            PYTHONUNBUFFERED="1",
        )
        args = [
            self.python, "-m", "jupyterlab", "--no-browser",
            f"--port={self.port}", "--port-retries=0",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--ServerApp.open_browser=False",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, to run cells and read outputs
            "--ServerApp.terminals_enabled=False",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.append("--allow-root")  # CI and these machines run as root
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            args, cwd=self.root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                message = f"JupyterLab exited with {self.process.returncode}:\n{self.log_tail()}"
                self.stop()
                raise RuntimeError(message)
            try:
                self.api("GET", "/api/status")
                return self
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.3)
        message = f"JupyterLab did not answer within {timeout:.0f} s:\n{self.log_tail()}"
        self.stop()
        raise RuntimeError(message)

    def api(self, method: str, path: str, body: dict | None = None, timeout: float = 10) -> object:
        headers = {"Authorization": f"token {self.token}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(f"{self.base_url}{path}", data=data, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def lab_url(self) -> str:
        # ?reset: a fresh workspace, so no notebook opens by itself
        return f"{self.base_url}/lab?reset&token={self.token}"

    def start_kernel_for(self, path: str) -> None:
        """Start the kernel a notebook will use, before it is opened (Lab joins a running session by its path)."""
        kernel = (nbformat.read(self.root / path, as_version=4).metadata.get("kernelspec") or {}).get("name", "python3")
        try:
            self.api("POST", "/api/sessions", {"path": path, "type": "notebook", "name": Path(path).name,
                                               "kernel": {"name": kernel}}, timeout=60)
        except (urllib.error.URLError, OSError):
            pass  # Lab starts one itself when the notebook opens

    def shut_down_kernel_of(self, path: str) -> None:
        """End the kernel of one notebook's session (the notebook has been checked)."""
        try:
            for session in self.api("GET", "/api/sessions") or []:
                if session.get("path") == path:
                    self.api("DELETE", f"/api/sessions/{session['id']}", timeout=30)
        except (urllib.error.URLError, OSError):
            pass

    def notebook_url(self, path: str) -> str:
        # ?reset: a fresh workspace, so only this notebook opens
        return f"{self.base_url}/lab/tree/{quote(path)}?reset&token={self.token}"

    def shut_down_kernels(self) -> None:
        """End every session's kernel (one per notebook opened), so the next notebook has the CPU."""
        try:
            for session in self.api("GET", "/api/sessions") or []:
                self.api("DELETE", f"/api/sessions/{session['id']}")
        except (urllib.error.URLError, OSError):
            pass

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.shut_down_kernels()  # kernels run in sessions of their own: end them through the server
            try:
                os.killpg(self.process.pid, signal.SIGTERM)  # the server and its kernels
                self.process.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait(timeout=5)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> LabServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _kit_python() -> Path:
    venv = REPO / ".venv" / "bin" / "python"
    return venv if venv.exists() else Path(sys.executable)


class Browser:
    """Playwright with Debian's chromium; ``close()`` ends both."""

    def __init__(self, executable: str) -> None:
        from playwright.sync_api import sync_playwright

        self.profile = Path(tempfile.mkdtemp(prefix="claimlab-chromium-"))
        self._playwright = sync_playwright().start()
        try:
            # A persistent context gives Chromium the new, empty --user-data-dir it needs as root.
            self.context = self._playwright.chromium.launch_persistent_context(
                str(self.profile),
                executable_path=executable,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport=VIEWPORT,
                service_workers="block",
            )
        except Exception:
            self._playwright.stop()
            shutil.rmtree(self.profile, ignore_errors=True)
            raise
        self.context.set_default_timeout(30_000)

    def close(self) -> None:
        try:
            self.context.close()
        finally:
            self._playwright.stop()
            shutil.rmtree(self.profile, ignore_errors=True)


def open_browser(executable: str | None = None) -> Browser:
    executable = executable or chromium_path()
    if not executable:
        raise RuntimeError("Debian's chromium is not installed (python3 scripts/install_browser.py installs it)")
    return Browser(executable)


# --- what the stored notebook promises -------------------------------------------------------


@dataclass
class Expected:
    """Per code cell (by index among all cells), what the stored notebook showed."""

    charts: dict[int, int] = field(default_factory=dict)
    widgets: dict[int, int] = field(default_factory=dict)
    highlights: dict[int, int] = field(default_factory=dict)  # cell -> number of <mark> elements


CHART_MIMES = ("image/svg+xml",)
VEGA_PREFIX = "application/vnd.vega"


def expected_outputs(path: Path) -> Expected:
    nb = nbformat.read(path, as_version=4)
    expected = Expected()
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if any(m in data for m in CHART_MIMES) or any(m.startswith(VEGA_PREFIX) for m in data):
                expected.charts[index] = expected.charts.get(index, 0) + 1
            if "application/vnd.jupyter.widget-view+json" in data:
                expected.widgets[index] = expected.widgets.get(index, 0) + 1
            html = data.get("text/html", "")
            html = "".join(html) if isinstance(html, list) else html
            if "cl-highlighted" in html:
                expected.highlights[index] = expected.highlights.get(index, 0) + html.count("<mark")
    return expected


# --- in the page ------------------------------------------------------------------------------

OPEN_JS = """
async (path) => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  await panel.revealed;
  if (panel.context.path !== path) throw new Error('opened ' + panel.context.path + ', not ' + path);
  return true;
}
"""

LAB_READY_JS = "() => !!(window.jupyterapp && window.jupyterapp.shell && window.jupyterapp.commands)"
LAB_RESTORED_JS = "async () => { await window.jupyterapp.restored; return true; }"

# Close whatever is in the main area (the launcher, the notebook checked before) without asking to
# save (the notebooks are a temporary copy), so only one notebook is ever in the page.
CLOSE_NOTEBOOKS_JS = """
() => {
  const app = window.jupyterapp;
  for (const widget of Array.from(app.shell.widgets('main'))) {
    if (widget.context && widget.context.model) widget.context.model.dirty = false;
    widget.dispose();
  }
  return true;
}
"""

# Open a notebook in the running JupyterLab, as a double-click in its file browser does.
OPEN_NOTEBOOK_JS = """
async (path) => {
  const app = window.jupyterapp;
  for (const widget of Array.from(app.shell.widgets('main'))) {
    if (widget.context && widget.context.model) widget.context.model.dirty = false;
    widget.dispose();
  }
  const panel = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  app.shell.activateById(panel.id);
  await panel.context.ready;
  await panel.revealed;
  return true;
}
"""

# Wait until the browser has laid out and painted what changed (two animation frames), e.g.
# after the window was resized or the notebook scrolled.
FRAMES_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"

READY_JS = """
(path) => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return false;
  const panel = app.shell.currentWidget;
  return !!(panel && panel.context && panel.context.path === path && panel.sessionContext);
}
"""

RUN_ALL_JS = """
async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  const kernel = () => panel.sessionContext.session && panel.sessionContext.session.kernel;
  for (let i = 0; i < 600 && !(kernel() && kernel().status === 'idle'); i++) {
    await new Promise(r => setTimeout(r, 100));
  }
  await app.commands.execute('notebook:run-all-cells');
  return true;
}
"""

# True once the kernel is idle and every output has finished rendering: widgets drawn (or
# failed), SVG images decoded, no Lab placeholder left.
# Walk every code cell's outputs in the notebook model side by side with the view Lab drew for
# each (the model says what an output is; the view is what a learner sees).
OUTPUTS_JS = r"""
const claimlabOutputs = (panel) => {
  const found = [];
  for (const [index, cell] of panel.content.widgets.entries()) {
    if (cell.model.type !== 'code') continue;
    const views = cell.outputArea ? cell.outputArea.widgets : [];
    const models = cell.model.outputs.toJSON();
    models.forEach((model, j) => {
      const child = views[j] ? views[j].node : null;
      const node = child ? (child.querySelector('.jp-OutputArea-output') || child) : null;
      const data = model.data || {};
      const mimes = Object.keys(data);
      const html = [].concat(data['text/html'] || []).join('');
      let kind = 'other';
      if (mimes.includes('application/vnd.jupyter.widget-view+json')) kind = 'widget';
      else if (mimes.includes('image/svg+xml') || mimes.some(m => m.startsWith('application/vnd.vega'))) kind = 'chart';
      else if (/vega-embed|altair-viz/.test(html)) kind = 'chart';
      found.push({index, cell, model, node, kind, mimes});
    });
  }
  return found;
};
"""

# True once the kernel is idle, no cell is waiting to run, and every output has finished
# rendering: widgets drawn (or failed), SVG images decoded.
SETTLED_JS = "() => {" + OUTPUTS_JS + r"""
return (() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  for (const cell of panel.content.widgets) {
    if (cell.model.type !== 'code') continue;
    const prompt = cell.node.querySelector('.jp-InputPrompt');
    if (prompt && prompt.textContent.includes('*')) return false;
  }
  for (const out of claimlabOutputs(panel)) {
    if (!out.node) return false;
    const text = out.node.textContent || '';
    if (out.kind === 'widget' && !out.node.querySelector('.jupyter-widgets') && !/Error displaying widget|model not found/i.test(text)) return false;
    for (const img of out.node.querySelectorAll('img')) if (!img.complete) return false;
  }
  return true;
})();
}
"""

# Everything the checks need, read from the live notebook: its model (errors) and its DOM.
INSPECT_JS = "() => {" + OUTPUTS_JS + r"""
return (async () => {
  const panel = window.jupyterapp.shell.currentWidget;
  const inkIn = async (img) => {
    // How many pixels of the drawn image are not white or transparent: a blank chart has none.
    try {
      if (img.decode) await img.decode();
      const w = Math.min(img.naturalWidth || img.width, 2000), h = Math.min(img.naturalHeight || img.height, 2000);
      if (!w || !h) return 0;
      const canvas = document.createElement('canvas');
      canvas.width = w; canvas.height = h;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0, w, h);
      const data = ctx.getImageData(0, 0, w, h).data;
      let ink = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 16 && (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235)) ink++;
      }
      return ink;
    } catch (e) { return -1; }  // could not read the pixels: judged by size alone
  };
  const cells = [];
  for (const [index, cell] of panel.content.widgets.entries()) {
    const info = {index, type: cell.model.type, executionCount: null, errors: [], charts: [], widgets: [],
                  marks: 0, highlighted: 0, chartReprs: 0, source: ''};
    if (cell.model.type === 'code') {
      info.executionCount = cell.model.executionCount;
      info.source = cell.model.sharedModel.getSource().slice(0, 200);
    }
    cells.push(info);
  }
  for (const out of claimlabOutputs(panel)) {
    const info = cells[out.index];
    const model = out.model;
    if (model.output_type === 'error') info.errors.push(`${model.ename}: ${model.evalue}`);
    if (model.output_type === 'stream' && model.name === 'stderr') {
      info.errors.push('stderr: ' + [].concat(model.text).join('').trim().slice(0, 300));
    }
    const node = out.node;
    const text = node ? (node.textContent || '').trim() : '';
    const plain = [].concat((model.data || {})['text/plain'] || []).join('');
    if (out.kind === 'other' && /^alt\.[A-Za-z]*Chart\(\.\.\.\)$/.test(plain.trim())) info.chartReprs++;
    if (out.kind === 'chart') {
      const chart = {mime: out.mimes.filter(m => m !== 'text/plain').join(', '), svg: 0, canvas: 0, img: 0,
                     width: 0, height: 0, ink: 0, text: text.slice(0, 200)};
      if (node) {
        for (const img of node.querySelectorAll('img')) {
          if (!(img.currentSrc || img.src).startsWith('data:image/svg+xml')) continue;
          chart.img++;
          chart.width = Math.max(chart.width, img.naturalWidth);
          chart.height = Math.max(chart.height, img.naturalHeight);
          chart.ink = Math.max(chart.ink, await inkIn(img));
        }
        for (const el of node.querySelectorAll('svg, canvas')) {
          const box = el.getBoundingClientRect();
          if (el.tagName.toLowerCase() === 'svg') {
            chart.svg++;
            chart.ink = Math.max(chart.ink, el.querySelectorAll('path, rect, circle, line, text').length);
          } else { chart.canvas++; chart.ink = Math.max(chart.ink, 1); }
          chart.width = Math.max(chart.width, box.width);
          chart.height = Math.max(chart.height, box.height);
        }
      }
      info.charts.push(chart);
    }
    if (out.kind === 'widget') {
      const view = node && node.querySelector('.jupyter-widgets');
      const box = view ? view.getBoundingClientRect() : {width: 0, height: 0};
      info.widgets.push({rendered: !!view && box.width > 0 && box.height > 0, text: text.slice(0, 200)});
    }
    if (node) {
      const highlighted = node.querySelectorAll('.cl-highlighted');
      info.highlighted += highlighted.length;
      for (const h of highlighted) {
        for (const mark of h.querySelectorAll('.cl-article mark')) {
          const box = mark.getBoundingClientRect();
          const bg = getComputedStyle(mark).backgroundColor;
          if (box.width > 0 && box.height > 0 && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') info.marks++;
        }
      }
    }
  }
  const scroller = panel.content.node;
  return {cells, height: scroller.scrollHeight};
})();
}
"""

# Scroll the notebook to a pixel offset (first cell active, so Lab does not scroll back to the
# last one) and return the notebook's full height.
SCROLL_TO_JS = """
(offset) => {
  const panel = window.jupyterapp.shell.currentWidget;
  panel.content.activeCellIndex = 0;
  panel.content.deselectAll();
  const outer = panel.content.node.querySelector('.jp-WindowedPanel-outer') || panel.content.node;
  outer.scrollTop = offset;
  return outer.scrollHeight;
}
"""

AXE_JS_RUN = """
async () => {
  const outputs = Array.from(document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output'));
  if (!outputs.length) return [];
  const result = await axe.run({include: outputs.map(o => o)}, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200), summary: n.failureSummary}))}));
}
"""


# --- the check --------------------------------------------------------------------------------


@dataclass
class Report:
    path: str
    seconds_lab: float = 0.0  # asked JupyterLab (loaded once in the page) to open it -> notebook drawn
    seconds_open: float = 0.0  # asked to open it -> kernel ready
    seconds_rendered: float = 0.0  # asked to open it -> all cells run and every output rendered
    problems: list[str] = field(default_factory=list)
    charts: int = 0
    widgets: int = 0
    quizzes_answered: int = 0
    marks: int = 0
    axe: list[dict] = field(default_factory=list)  # every violation axe found, any impact
    blocked_requests: list[str] = field(default_factory=list)
    waived: list[str] = field(default_factory=list)  # known serious axe findings (KNOWN_AXE), warned about
    screenshot: Path | None = None
    phases: dict[str, float] = field(default_factory=dict)  # seconds of each step of the check

    @property
    def serious_axe(self) -> list[dict]:
        return [v for v in self.axe if v["impact"] in SERIOUS]

    def summary(self) -> str:
        return (
            f"{self.path}: {self.seconds_rendered:.1f} s open->rendered, {self.charts} charts, "
            f"{self.widgets} widgets ({self.quizzes_answered} quizzes answered), {self.marks} highlights, "
            f"axe: {sum(p.startswith('accessibility') for p in self.problems)} serious/critical failing, "
            f"{len(self.waived)} known and warned, {len(self.axe)} rules violated in all"
        )


class LabPage:
    """One Chromium page with JupyterLab loaded once, in which notebook after notebook is opened and checked.

    JupyterLab takes seconds to load; a learner loads it once too and opens lessons from its file
    browser. Each notebook is opened in this page (the one before closed first, so only one is
    ever in the page), and its kernel may be started while the notebook before is being looked
    at (``upcoming``). Every request to anywhere but the loopback server is blocked and counted
    against the notebook being checked (or, while JupyterLab itself loads, the first one).
    """

    def __init__(self, browser: Browser, lab: LabServer) -> None:
        self.browser, self.lab = browser, lab
        self.page = None
        self.report: Report | None = None  # the notebook being checked: blocked requests go to it
        self.blocked_early: list[str] = []  # asked for while no notebook was being checked
        self.page_errors: list[str] = []
        self.seconds_load = 0.0  # page opened -> JupyterLab loaded
        self._axe_loaded = False
        self._background: list[threading.Thread] = []

    def open(self) -> LabPage:
        page = self.browser.context.new_page()
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.route("**/*", self._guard)
        self.page = page
        start = time.perf_counter()
        page.goto(self.lab.lab_url(), wait_until="domcontentloaded")
        page.wait_for_function(LAB_READY_JS, timeout=OPEN_TIMEOUT_S * 1000, polling=100)
        page.evaluate(LAB_RESTORED_JS)
        self.seconds_load = time.perf_counter() - start
        return self

    def _guard(self, route) -> None:
        url = route.request.url
        host = urlparse(url).hostname or ""
        if url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            (self.report.blocked_requests if self.report is not None else self.blocked_early).append(url)
            route.abort("internetdisconnected")

    def in_background(self, work, *args) -> None:
        """Run a call to the server (start or end a kernel) while the page goes on."""
        thread = threading.Thread(target=work, args=args, daemon=True)
        thread.start()
        self._background.append(thread)

    def wait_for_background(self, timeout: float = 60) -> None:
        for thread in self._background:
            thread.join(timeout)
        self._background = [t for t in self._background if t.is_alive()]

    def close(self) -> None:
        self.wait_for_background()
        if self.page is not None:
            self.page.close()
            self.page = None
        self.lab.shut_down_kernels()

    def __enter__(self) -> LabPage:
        return self.open()

    def __exit__(self, *exc) -> None:
        self.close()


def open_lab(browser: Browser, lab: LabServer) -> LabPage:
    """A page with JupyterLab loaded, ready for ``check_notebook``."""
    return LabPage(browser, lab).open()


def _timed(report: Report, phase: str, start: float) -> float:
    now = time.perf_counter()
    report.phases[phase] = report.phases.get(phase, 0.0) + now - start
    return now


def screenshots_wanted() -> str:
    """'all' (every part of every notebook) when CLAIMLAB_SCREENSHOTS=all, else 'first' (first screen; all on failure)."""
    return "all" if os.environ.get("CLAIMLAB_SCREENSHOTS", "").strip().lower() == "all" else "first"


def check_notebook(lab_page: LabPage, path: str, screenshot_dir: Path | None = SCREENSHOTS,
                   accessibility: bool = True, upcoming: str | None = None) -> Report:
    """Open, run and inspect one notebook (path relative to the lab's root) in the lab's page; return what went wrong.

    ``upcoming``: the notebook to be checked next, whose kernel is started once this one has run.
    """
    lab, page = lab_page.lab, lab_page.page
    report = Report(path)
    report.blocked_requests.extend(lab_page.blocked_early)
    lab_page.blocked_early.clear()
    lab_page.page_errors.clear()
    lab_page.report = report
    stored = lab.root / path
    expected = expected_outputs(stored)
    try:
        start = time.perf_counter()
        page.set_viewport_size(VIEWPORT)
        page.evaluate(OPEN_NOTEBOOK_JS, path)
        page.wait_for_function(READY_JS, arg=path, timeout=OPEN_TIMEOUT_S * 1000, polling=100)
        report.seconds_lab = time.perf_counter() - start
        page.evaluate(OPEN_JS, path)
        report.seconds_open = time.perf_counter() - start
        page.evaluate(RUN_ALL_JS)
        try:
            page.wait_for_function(SETTLED_JS, timeout=RUN_TIMEOUT_S * 1000, polling=200)
        except PlaywrightTimeout:
            report.problems.append(
                f"the notebook had not finished running and rendering after {RUN_TIMEOUT_S} s "
                "(a cell still running, or an output that never rendered)"
            )
        _settle_widgets(page)
        report.seconds_rendered = time.perf_counter() - start
        report.phases.update(open=report.seconds_lab, kernel=report.seconds_open - report.seconds_lab,
                             run=report.seconds_rendered - report.seconds_open)
        if upcoming and upcoming != path:  # its kernel starts while this notebook is looked at
            lab_page.in_background(lab.start_kernel_for, upcoming)

        mark = time.perf_counter()
        seen = page.evaluate(INSPECT_JS)
        _judge(report, expected, seen["cells"])
        mark = _timed(report, "inspect", mark)
        _answer_quizzes(page, report)
        mark = _timed(report, "quizzes", mark)
        _judge_cut_off_text(page, report)
        mark = _timed(report, "cut_off", mark)
        if accessibility:
            if not lab_page._axe_loaded:
                page.add_script_tag(path=str(AXE_JS))
                lab_page._axe_loaded = True
            report.axe = page.evaluate(AXE_JS_RUN)
            _judge_accessibility(report)
            mark = _timed(report, "axe", mark)
        for url in report.blocked_requests:
            report.problems.append(f"the page asked the network for {url} (the kit must work offline; blocked)")
        if page_errors := list(lab_page.page_errors):
            if report.problems:
                report.problems.append("JavaScript errors on the page: " + " | ".join(e[:200] for e in page_errors[:3]))
        if screenshot_dir is not None:
            whole = bool(report.problems) or screenshots_wanted() == "all"
            report.screenshot = _screenshot(page, screenshot_dir, path, whole=whole)
            _timed(report, "screenshot", mark)
    except Exception:
        if screenshot_dir is not None:  # what the learner would have seen, for the failure message
            try:
                report.screenshot = _screenshot(page, screenshot_dir, path, whole=True)
            except Exception:  # noqa: BLE001 - the first error is the one to report
                pass
        raise
    finally:
        lab_page.report = None
        page.set_viewport_size(VIEWPORT)
        page.evaluate(CLOSE_NOTEBOOKS_JS)
        lab_page.in_background(lab.shut_down_kernel_of, path)  # so the next notebook has the CPU
    return report


def _judge_accessibility(report: Report) -> None:
    strict = os.environ.get("CLAIMLAB_A11Y_STRICT") == "1"
    for violation in report.serious_axe:
        reason, known = KNOWN_AXE.get(violation["id"], (None, None))
        nodes = violation["nodes"]
        if known is not None and not strict:
            waived = [n for n in nodes if known(n)]
            nodes = [n for n in nodes if not known(n)]
            if waived:
                report.waived.append(
                    f"{report.path}: {violation['id']} ({violation['impact']}) on {len(waived)} element(s): {reason}"
                )
        if nodes:
            where = "; ".join(n["target"] for n in nodes[:3])
            report.problems.append(
                f"accessibility ({violation['impact']}): {violation['id']}: {violation['help']} "
                f"[{len(nodes)} element(s), e.g. {where}]"
            )


def _settle_widgets(page, timeout: float = 5.0) -> None:
    """Give late renderers (widgets drawn after the kernel went idle) a moment to finish."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        count = page.evaluate("() => document.querySelectorAll('.jp-OutputArea-output').length")
        if count == last:
            return
        last = count
        page.wait_for_timeout(250)


def _judge(report: Report, expected: Expected, cells: list[dict]) -> None:
    problems = report.problems
    for cell in cells:
        i = cell["index"]
        label = f"cell {i + 1}"
        if cell["type"] != "code":
            continue
        if cell.get("source", "").strip() and cell["executionCount"] is None:
            problems.append(f"{label} did not run (an earlier cell failed, or the kernel stopped)")
        for error in cell["errors"]:
            problems.append(f"{label} shows an error: {error}")
        if cell["chartReprs"]:
            problems.append(f"{label} shows a chart as text (alt.Chart(...)): no renderer drew it")
        for chart in cell["charts"]:
            report.charts += 1
            drawn = (chart["svg"] or chart["canvas"] or chart["img"]) and chart["width"] > 0 and chart["height"] > 0
            if not drawn:
                problems.append(
                    f"{label}: a chart did not render ({chart['mime']} output with no SVG or canvas drawn)"
                    + (f"; it shows: {chart['text']!r}" if chart["text"] else "")
                )
            elif chart["ink"] == 0:
                problems.append(f"{label}: a chart rendered blank ({chart['mime']}, nothing drawn in it)")
        drawn_charts = sum(1 for c in cell["charts"] if c["svg"] or c["canvas"] or c["img"])
        if drawn_charts < expected.charts.get(i, 0):
            problems.append(
                f"{label}: the stored notebook shows {expected.charts[i]} chart(s); the browser drew {drawn_charts}"
            )
        for widget in cell["widgets"]:
            report.widgets += 1
            if not widget["rendered"]:
                problems.append(f"{label}: a widget did not render; it shows {widget['text']!r}")
        if len(cell["widgets"]) < expected.widgets.get(i, 0):
            problems.append(
                f"{label}: the stored notebook shows {expected.widgets[i]} widget(s); the browser showed {len(cell['widgets'])}"
            )
        report.marks += cell["marks"]
        want = expected.highlights.get(i)
        if want is not None and cell["marks"] == 0:
            problems.append(f"{label}: the highlighted article shows no highlights (stored: {want} marks)")
        elif cell["highlighted"] and cell["marks"] == 0:
            problems.append(f"{label}: a highlighted article is shown with no visible highlight")


def _judge_cut_off_text(page, report: Report) -> None:
    """No widget label, button or option may be cut off, at the laptop width and at 1024 px."""
    laid_out = None
    for size in (VIEWPORT, NARROW):
        page.set_viewport_size(size)
        # the window's resize is handled by Lab in the next animation frame: wait for the layout
        page.evaluate(FRAMES_JS)
        page.wait_for_function(FITS_JS, arg=size["width"], timeout=10_000, polling="raf")
        if laid_out is None:
            laid_out = page.evaluate(PANEL_WIDTH_JS)
        for item in page.evaluate(CUT_OFF_JS):
            report.problems.append(f"at {size['width']} px a widget {item['kind']} is cut off: {item['text']!r}")
    page.set_viewport_size(VIEWPORT)
    # back at the laptop width, wait until the notebook is as wide as it was there before, so that
    # what runs next (axe) sees the laptop layout, not the narrow one (a table that scrolls at
    # 1024 px but not at the laptop width would otherwise be judged at the wrong width)
    page.evaluate(FRAMES_JS)
    page.wait_for_function(f"() => ({PANEL_WIDTH_JS})() === {laid_out}", timeout=10_000, polling="raf")


# The width of the notebook panel now shown, in whole pixels.
PANEL_WIDTH_JS = "() => Math.round(window.jupyterapp.shell.currentWidget.node.getBoundingClientRect().width)"

# True once the notebook has been laid out for a window this wide (Lab resizes it on the next frame).
FITS_JS = """
(width) => {
  const panel = window.jupyterapp.shell.currentWidget;
  if (window.innerWidth !== width || !panel) return false;
  const box = panel.node.getBoundingClientRect();
  return box.width > 0 && box.right <= width + 1;
}
"""


def _answer_quizzes(page, report: Report) -> None:
    """In every quiz, pick the first answer and press Check; then wait for each quiz's own feedback to appear.

    All quizzes are answered first and their feedback awaited after, so the kernel's replies overlap
    (each quiz still must show feedback in its own live region, or it is reported)."""
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")
    buttons = notebook.locator(".jp-OutputArea-output button.widget-button", has_text="Check")
    pressed = []
    for n in range(buttons.count()):
        button = buttons.nth(n)
        # the quiz is the kit's widget box around the button (claimlab.widget_style marks it)
        quiz = button.locator("xpath=ancestor::*[contains(concat(' ', normalize-space(@class), ' '), "
                              "' claimlab-widget ')][1]")
        if not quiz.count():
            quiz = button.locator("xpath=..")
        cell = button.evaluate(
            "(el) => Array.from(el.closest('.jp-Notebook').querySelectorAll(':scope .jp-Cell'))"
            ".indexOf(el.closest('.jp-Cell')) + 1"
        )
        try:
            choice = quiz.locator("input[type=radio], input[type=checkbox]").first
            if choice.count():
                choice.click()
            button.click()
            pressed.append((cell, quiz))
        except Exception as error:  # noqa: BLE001 - any failure here is the learner's failure too
            _quiz_failed(report, cell, error)
    for cell, quiz in pressed:
        try:
            # the feedback widget redraws its HTML, so look the live region up afresh each time
            quiz.locator("[role=status]", has_text=re.compile(r"\S")).first.wait_for(timeout=15_000)
            report.quizzes_answered += 1
        except Exception as error:  # noqa: BLE001
            _quiz_failed(report, cell, error)


def _quiz_failed(report: Report, cell: int, error: Exception) -> None:
    report.problems.append(
        f"cell {cell}: a quiz did not answer: after an answer and Check, no feedback appeared "
        f"({type(error).__name__}: {str(error).splitlines()[0][:160]})"
    )


def _screenshot(page, folder: Path, path: str, whole: bool = True) -> Path:
    """A screenshot of the notebook as it opens (NAME.png, the first screen), or with ``whole`` of the
    whole notebook: the page stretched to its height, in parts of at most SCREENSHOT_PART pixels for
    a long notebook (NAME.png, NAME-2.png, ...). Older parts of the same notebook are removed."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = path.replace("/", "__").removesuffix(".ipynb")
    for old in folder.glob(f"{stem}-*.png"):
        old.unlink()
    first = folder / f"{stem}.png"
    height = int(page.evaluate(SCROLL_TO_JS, 0))
    if not whole:
        page.set_viewport_size(VIEWPORT)
        page.evaluate(FRAMES_JS)
        page.screenshot(path=str(first))
        return first
    part_height = max(VIEWPORT["height"], min(height, SCREENSHOT_PART))
    page.set_viewport_size({"width": VIEWPORT["width"], "height": part_height + SCREEN_CHROME})
    offset, part = 0, 1
    while True:
        page.evaluate(SCROLL_TO_JS, offset)
        page.evaluate(FRAMES_JS)
        page.wait_for_function(IMAGES_DRAWN_JS, timeout=10_000, polling="raf")
        target = first if part == 1 else folder / f"{stem}-{part}.png"
        page.screenshot(path=str(target))
        offset += part_height
        part += 1
        if offset >= height or part > 20:
            break
    page.set_viewport_size(VIEWPORT)
    return first


# True once every image in the notebook has been decoded (a chart is an SVG image).
IMAGES_DRAWN_JS = """
() => Array.from(document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) img')).every(img => img.complete)
"""


def write_timings(reports: list[Report], target: Path = TIMINGS) -> Path:
    """Add these notebooks' timings to the JSON file (rows of other notebooks kept: the browser tests
    run in two files, on two workers at once), written atomically under a lock."""
    target.parent.mkdir(parents=True, exist_ok=True)
    rows = [
        {"notebook": r.path, "seconds_open_to_lab_ready": round(r.seconds_lab, 2),
         "seconds_open_to_kernel_ready": round(r.seconds_open, 2),
         "seconds_open_to_all_outputs_rendered": round(r.seconds_rendered, 2),
         "seconds_per_step": {k: round(v, 2) for k, v in r.phases.items()},
         "charts": r.charts, "widgets": r.widgets, "quizzes_answered": r.quizzes_answered, "marks": r.marks,
         "axe_violations": [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"])} for v in r.axe]}
        for r in reports
    ]
    with (target.parent / (target.name + ".lock")).open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            kept = [row for row in json.loads(target.read_text()) if isinstance(row, dict)]
        except (OSError, ValueError):
            kept = []
        ours = {row["notebook"] for row in rows}
        merged = sorted([row for row in kept if row.get("notebook") not in ours] + rows, key=lambda row: str(row.get("notebook")))
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(merged, indent=1) + "\n")
        os.replace(temporary, target)
    return target
