"""claimlab.setup(): offline charts, a fixed seed, and plain-language error hints."""

from __future__ import annotations

import os
import subprocess
import sys

import altair as alt

import claimlab
from claimlab.hints import hint_for
from claimlab.notebook import CHART_RENDERER, check_setup


def test_setup_switches_charts_to_the_offline_svg_renderer(capsys):
    alt.renderers.enable("default")
    claimlab.setup()
    assert alt.renderers.active == CHART_RENDERER == "svg"
    assert "is ready" in capsys.readouterr().out


def test_a_chart_renders_to_svg_without_the_network():
    claimlab.setup(quiet=True)
    chart = alt.Chart(alt.Data(values=[{"x": 1, "y": 2}])).mark_point().encode(x="x:Q", y="y:Q")
    bundle = chart._repr_mimebundle_()
    svg = (bundle[0] if isinstance(bundle, tuple) else bundle)["image/svg+xml"]
    assert svg.lstrip().startswith("<svg") and "cdn" not in svg.lower()


def test_setup_check_lists_the_stack_as_ok():
    claimlab.setup(quiet=True)
    table = check_setup()
    assert {"Python", "pandas", "altair", "ipywidgets", "chart renderer"} <= set(table["what"])
    assert set(table["status"]) == {"ok"}


def test_the_slow_iri_checker_is_skipped_in_kit_kernels():
    code = "import claimlab, altair, sys; print(sys.modules['rfc3987_syntax'])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=without_iri_flag())
    assert result.stdout.strip() == "None"


def test_the_iri_checker_can_be_kept():
    code = "import claimlab, altair, sys; print(sys.modules['rfc3987_syntax'] is not None)"
    env = {**without_iri_flag(), "CLAIMLAB_KEEP_IRI_CHECKS": "1"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.stdout.strip() == "True"


def without_iri_flag() -> dict:
    return {k: v for k, v in os.environ.items() if k != "CLAIMLAB_KEEP_IRI_CHECKS"}


def test_hints_explain_common_errors_in_plain_words():
    assert "cell above" in hint_for(NameError("x"))
    assert "column" in hint_for(KeyError("x"))
    assert "kit.py open" in hint_for(ModuleNotFoundError("x"))


def test_hints_follow_the_kind_of_error_and_stay_quiet_when_unknown():
    class OddLookup(KeyError):
        pass

    class Unusual(Exception):
        pass

    assert hint_for(OddLookup()) == hint_for(KeyError())
    assert hint_for(Unusual()) is None


def test_a_notebook_error_shows_the_hint_above_the_traceback(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.run_cell("import claimlab; claimlab.setup(quiet=True)")
    capsys.readouterr()
    shell.run_cell("print(name_that_was_never_defined)")
    out = capsys.readouterr().out
    assert out.index("Hint:") < out.index("NameError")


def test_tables_are_shown_in_a_region_keyboard_users_can_scroll():
    import pandas as pd
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.run_cell("import claimlab; claimlab.setup(quiet=True)")
    data, _ = shell.display_formatter.format(pd.DataFrame({"a": [1]}))
    assert data["text/html"].startswith('<div role="region" aria-label="Table of 1 rows: a" tabindex="0"')
    assert "<table" in data["text/html"]
