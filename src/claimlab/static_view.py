"""What a widget shows where no widget can run: an exported page, nbviewer, a printout.

A notebook exported to HTML keeps a widget only as text; without this, a quiz reads
``MultipleChoice(children=(HTML(value='<p><b>...``. ``claimlab.setup()`` registers
``static_html`` for every widget, so an export shows the question, its options and its
controls as words, never the answer (feedback is only ever written after a learner's try).
"""

from __future__ import annotations

import html
import re

import ipywidgets as widgets

NOTE = "Interactive in Jupyter: run this notebook to use it. This is a printed copy."


def static_html(widget: widgets.Widget) -> str:
    """A readable, answer-free HTML copy of a widget for exported and printed pages."""
    own = getattr(widget, "static_html", None)
    if callable(own):
        return own()
    parts = _parts(widget)
    body = "".join(parts) or f"<p>{html.escape(type(widget).__name__)}</p>"
    return f'<div class="claimlab-static">{body}<p><i>{NOTE}</i></p></div>'


def _parts(widget: widgets.Widget) -> list[str]:
    if isinstance(widget, widgets.HTML):
        value = widget.value or ""
        if value.lstrip().startswith("<style") or widget.layout.display == "none":
            return []
        return [_without_scripts(value)] if _visible_text(value) else []
    if isinstance(widget, widgets.Label):
        return [f"<p>{html.escape(widget.value)}</p>"] if widget.value else []
    if isinstance(widget, widgets.Checkbox):
        return [f"<p>&#9744; {html.escape(widget.description)}</p>"]
    if isinstance(widget, widgets.Button):
        return [f"<p>[{html.escape(widget.description)}]</p>"] if widget.description else []
    if isinstance(widget, (widgets.Dropdown, widgets.RadioButtons, widgets.Select, widgets.SelectMultiple,
                           widgets.ToggleButtons)):
        label = f"<b>{html.escape(widget.description)}</b> " if widget.description else ""
        options = "".join(f"<li>{html.escape(str(o))}</li>" for o in widget.options)
        return [f"<p>{label}choose one of:</p><ul>{options}</ul>"]
    if isinstance(widget, (widgets.Text, widgets.Textarea)):
        label = html.escape(widget.description or widget.placeholder or "your answer")
        return [f"<p>{label}: ________________</p>"]
    if isinstance(widget, widgets.FileUpload):
        return [f"<p>[{html.escape(widget.description or 'Upload a file')}]</p>"]
    if isinstance(widget, widgets.Box):
        return [part for child in widget.children for part in _parts(child)]
    if isinstance(widget, widgets.Output):
        return []
    return []


def _visible_text(markup: str) -> str:
    return re.sub(r"<[^>]+>", "", markup).strip()


def _without_scripts(markup: str) -> str:
    return re.sub(r"<script\b.*?</script\s*>", "", markup, flags=re.S | re.I)


def install() -> None:
    """Give every widget this readable copy in the notebook's HTML output (inside IPython only)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(widgets.Widget, static_html)
