"""One call that prepares a notebook for the kit: ``claimlab.setup()``."""

from __future__ import annotations

import random
from html import escape

import pandas as pd

SEED = 2026

# Charts render as SVG through vl-convert: no JavaScript from a CDN (so they show offline),
# identical bytes on every run (so strict nbval can compare them), and they survive static
# exports. The price is no hover tooltips, so every chart comes with a visible description
# and, where it helps, the small table behind it (see claimlab.charts).
CHART_RENDERER = "svg"


def setup(quiet: bool = False) -> None:
    """Prepare this notebook: offline charts, readable tables, a fixed seed, friendly errors."""
    import altair as alt

    alt.renderers.enable(CHART_RENDERER)
    alt.data_transformers.disable_max_rows()
    pd.set_option("display.max_colwidth", 200)
    pd.set_option("display.max_rows", 60)
    random.seed(SEED)
    _install_error_hints()
    _install_table_regions()
    _install_static_views()
    if not quiet:
        from claimlab import __version__

        print(f"Claim Lab {__version__} is ready: charts draw offline, and errors come with a hint.")


def focusable_table_html(table: pd.DataFrame) -> str | None:
    """A table's HTML inside a region keyboard users can focus and scroll when it is wider than the page."""
    inner = table._repr_html_()
    if inner is None:
        return None
    columns = ", ".join(str(c) for c in list(table.columns)[:4]) or "no columns"
    label = escape(f"Table of {len(table)} rows: {columns}{', ...' if len(table.columns) > 4 else ''}", quote=True)
    return f'<div role="region" aria-label="{label}" tabindex="0" style="overflow-x: auto;">{inner}</div>'


def _install_table_regions() -> None:
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, focusable_table_html)


def _install_static_views() -> None:
    from claimlab import static_view

    static_view.install()


def _install_error_hints() -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing to install
        return
    shell = get_ipython()
    if shell is None:
        return
    from claimlab.hints import hint_for

    def show_hint_then_traceback(self, etype, value, tb, tb_offset=None):
        hint = hint_for(value)
        if hint:
            print(f"Hint: {hint}\n")
        self.showtraceback((etype, value, tb), tb_offset=tb_offset)

    shell.set_custom_exc((Exception,), show_hint_then_traceback)
    _install_syntax_hint(shell)


def _install_syntax_hint(shell) -> None:
    """A hint above a SyntaxError too (IPython reports those before any code runs)."""
    from claimlab.hints import SYNTAX_HINT

    original = getattr(shell, "_claimlab_showsyntaxerror", None) or shell.showsyntaxerror

    def show_hint_then_syntax_error(*args, **kwargs):
        print(f"Hint: {SYNTAX_HINT}\n")
        return original(*args, **kwargs)

    shell._claimlab_showsyntaxerror = original
    shell.showsyntaxerror = show_hint_then_syntax_error


def check_setup() -> pd.DataFrame:
    """A table of what this notebook runs on: Python, the kit's packages and the chart renderer."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    import altair as alt

    rows = [("Python", platform.python_version(), "ok")]
    for package in ("claimlab", "jupyterlab", "pandas", "altair", "vl-convert-python", "ipywidgets"):
        try:
            rows.append((package, version(package), "ok"))
        except PackageNotFoundError:
            rows.append((package, "missing", "run `python3 kit.py setup`"))
    active = alt.renderers.active
    rows.append(("chart renderer", active, "ok" if active == CHART_RENDERER else "run claimlab.setup() first"))
    return pd.DataFrame(rows, columns=["what", "version", "status"])
