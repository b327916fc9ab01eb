"""Tests for claimlab.chart_cache: a drawn chart is kept, found again, and never shown when corrupted."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import vl_convert

import claimlab  # noqa: F401  (sets the kit's import-time options)
from claimlab import chart_cache, charts
from at_once import run_at_once
from test_charts import CHARTS

SVG = '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>'


def never_drawn() -> str:
    raise AssertionError("the chart was drawn again although a good entry was in the cache")


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*{chart_cache.SUFFIX}"))


def test_a_chart_is_drawn_once_then_read_from_the_cache(tmp_path):
    spec = {"mark": "point", "title": "one"}
    drawn = []
    assert chart_cache.cached_svg(spec, lambda: drawn.append(1) or SVG, tmp_path) == SVG
    assert drawn == [1] and len(entries(tmp_path)) == 1
    assert chart_cache.cached_svg(spec, never_drawn, tmp_path) == SVG
    assert chart_cache.cached_svg({"title": "one", "mark": "point"}, never_drawn, tmp_path) == SVG  # key order


def test_another_spec_or_renderer_version_gets_another_entry():
    spec = {"mark": "point", "data": {"values": [{"x": 1}]}}
    key = chart_cache.chart_key(spec, "vl-convert 1.9.0, altair 5")
    assert key == chart_cache.chart_key(dict(reversed(list(spec.items()))), "vl-convert 1.9.0, altair 5")
    assert key != chart_cache.chart_key({**spec, "data": {"values": [{"x": 2}]}}, "vl-convert 1.9.0, altair 5")
    assert key != chart_cache.chart_key(spec, "vl-convert 1.9.1, altair 5")
    assert vl_convert.__version__ in chart_cache.renderer_version()


@pytest.mark.parametrize("damage", [
    lambda text: text[: len(text) // 2],                       # cut short (a full disk, a killed kernel)
    lambda text: text.replace("M0 0", "M9 9"),                 # the picture changed, the checksum did not
    lambda text: "",                                           # empty
    lambda text: "not an entry at all\n" + text.split("\n", 1)[1],  # header lost
])
def test_a_corrupted_entry_is_drawn_again_and_rewritten_not_shown(tmp_path, damage):
    spec = {"mark": "bar"}
    chart_cache.cached_svg(spec, lambda: SVG, tmp_path)
    [entry] = entries(tmp_path)
    entry.write_text(damage(entry.read_text(encoding="utf-8")), encoding="utf-8")
    fresh = SVG.replace("M0 0", "M1 1")  # what drawing gives now, so we can see which one was returned
    assert chart_cache.cached_svg(spec, lambda: fresh, tmp_path) == fresh
    assert chart_cache.svg_from_entry(entry.read_text(encoding="utf-8")) == fresh
    assert chart_cache.cached_svg(spec, never_drawn, tmp_path) == fresh


def test_binary_garbage_in_an_entry_is_drawn_again(tmp_path):
    spec = {"mark": "line"}
    chart_cache.cached_svg(spec, lambda: SVG, tmp_path)
    entries(tmp_path)[0].write_bytes(b"\xff\xfe\x00garbage")
    assert chart_cache.cached_svg(spec, lambda: SVG, tmp_path) == SVG


def test_an_unwritable_cache_still_draws_the_chart(tmp_path):
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("x")
    assert chart_cache.cached_svg({"mark": "point"}, lambda: SVG, blocked / "charts") == SVG
    assert blocked.read_text() == "x"


def test_the_cache_keeps_the_most_recently_used_entries(tmp_path, monkeypatch):
    monkeypatch.setattr(chart_cache, "MAX_ENTRIES", 3)
    for number in range(3):
        chart_cache.cached_svg({"n": number}, lambda: SVG, tmp_path)
    by_key = {chart_cache.chart_key({"n": number}): number for number in range(3)}
    for entry in entries(tmp_path):  # entry n was last used at time n; entry 0 is the oldest
        when = 1_000_000 + by_key[entry.name.removesuffix(chart_cache.SUFFIX)]
        os.utime(entry, (when, when))
    chart_cache.cached_svg({"n": 0}, never_drawn, tmp_path)  # using entry 0 makes it the newest
    chart_cache.cached_svg({"n": 99}, lambda: SVG, tmp_path)  # a fourth entry: the oldest (1) goes
    kept = {entry.name.removesuffix(chart_cache.SUFFIX) for entry in entries(tmp_path)}
    assert kept == {chart_cache.chart_key({"n": n}) for n in (0, 2, 99)}


def test_where_the_cache_lives(monkeypatch, tmp_path):
    monkeypatch.setenv(chart_cache.CACHE_ENV, str(tmp_path / "mine"))
    assert chart_cache.cache_folder() == tmp_path / "mine"
    monkeypatch.setenv(chart_cache.CACHE_ENV, "off")
    assert chart_cache.cache_folder() is None
    assert chart_cache.cached_svg({"mark": "point"}, lambda: SVG) == SVG
    monkeypatch.delenv(chart_cache.CACHE_ENV)
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
        assert chart_cache.cache_folder() == tmp_path / "xdg" / "claimlab" / "charts"


@pytest.mark.parametrize("name", list(CHARTS))
def test_a_kit_chart_from_the_cache_is_byte_identical_to_a_fresh_drawing(name, tmp_path, monkeypatch):
    chart = CHARTS[name]()
    assert chart.to_dict(validate=False) == chart.to_dict()  # the key is the spec that is drawn
    fresh = vl_convert.vegalite_to_svg(chart.to_dict())  # a fresh drawing, straight from vl-convert
    monkeypatch.setenv(chart_cache.CACHE_ENV, str(tmp_path))
    kept = charts.chart_bundle(chart)  # drawn by the kit (the cache is empty) and kept
    assert kept["image/svg+xml"] == fresh and len(entries(tmp_path)) == 1
    monkeypatch.setattr(charts, "_draw_svg", lambda chart: never_drawn())
    assert charts.chart_bundle(CHARTS[name]()) == kept  # read back, in a new chart object
    drawn = []  # with the cache off, the kit draws every time, and shows what it drew the same way
    monkeypatch.setattr(charts, "_draw_svg", lambda chart: drawn.append(chart) or fresh)
    monkeypatch.setenv(chart_cache.CACHE_ENV, "off")
    assert charts.chart_bundle(chart) == kept and drawn == [chart]


def test_a_changed_chart_is_not_served_an_old_picture(tmp_path, monkeypatch):
    import altair as alt

    monkeypatch.setenv(chart_cache.CACHE_ENV, str(tmp_path))
    one = alt.Chart(pd.DataFrame({"x": [1, 2]}), title="T").mark_point().encode(x="x:Q")
    two = alt.Chart(pd.DataFrame({"x": [1, 3]}), title="T").mark_point().encode(x="x:Q")
    assert charts.chart_bundle(one) != charts.chart_bundle(two)
    assert len(entries(tmp_path)) == 2


def keep_a_large_chart(folder: Path) -> None:
    """One kernel's part in the race below: draw the same large chart into the shared folder.

    The drawing takes 0.2 s, as vl-convert's does, so every process finds the cache empty and all four
    write the entry at about the same moment.
    """
    def draw() -> str:
        time.sleep(0.2)
        return SVG * 2000

    assert chart_cache.cached_svg({"mark": "point"}, draw, folder) == SVG * 2000


def test_kernels_writing_the_same_entry_at_once_leave_one_whole_entry(tmp_path):
    """Four processes draw the same chart into one shared folder at the same moment."""
    assert run_at_once(keep_a_large_chart, [(tmp_path,)] * 4) == [0, 0, 0, 0]
    [entry] = entries(tmp_path)
    assert chart_cache.svg_from_entry(entry.read_text(encoding="utf-8")) == SVG * 2000
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
