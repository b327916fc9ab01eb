"""How the kit's widgets look: every label, option and button readable in full, never cut off.

JupyterLab's widget styles keep labels on one line and cut them with an ellipsis ("Start from
the gu..."), and size dropdowns to a fixed width ("(choose a"). The kit's widgets carry the
class ``claimlab-widget`` and one small style sheet that lets their text wrap and their
controls grow to fit, so a learner at 1024 px reads every word.
"""

from __future__ import annotations

import ipywidgets as widgets

CSS_CLASS = "claimlab-widget"

STYLE = f"""<style>
.{CSS_CLASS} .widget-label-basic, .{CSS_CLASS} .widget-label, .{CSS_CLASS} .widget-radio-box label,
.{CSS_CLASS} .widget-checkbox label {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  height: auto !important; line-height: 1.35;
}}
.{CSS_CLASS} .widget-checkbox, .{CSS_CLASS} .widget-inline-hbox, .{CSS_CLASS} .widget-radio-box {{
  height: auto !important; width: auto !important; max-width: 100%; align-items: flex-start;
}}
.{CSS_CLASS} .widget-radio-box label {{ min-height: var(--jp-widgets-inline-height); }}
.{CSS_CLASS} .jupyter-button, .{CSS_CLASS} .widget-button {{
  width: auto !important; min-width: max-content; height: auto !important; white-space: normal;
  padding: 4px 12px;
}}
.{CSS_CLASS} .widget-dropdown, .{CSS_CLASS} .widget-select {{ width: auto !important; max-width: 100%; }}
.{CSS_CLASS} .widget-dropdown > select, .{CSS_CLASS} .widget-select > select {{
  width: auto !important; min-width: 14em; max-width: 100%; flex: 0 1 auto;
}}
.{CSS_CLASS} .widget-dropdown > label, .{CSS_CLASS} .widget-select > label {{
  width: auto !important; max-width: 22em; white-space: normal !important;
}}
</style>"""


def readable(box: widgets.Box) -> widgets.Box:
    """Mark a widget box as the kit's and give it the style sheet that keeps its text whole."""
    box.add_class(CSS_CLASS)
    if not any(isinstance(child, widgets.HTML) and child.value == STYLE for child in box.children):
        box.children = (widgets.HTML(STYLE, layout=widgets.Layout(display="none")), *box.children)
    return box
