"""Charts of a case's evidence, regulation and claims, each with a description in words.

Every chart function takes a pandas table and returns an Altair chart whose data is embedded
in the spec (nothing is fetched at run time), with a title, an Altair ``description`` for
screen readers, tooltips, colour-blind-safe colours (Okabe-Ito) and, where categories
matter, a second encoding (shape or text) so that colour is never the only cue. The SVG
renderer that ``claimlab.setup()`` turns on drops both the description and the tooltips, so
lessons call ``show_chart(chart, describe_...(table))``: it shows the chart, then the same
description as visible text, then optionally the small table behind it.

    chart = evidence_map(studies)
    show_chart(chart, describe_evidence_map(studies))
"""

from __future__ import annotations

import json
from functools import lru_cache
from html import escape
from pathlib import Path

import altair as alt
import pandas as pd

from claimlab import vocabulary
from claimlab.paths import datasets_dir
from claimlab.schema import split_list
from claimlab.wording import count as _plural, listing as _listing  # shared with the lessons' prose

# Okabe & Ito (2008), "Color universal design": distinguishable with every common colour
# vision deficiency. GREY and LIGHT_GREY are neutral extras.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
GREY = "#999999"
LIGHT_GREY = "#DDDDDD"
EMPTY_CELL = "#F2F2F2"
OTHER_TOPIC = "#C8C8C8"
OTHER = "other"

# Study designs, their order and names come from datasets/reference/study-designs.csv, and a
# case's topics from its vocabulary.csv (claimlab.vocabulary). Topics are coloured in the order
# the case lists them. The order keeps the first topics (a case lists its claimed use first, then
# its harms) far apart, and the ten first colours distinguishable with red-green colour blindness
# too (tests/test_colour_distance.py): vermillion and orange, or two greys, looked alike.
NO_DESIGN = "not recorded"
DEEP_VIOLET, CRIMSON = "#4000A0", "#A00040"  # chosen by CIEDE2000 distance to the Okabe-Ito colours
TOPIC_PALETTE = [OKABE_ITO["vermillion"], OKABE_ITO["yellow"], OKABE_ITO["blue"], OKABE_ITO["black"],
                 OKABE_ITO["bluish_green"], OKABE_ITO["orange"], OKABE_ITO["reddish_purple"], OKABE_ITO["sky_blue"],
                 DEEP_VIOLET, CRIMSON, GREY, OTHER_TOPIC, "#8C564B", "#17BECF"]

SIZE_SHOWN = ["reported (area shows size)", "not reported"]
ROW_STEP = 30  # pixels per design row

STAR = ("M0,-1L0.24,-0.31L0.95,-0.31L0.38,0.12L0.59,0.81L0,0.4L-0.59,0.81L-0.38,0.12"
        "L-0.95,-0.31L-0.24,-0.31Z")
HEXAGON = "M-1,0L-0.5,-0.87L0.5,-0.87L1,0L0.5,0.87L-0.5,0.87Z"
BAR = "M-1,-0.35H1V0.35H-1Z"
# Regulatory actions come from datasets/reference/position-vocabulary.csv (and a case's extra actions
# from its vocabulary.csv): colour shows the direction, shape the action, given in the vocabulary's order.
ACTION_SHAPES = ["square", "triangle-up", "diamond", "cross", "triangle-right", "triangle-left", "triangle-down",
                 "circle", STAR, HEXAGON, BAR, "triangle", "wedge", "arrow"]
DIRECTIONS = {
    "restricts": OKABE_ITO["vermillion"],
    "proposes restriction": OKABE_ITO["orange"],
    "relaxes or withdraws": OKABE_ITO["bluish_green"],
    "regulates sale": OKABE_ITO["blue"],
    "advises or reviews": OKABE_ITO["reddish_purple"],
    OTHER: LIGHT_GREY,  # GREY was hard to tell from reddish purple with deuteranopia
}
# Whether a position still stands (position-vocabulary.csv's standing): filled marks are current, hollow ones past.
STANDING = {"current": "current (in force, advisory or proposed)",
            "past": "past (withdrawn, superseded or historical)",
            "unknown": "status not recorded"}
FILL_OPACITY = {STANDING["current"]: 0.85, STANDING["past"]: 0.0, STANDING["unknown"]: 0.35}

NO_POSITION = "no position recorded in this case"
# Legal statuses and verdicts, their labels and colours: datasets/reference/appraisal-vocabulary.csv.
LEGAL_STATUSES = {code: (t["label"], t["colour"]) for code, t in vocabulary.appraisal_terms("legal_status").items()}
VERDICTS = {code: (t["label"], t["colour"]) for code, t in vocabulary.appraisal_terms("verdict").items()}
VERDICTS["not_a_claim"] = ("not a claim", LIGHT_GREY)  # a sentence with no row in claims.csv (charts only)

EMPTY_MESSAGES = {
    "studies": "No studies recorded yet — add rows to studies.csv (see the case README)",
    "positions": "No regulatory positions recorded yet — add rows to regulatory-positions.csv (see the case README)",
    "legal_status": "No legal status recorded yet — add rows to legal-status.csv (see the case README)",
    "claims": "No claims recorded yet — add rows to claims.csv (see the case README)",
}
NO_DATES = "No regulatory position has a date yet — add dates to regulatory-positions.csv (see the case README)"

REQUIRED = {
    "evidence_map": ["study_id", "year", "design", "topic", "sample_size"],
    "regulatory_timeline": ["position_id", "date", "jurisdiction", "body", "action", "status"],
    "legal_status_map": ["jurisdiction_code", "country", "status"],
    "claim_evidence_matrix (claims)": ["claim_id", "sentence", "verdict", "study_ids"],
    "claim_evidence_matrix (studies)": ["study_id", "design"],
}

# What the chart functions return: a single chart, layers, or charts side by side.
AnyChart = alt.Chart | alt.LayerChart | alt.HConcatChart

GEO_BOUNDARIES = "countries-110m.json"
GEO_CODES = "country-codes.csv"
ANTARCTICA = "010"  # left off the map: no country's law applies there


# --- small helpers ---------------------------------------------------------------------

def _check_columns(table: pd.DataFrame, needed: str, function: str, table_name: str) -> pd.DataFrame:
    """The table, or a ValueError naming the first missing column and the function that needs it.

    An empty table passes (with the needed columns added) so that charts can say what to add.
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{function}() needs a pandas DataFrame of {table_name}, got {type(table).__name__}")
    missing = [column for column in REQUIRED[needed] if column not in table.columns]
    if missing and table.empty:
        return table.reindex(columns=[*table.columns, *missing])
    if missing:
        raise ValueError(
            f"{function}() needs the column {missing[0]!r} in the {table_name} table, but it is "
            f"missing (missing: {', '.join(missing)}; found: {', '.join(map(str, table.columns)) or 'none'})"
        )
    return table


def _label(value: object, labels: dict) -> str:
    """The label of a code, or the code itself (underscores as spaces) when unknown."""
    if pd.isna(value):
        return "not recorded"
    entry = labels.get(value)
    if entry is None:
        return str(value).replace("_", " ")
    return entry[0] if isinstance(entry, tuple) else entry


def _actions(positions: pd.DataFrame) -> dict[str, tuple[str, str, str]]:
    """Each action code: (label, direction, shape), the shared ones first, then the case's own."""
    terms = vocabulary.action_terms(positions)
    shapes = ACTION_SHAPES + ["circle"] * max(0, len(terms) - len(ACTION_SHAPES))
    return {code: (term["label"], term["direction"].replace("_", " ") or OTHER, shape)
            for (code, term), shape in zip(terms.items(), shapes)}


def _topic_label(topic: object, studies: pd.DataFrame) -> str:
    return "not recorded" if pd.isna(topic) else vocabulary.topic_label(topic, studies)


def _topic_colours(studies: pd.DataFrame) -> dict[str, str]:
    """Each of the case's topic labels with its colour, in the order of the case's vocabulary."""
    topics = vocabulary.case_terms(studies, "topic")
    return {term["label"]: colour for term, colour in zip(topics.values(), TOPIC_PALETTE)}


def _design_labels() -> dict[str, tuple[str, str]]:
    labels = dict(vocabulary.design_names())
    labels[NO_DESIGN] = ("design not recorded", "design not recorded")
    return labels


def _design_order(designs: pd.Series) -> list[str]:
    """The hierarchy's designs, then any others found in the data, alphabetically."""
    order = vocabulary.design_order()
    extra = sorted(set(designs.dropna().astype(str)) - set(order))
    return order + extra


def _shorten(text: object, limit: int = 160) -> str:
    text = "" if pd.isna(text) else " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _empty_chart(kind: str, title: str, message: str | None = None) -> alt.Chart:
    """A small text-only chart that says what to add."""
    message = message or EMPTY_MESSAGES[kind]
    return (
        alt.Chart(pd.DataFrame({"message": [message]}))
        .mark_text(align="left", x=0, y=20, fontSize=13)
        .encode(text=alt.Text("message:N"))
        .properties(title=title, description=message, width=560, height=40,
                    usermeta={"claimlab": {"empty": True, "message": message}})
    )


def _is_empty(chart: AnyChart) -> bool:
    usermeta = getattr(chart, "usermeta", alt.Undefined)
    if usermeta is alt.Undefined:
        return False
    return bool(usermeta.get("claimlab", {}).get("empty"))


# --- 1. evidence map -------------------------------------------------------------------

def evidence_map(studies: pd.DataFrame, title: str = "What kinds of studies are there, and when?") -> AnyChart:
    """Each study as a mark: its design (by the usual evidence hierarchy) by its year."""
    studies = _check_columns(studies, "evidence_map", "evidence_map", "studies")
    title = alt.TitleParams(title,
                            subtitle="One mark per study; reviews at the top, laboratory studies at the bottom")
    if studies.empty:
        return _empty_chart("studies", title.text)
    data = studies.copy()
    labels = _design_labels()
    data["design"] = data["design"].astype("string").fillna(NO_DESIGN)
    data["design_label"] = [labels.get(code, (code.replace("_", " "),))[0] for code in data["design"]]
    data["topic_label"] = [_topic_label(topic, studies) for topic in data["topic"]]
    data["year"] = pd.to_numeric(data["year"], errors="coerce").astype("Int64")
    sizes = pd.to_numeric(data["sample_size"], errors="coerce")
    data["sample_size"] = sizes.astype("Int64")
    data["size_reported"] = sizes.notna()
    data["sample_size_text"] = [f"{int(n):,}" if pd.notna(n) else "not reported" for n in sizes]
    data["sample_size_shown"] = [SIZE_SHOWN[0] if pd.notna(n) else SIZE_SHOWN[1] for n in sizes]
    data = data.dropna(subset=["year"])
    data_designs = data["design"]
    # Studies with the same design and year sit side by side (a fixed order, not random jitter).
    data = data.sort_values(["design", "year", "topic_label", "study_id"], kind="stable")
    cell = data.groupby(["design", "year"])
    slot, count = cell.cumcount(), cell["study_id"].transform("size")
    gap = [min(ROW_STEP * 0.6 / max(n - 1, 1), 8.0) for n in count]
    # yOffset is in pixels from the top of the design's row, so centre it in the row.
    data["offset"] = [ROW_STEP / 2 + (i - (n - 1) / 2) * g for i, n, g in zip(slot, count, gap)]
    tooltip_columns = [c for c in ("citation", "population", "measured", "finding") if c in data]
    for column in tooltip_columns:
        data[column] = [_shorten(value) for value in data[column]]
    keep = ["study_id", "year", "design_label", "topic_label", "sample_size", "sample_size_text",
            "sample_size_shown", "size_reported", "offset", *tooltip_columns]
    data = data[keep].reset_index(drop=True)

    design_order = [labels.get(code, (code.replace("_", " "),))[0]
                    for code in _design_order(data_designs)]
    topic_colours = _topic_colours(studies)
    topic_domain = [label for label in topic_colours if label in set(data["topic_label"])]
    topic_domain += sorted(set(data["topic_label"]) - set(topic_domain))
    extra_colours = iter(TOPIC_PALETTE[len(topic_colours):])
    topic_range = [topic_colours.get(label) or next(extra_colours, GREY) for label in topic_domain]
    tooltip = [
        alt.Tooltip("study_id:N", title="study"),
        alt.Tooltip("year:O", title="year"),
        alt.Tooltip("design_label:N", title="design"),
        alt.Tooltip("topic_label:N", title="topic"),
        alt.Tooltip("sample_size_text:N", title="sample size"),
        *[alt.Tooltip(f"{c}:N", title=c) for c in tooltip_columns],
    ]
    base = alt.Chart(data).encode(
        x=alt.X("year:Q", title="Year of publication",
                scale=alt.Scale(nice=False, padding=14, zero=False),
                axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("design_label:N", title=None, sort=design_order,
                scale=alt.Scale(domain=design_order, paddingInner=0, paddingOuter=0),
                axis=alt.Axis(labelLimit=220, grid=True)),
        yOffset=alt.YOffset("offset:Q", scale=None),
        color=alt.Color("topic_label:N", title="Topic",
                        scale=alt.Scale(domain=topic_domain, range=topic_range)),
        shape=alt.Shape("sample_size_shown:N", title="Sample size",
                        scale=alt.Scale(domain=SIZE_SHOWN, range=["circle", "diamond"]),
                        legend=alt.Legend(symbolStrokeColor=GREY, symbolFillColor="transparent")),
        tooltip=tooltip,
    )
    known = base.transform_filter(alt.datum.size_reported).mark_point(
        filled=True, opacity=0.8, stroke="white", strokeWidth=0.5).encode(
        size=alt.Size("sample_size:Q", title="Participants", scale=alt.Scale(type="sqrt", range=[25, 900]),
                      legend=alt.Legend(values=[10, 100, 1000], symbolFillColor=GREY,
                                        symbolStrokeColor=GREY)))
    unknown = base.transform_filter(~alt.datum.size_reported).mark_point(
        filled=False, size=80, strokeWidth=2)
    # Properties given to alt.layer itself: .properties() afterwards deep-copies the whole chart.
    return alt.layer(known, unknown, title=title, description=describe_evidence_map(studies), width=560,
                     height=alt.Step(ROW_STEP))


def describe_evidence_map(studies: pd.DataFrame, topic: str | None = None) -> str:
    """The evidence map in words: how many studies of each design, years, missing sizes."""
    studies = _check_columns(studies, "evidence_map", "describe_evidence_map", "studies")
    if studies.empty:
        return EMPTY_MESSAGES["studies"]
    labels = _design_labels()
    years = pd.to_numeric(studies["year"], errors="coerce").dropna().astype(int)
    span = f" from {years.min()} to {years.max()}" if len(years) else ""
    if len(years) and years.min() == years.max():
        span = f" from {years.min()}"
    designs = studies["design"].astype("string").fillna(NO_DESIGN)
    counts = designs.value_counts()
    parts = [_plural(int(counts[code]), *labels.get(code, (str(code).replace("_", " "), None)))
             for code in _design_order(designs) if code in counts]
    none = [labels[code][1] for code in vocabulary.comparative_designs() if code not in counts]
    text = f"{_plural(len(studies), 'study', 'studies')}{span}: {_listing(parts)}."
    if none:
        text += f" No {_listing(none, 'or')}."
    undated = len(studies) - len(years)
    if undated:
        text += f" {_plural(undated, 'study', 'studies')} without a year not drawn."
    missing = int(pd.to_numeric(studies["sample_size"], errors="coerce").isna().sum())
    if missing:
        text += (f" Sample size not reported for {missing} of {len(studies)}"
                 " (hollow diamonds; filled circles have an area that grows with the sample size).")
    topics = studies["topic"].value_counts()
    text += " Topics: " + _listing([f"{_topic_label(t, studies)} {n}" for t, n in topics.items()]) + "."
    if topic is not None:
        on_topic = studies[studies["topic"] == topic]
        label = _topic_label(topic, studies)
        if on_topic.empty:
            text += f" None of the studies is about {label}."
        else:
            on_counts = on_topic["design"].value_counts()
            found = [_plural(int(on_counts[code]), *labels.get(code, (str(code).replace("_", " "), None)))
                     for code in _design_order(on_topic["design"]) if code in on_counts]
            text += f" On {label}: {_listing(found)}"
            lacking = [labels[code][1] for code in vocabulary.comparative_designs() if code not in on_counts]
            text += f"; no {_listing(lacking, 'or')}." if lacking else "."
    return text


# --- 2. regulatory timeline ------------------------------------------------------------

def _standing(status: object) -> str:
    if pd.isna(status) or str(status).strip() == "":
        return STANDING["unknown"]
    standing = vocabulary.position_terms("status").get(str(status), {}).get("standing")
    if standing in ("current", "past"):
        return STANDING[standing]
    return STANDING["unknown"]


def _jurisdiction_order(data: pd.DataFrame) -> list[str]:
    """Countries alphabetically, each followed by its states; international bodies last."""
    def key(row: pd.Series) -> tuple:
        code = str(row.get("jurisdiction_code", "") or "")
        name = str(row["jurisdiction"])
        if code in {"INT", "EU"}:
            return (1, name, 0, "")
        if "(" in name and "-" in code:  # e.g. "Utah (United States)", US-UT
            parent = name[name.rindex("(") + 1:].rstrip(")")
            return (0, parent, 1, name)
        return (0, name, 0, "")
    rows = data.drop_duplicates("jurisdiction")
    return [row["jurisdiction"] for _, row in sorted(rows.iterrows(), key=lambda item: key(item[1]))]


def _date_text(date: pd.Timestamp, precision: object = None) -> str:
    """A date as precise as it is known: '2014' when only the year is (date_precision)."""
    if precision == "year":
        return f"{date:%Y}"
    if precision == "month":
        return f"{date:%Y-%m}"
    return f"{date:%Y-%m-%d}"


def regulatory_timeline(positions: pd.DataFrame, by: str = "jurisdiction",
                        title: str = "Who did what, and when?") -> AnyChart:
    """Who did what, and when: one mark per regulatory position, by jurisdiction (or body)."""
    positions = _check_columns(positions, "regulatory_timeline", "regulatory_timeline", "positions")
    if by not in {"jurisdiction", "body"}:
        raise ValueError(f"regulatory_timeline() can group rows by 'jurisdiction' or 'body', not {by!r}")
    title = alt.TitleParams(title,
                            subtitle=["Colour: direction of the action; shape: the action",
                                      "Filled: still standing; hollow: withdrawn, superseded or historical; "
                                      "pale: status not recorded"])
    if positions.empty:
        return _empty_chart("positions", title.text)
    data = positions.copy()
    data["date"] = pd.to_datetime(data["date"], errors="coerce")
    data = data.dropna(subset=["date"])
    if data.empty:
        return _empty_chart("positions", title.text, NO_DATES)
    data["date_text"] = [_date_text(date, precision) for date, precision
                         in zip(data["date"], data.get("date_precision", [None] * len(data)))]
    data["date"] = data["date"].dt.strftime("%Y-%m-%d")
    actions = _actions(positions)
    data["action_label"] = [_label(action, actions) for action in data["action"]]
    data["direction"] = [actions[a][1] if a in actions else OTHER for a in data["action"]]
    data["standing"] = [_standing(status) for status in data["status"]]
    data["status_text"] = [_label(status, {}) for status in data["status"]]
    data["fill_opacity"] = [FILL_OPACITY[standing] for standing in data["standing"]]
    for column in ("summary", "scope", "body"):
        if column in data:
            data[column] = [_shorten(value) for value in data[column]]
    order = _jurisdiction_order(data) if by == "jurisdiction" else sorted(data["body"].unique())
    keep = [c for c in ("position_id", "date", "date_text", "jurisdiction", "body", "action_label", "direction",
                        "standing", "fill_opacity", "status_text", "scope", "summary") if c in data]
    data = data[keep].reset_index(drop=True)

    actions_present = [label for label, _, _ in actions.values() if label in set(data["action_label"])]
    actions_present += sorted(set(data["action_label"]) - set(actions_present))
    shapes = {label: shape for label, _, shape in actions.values()}
    directions_present = [d for d in DIRECTIONS if d in set(data["direction"])]
    direction_scale = alt.Scale(domain=directions_present,
                                range=[DIRECTIONS[d] for d in directions_present])
    tooltip = [alt.Tooltip("date_text:N", title="date"), alt.Tooltip("jurisdiction:N"),
               alt.Tooltip("body:N"), alt.Tooltip("action_label:N", title="action"),
               alt.Tooltip("status_text:N", title="status")]
    tooltip += [alt.Tooltip(f"{c}:N") for c in ("scope", "summary") if c in data]
    chart = (
        alt.Chart(data)
        .mark_point(size=110, strokeWidth=2, filled=True)
        .encode(
            x=alt.X("date:T", title="Date", scale=alt.Scale(padding=14),
                    axis=alt.Axis(format="%Y", tickCount=alt.TimeIntervalStep(interval="year", step=2))),
            y=alt.Y(f"{by}:N", title=None, sort=order, axis=alt.Axis(labelLimit=260, grid=True)),
            color=alt.Color("direction:N", title="Direction", scale=direction_scale),
            stroke=alt.Stroke("direction:N", title="Direction", scale=direction_scale),
            shape=alt.Shape("action_label:N", title="Action",
                            scale=alt.Scale(domain=actions_present,
                                            range=[shapes.get(a, "circle") for a in actions_present])),
            fillOpacity=alt.FillOpacity("fill_opacity:Q", scale=None, legend=None),
            tooltip=tooltip,
        )
        .properties(title=title, description=describe_regulatory_timeline(positions),
                    width=520, height=alt.Step(24))
    )
    return chart


def describe_regulatory_timeline(positions: pd.DataFrame) -> str:
    """The timeline in words: how many positions, when, where, what kinds, what still stands."""
    positions = _check_columns(positions, "regulatory_timeline", "describe_regulatory_timeline", "positions")
    if positions.empty:
        return EMPTY_MESSAGES["positions"]
    dates = pd.to_datetime(positions["date"], errors="coerce")
    dated = positions[dates.notna()]
    text = _plural(len(positions), "regulatory position")
    if len(dated):
        text += f" from {dates.min():%Y} to {dates.max():%Y}"
    text += f" in {_plural(positions['jurisdiction'].nunique(), 'jurisdiction')}."
    actions = positions["action"].value_counts()
    text += " Actions: " + _listing([f"{_label(a, _actions(positions))} {n}" for a, n in actions.items()],
                                    separator="; ") + "."
    standing = pd.Series([_standing(s) for s in positions["status"]]).value_counts()
    text += " " + _listing([f"{n} {s}" for s, n in standing.items()]).capitalize() + "."
    if len(dated):
        last = dated.assign(_date=dates[dates.notna()]).sort_values("_date", kind="stable").iloc[-1]
        when = _date_text(last["_date"], last.get("date_precision"))
        text += (f" Latest: {when}, {last['jurisdiction']}, "
                 f"{_label(last['action'], _actions(positions))} ({_label(last['status'], {})}).")
    undated = positions[dates.isna()]
    if len(undated):
        names = _listing([f"{row['jurisdiction']} ({_shorten(row['body'], 60)})" for _, row in undated.iterrows()])
        text += f" Not drawn, no date recorded: {names}."
    return text


# --- 3. legal status map ---------------------------------------------------------------

def _world_topology_text() -> str:
    return _read_text(str(datasets_dir() / "geo" / GEO_BOUNDARIES))


@lru_cache(maxsize=2)
def _read_text(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def country_codes() -> pd.DataFrame:
    """The ISO 3166-1 table shipped in datasets/geo: alpha-3, alpha-2, numeric code and name."""
    return pd.read_csv(datasets_dir() / "geo" / GEO_CODES, dtype=str, keep_default_na=False)


def _decode_arc(topology: dict, index: int) -> list[tuple[float, float]]:
    """One TopoJSON arc as longitude/latitude points (reversed when the index is negative)."""
    arc = topology["arcs"][index if index >= 0 else ~index]
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    x = y = 0
    points = []
    for dx, dy in arc:
        x, y = x + dx, y + dy
        points.append((x * sx + tx, y * sy + ty))
    return points if index >= 0 else points[::-1]


def _label_point(topology: dict, geometry: dict) -> tuple[float, float]:
    """A point inside the country's largest ring (the centre of its bounding box) for a label."""
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    best, best_area = (0.0, 0.0), -1.0
    for polygon in polygons:
        ring = [point for index in polygon[0] for point in _decode_arc(topology, index)]
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        area = (max(xs) - min(xs)) * (max(ys) - min(ys))
        if area > best_area:
            best, best_area = ((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2), area
    return best


def _latest_status(legal_status: pd.DataFrame) -> pd.DataFrame:
    """One row per country: the latest as_of when a country appears more than once."""
    data = legal_status.copy()
    data["jurisdiction_code"] = data["jurisdiction_code"].astype(str).str.strip().str.upper()
    if "as_of" in data:
        data = data.assign(_as_of=pd.to_datetime(data["as_of"], errors="coerce"))
        data = data.sort_values("_as_of", na_position="first", kind="stable").drop(columns="_as_of")
    return data.drop_duplicates("jurisdiction_code", keep="last")


def legal_status_map(legal_status: pd.DataFrame, title: str = "Legal status by country") -> AnyChart:
    """A world map of each country's legal status; grey where the case records no position."""
    legal_status = _check_columns(legal_status, "legal_status_map", "legal_status_map", "legal_status")
    title = alt.TitleParams(title,
                            subtitle="Status recorded in this case; labels give the ISO 3166 alpha-3 code")
    if legal_status.empty:
        return _empty_chart("legal_status", title.text)
    rows = _latest_status(legal_status).set_index("jurisdiction_code")
    codes = country_codes()
    by_numeric = {row.numeric: row.alpha_3 for row in codes.itertuples() if row.numeric}
    by_atlas_name = {row.world_atlas_name: row.alpha_3 for row in codes.itertuples()
                     if row.world_atlas_name and not row.numeric}
    topology = json.loads(_world_topology_text())
    geometries, labels = [], []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") == ANTARCTICA:
            continue
        name = geometry["properties"]["name"]
        alpha_3 = by_numeric.get(geometry.get("id"), by_atlas_name.get(name, ""))
        properties = {"name": name, "alpha_3": alpha_3, "status": NO_POSITION,
                      "as_of": "", "position_id": ""}
        if alpha_3 in rows.index:
            row = rows.loc[alpha_3]
            properties["status"] = _label(row["status"], LEGAL_STATUSES)
            properties["as_of"] = "" if pd.isna(row.get("as_of")) else str(row.get("as_of"))
            properties["position_id"] = "" if pd.isna(row.get("position_id")) else str(row.get("position_id"))
            longitude, latitude = _label_point(topology, geometry)
            labels.append({"alpha_3": alpha_3, "name": name, "longitude": round(longitude, 2),
                           "latitude": round(latitude, 2), "status": properties["status"]})
        geometries.append({**geometry, "properties": properties})
    topology["objects"] = {"countries": {**topology["objects"]["countries"], "geometries": geometries}}

    present = [label for code, (label, _) in LEGAL_STATUSES.items() if code in set(rows["status"])]
    present += sorted({_label(s, LEGAL_STATUSES) for s in rows["status"]} - set(present))
    colours = {label: colour for label, colour in LEGAL_STATUSES.values()}
    domain = present + [NO_POSITION]
    colour_range = [colours.get(label, GREY) for label in present] + [LIGHT_GREY]
    # As one JSON string: Altair would otherwise deep-copy every arc on each step (slow).
    countries = alt.InlineData(values=json.dumps(topology, separators=(",", ":")),
                               format=alt.DataFormat(type="topojson", feature="countries"))
    shapes = (
        alt.Chart(countries)
        .mark_geoshape(stroke="white", strokeWidth=0.5)
        .encode(
            color=alt.Color("properties.status:N", title="Legal status",
                            scale=alt.Scale(domain=domain, range=colour_range),
                            legend=alt.Legend(orient="bottom", columns=2, labelLimit=320)),
            tooltip=[alt.Tooltip("properties.name:N", title="country"),
                     alt.Tooltip("properties.status:N", title="status"),
                     alt.Tooltip("properties.as_of:N", title="as of"),
                     alt.Tooltip("properties.position_id:N", title="position")],
        )
    )
    text = (
        alt.Chart(pd.DataFrame(labels, columns=["alpha_3", "name", "longitude", "latitude", "status"]))
        .mark_text(fontSize=9, fontWeight="bold", color="black", stroke="white", strokeWidth=2.5,
                   strokeOpacity=0.8)
        .encode(longitude=alt.Longitude("longitude:Q"), latitude=alt.Latitude("latitude:Q"), text=alt.Text("alpha_3:N"),
                tooltip=[alt.Tooltip("name:N", title="country"), alt.Tooltip("status:N")])
    )
    text_on_top = alt.Chart(text.data).mark_text(fontSize=9, fontWeight="bold", color="black").encode(
        longitude=alt.Longitude("longitude:Q"), latitude=alt.Latitude("latitude:Q"), text=alt.Text("alpha_3:N"))
    return (
        alt.layer(shapes, text, text_on_top)
        .project(type="equalEarth")
        .properties(title=title, description=describe_legal_status_map(legal_status),
                    width=620, height=320)
    )


def describe_legal_status_map(legal_status: pd.DataFrame) -> str:
    """The map in words: each status and its countries, and what could not be drawn."""
    legal_status = _check_columns(legal_status, "legal_status_map", "describe_legal_status_map", "legal_status")
    if legal_status.empty:
        return EMPTY_MESSAGES["legal_status"]
    rows = _latest_status(legal_status)
    text = f"Legal status recorded for {_plural(len(rows), 'country', 'countries')}"
    groups = []
    meanings = {code: term["meaning"] for code, term in vocabulary.appraisal_terms("legal_status").items()}
    for code, (label, _) in LEGAL_STATUSES.items():
        names = rows.loc[rows["status"] == code, "country"].astype(str).tolist()
        if names:
            said = f", which means {meanings[code]}" if meanings.get(code) and meanings[code] != "nan" else ""
            groups.append(f"{label}{said}: {_listing(names)}")
    statuses = rows["status"].astype("string").fillna("not recorded")
    for code in sorted(set(statuses) - set(LEGAL_STATUSES)):
        names = rows.loc[(statuses == code).to_numpy(), "country"].astype(str).tolist()
        groups.append(f"{_label(code, {})}: {_listing(names)}")
    text += " — " + "; ".join(groups) + "." if groups else "."
    text += f" Every other country is grey: {NO_POSITION}."
    codes = country_codes()
    drawn = {row.alpha_3 for row in codes.itertuples() if row.world_atlas_name}
    known = set(codes["alpha_3"])
    unknown = rows[~rows["jurisdiction_code"].isin(known)]
    too_small = rows[rows["jurisdiction_code"].isin(known - drawn)]
    if len(too_small):
        text += f" Too small to show at this scale: {_listing(too_small['country'].astype(str).tolist())}."
    if len(unknown):
        names = [f"{row['country']} ({row['jurisdiction_code']})" for _, row in unknown.iterrows()]
        text += f" Not a country code, so not on the map: {_listing(names)}."
    if len(rows) < len(legal_status):
        text += " Where a country has several rows, the map uses the latest (as_of)."
    return text


# --- 4. claim-evidence matrix ----------------------------------------------------------

def _claim_cells(claims: pd.DataFrame, studies: pd.DataFrame) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Every claim by every design with the number of linked studies (zeros kept)."""
    design_of = dict(zip(studies["study_id"].astype(str), studies["design"].astype(str)))
    labels = _design_labels()
    columns = _design_order(studies["design"])
    counts: dict[tuple[str, str], int] = {}
    not_found: list[str] = []
    for claim in claims.itertuples():
        for study_id in split_list(claim.study_ids):
            design = design_of.get(study_id)
            if design is None:
                not_found.append(study_id)
                continue
            counts[(str(claim.claim_id), design)] = counts.get((str(claim.claim_id), design), 0) + 1
    column_labels = [labels.get(code, (code.replace("_", " "),))[0] for code in columns]
    rows = []
    for claim in claims.itertuples():
        for code, label in zip(columns, column_labels):
            count = counts.get((str(claim.claim_id), code), 0)
            rows.append({"claim_id": str(claim.claim_id), "design": label, "studies": count,
                         "count_text": str(count)})
    return pd.DataFrame(rows), column_labels, sorted(set(not_found))


def _claim_label(claim_id: object, sentence: object) -> str:
    return f"{claim_id}: {_shorten(sentence, 60)}"


def claim_evidence_matrix(claims: pd.DataFrame, studies: pd.DataFrame,
                          title: str = "What evidence does each claim rest on?") -> AnyChart:
    """Claims (rows) by study design (columns): how many linked studies of each design."""
    claims = _check_columns(claims, "claim_evidence_matrix (claims)", "claim_evidence_matrix", "claims")
    studies = _check_columns(studies, "claim_evidence_matrix (studies)", "claim_evidence_matrix", "studies")
    title = alt.TitleParams(title,
                            subtitle="Number of linked studies of each design; the verdict on the left")
    if claims.empty:
        return _empty_chart("claims", title.text)
    cells, column_labels, _ = _claim_cells(claims, studies)
    most = max(1, int(cells["studies"].max()))
    # Counts in white on the darker half of the blues, in black on the lighter half, grey for 0.
    cells["text_colour"] = [GREY if n == 0 else "white" if n > most / 2 else "black" for n in cells["studies"]]
    # Rows are labelled with the claim in short (the `claim` column) when the table has one.
    wording = claims["claim"] if "claim" in claims else claims["sentence"]
    row_labels = {str(c): _claim_label(c, text) for c, text in zip(claims["claim_id"], wording)}
    cells["claim"] = cells["claim_id"].map(row_labels)
    order = [row_labels[str(c)] for c in claims["claim_id"]]
    verdicts = pd.DataFrame({
        "claim": order,
        "verdict_label": [_label(v, VERDICTS) for v in claims["verdict"]],
        "column": "verdict",
    })
    present = [label for label, _ in VERDICTS.values() if label in set(verdicts["verdict_label"])]
    present += sorted(set(verdicts["verdict_label"]) - set(present))
    verdict_colours = {label: colour for label, colour in VERDICTS.values()}
    y = alt.Y("claim:N", sort=order, title=None, axis=alt.Axis(labelLimit=360))
    verdict_base = alt.Chart(verdicts).encode(
        y=y, x=alt.X("column:N", title=None, axis=alt.Axis(orient="top", labelAngle=0)))
    verdict_strip = alt.layer(
        verdict_base.mark_rect(stroke="white").encode(
            color=alt.Color("verdict_label:N", title="Verdict", legend=None,
                            scale=alt.Scale(domain=present,
                                            range=[verdict_colours.get(v, OKABE_ITO["sky_blue"]) for v in present])),
            tooltip=[alt.Tooltip("claim:N"), alt.Tooltip("verdict_label:N", title="verdict")]),
        verdict_base.mark_text(fontSize=10).encode(text=alt.Text("verdict_label:N")),
        width=110, height=alt.Step(26))
    base = alt.Chart(cells).encode(
        y=alt.Y("claim:N", sort=order, title=None, axis=None),
        x=alt.X("design:N", sort=column_labels, title="Linked studies by design",
                axis=alt.Axis(orient="top", labelAngle=-40, labelLimit=160)),
    )
    grid = alt.layer(
        base.mark_rect(stroke="white", strokeWidth=1).encode(
            color=alt.ColorValue(**alt.condition(  # a channel class, not a dict: see tests/test_chart_channels.py
                alt.datum.studies > 0,
                alt.Color("studies:Q", title="Linked studies",
                          scale=alt.Scale(domain=[0, most], range=["#DEEBF7", "#08519C"]),
                          legend=None),  # the count is written in each cell
                alt.value(EMPTY_CELL))),
            tooltip=[alt.Tooltip("claim:N"), alt.Tooltip("design:N"), alt.Tooltip("studies:Q")]),
        *[base.transform_filter(alt.datum.text_colour == colour).mark_text(fontSize=11, color=colour)
          .encode(text=alt.Text("count_text:N")) for colour in (GREY, "black", "white")],
        width=alt.Step(30), height=alt.Step(26))
    return (
        alt.hconcat(verdict_strip, grid, spacing=4)
        .resolve_scale(color="independent")
        .properties(title=title, description=describe_claim_evidence_matrix(claims, studies))
    )


def describe_claim_evidence_matrix(claims: pd.DataFrame, studies: pd.DataFrame) -> str:
    """The matrix in words: each claim's verdict and the designs of the studies linked to it."""
    claims = _check_columns(claims, "claim_evidence_matrix (claims)", "describe_claim_evidence_matrix", "claims")
    studies = _check_columns(studies, "claim_evidence_matrix (studies)", "describe_claim_evidence_matrix", "studies")
    if claims.empty:
        return EMPTY_MESSAGES["claims"]
    cells, _, not_found = _claim_cells(claims, studies)
    labels = {singular: plural for singular, plural in vocabulary.design_names().values()}
    linked: dict[str, list] = {}  # claim id -> its cells with studies, in the matrix's column order
    for cell in cells.itertuples():
        if cell.studies > 0:
            linked.setdefault(cell.claim_id, []).append(cell)
    sentences = []
    for claim in claims.itertuples():
        evidence = _listing([_plural(int(r.studies), r.design, labels.get(r.design))
                             for r in linked.get(str(claim.claim_id), [])])
        wording = getattr(claim, "claim", None) or getattr(claim, "sentence", "")
        sentences.append(f"{claim.claim_id} \"{_shorten(wording, 60)}\" ({_label(claim.verdict, VERDICTS)}): "
                         + (evidence if evidence else "no linked study"))
    text = f"{_plural(len(claims), 'sentence')} with a verdict, by study design. " + "; ".join(sentences) + "."
    if not_found:
        text += f" Linked ids not in the studies table (not counted): {_listing(not_found)}."
    return text


# --- 5. showing a chart ----------------------------------------------------------------

def show_chart(chart: AnyChart, description: str, table: pd.DataFrame | None = None) -> None:
    """Show a chart, then its description as visible text, then (optionally) the table behind it."""
    from IPython.display import display

    bundles, table = _chart_parts(chart, description, table)
    for bundle in bundles:
        display(bundle, raw=True)
    if table is not None:
        display(table)


def _chart_parts(chart: AnyChart, description: str,
                 table: pd.DataFrame | None) -> tuple[list[dict], pd.DataFrame | None]:
    """The chart's mime bundles (chart, then its visible description) and the table to show after them, if any."""
    bundles = []
    if not _is_empty(chart):
        bundles.append(chart_bundle(chart))
    else:
        description = chart.usermeta["claimlab"]["message"]
    html = f'<p class="claimlab-chart-description" role="note">{escape(description)}</p>'
    bundles.append({"text/plain": description, "text/html": html})
    return bundles, (table if not _is_empty(chart) else None)


def chart_outputs(chart: AnyChart, description: str, table: pd.DataFrame | None = None) -> tuple[dict, ...]:
    """What show_chart displays, as notebook outputs (for a widget's Output area to hold)."""
    bundles, table = _chart_parts(chart, description, table)
    formatted = [(bundle, {}) for bundle in bundles] + ([_formatted(table)] if table is not None else [])
    return tuple({"output_type": "display_data", "data": data, "metadata": metadata} for data, metadata in formatted)


def _formatted(value: object) -> tuple[dict, dict]:
    """An object as IPython would display it (its mime bundle and metadata); plain text outside IPython."""
    try:
        from IPython import get_ipython
        shell = get_ipython()
    except ImportError:
        shell = None
    if shell is None:
        return {"text/plain": repr(value)}, {}
    data, metadata = shell.display_formatter.format(value)
    return data, metadata


def chart_title(chart: AnyChart) -> str:
    """The chart's title as plain text."""
    return _title_text(chart.to_dict())


def _draw_svg(chart: AnyChart) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(chart.to_dict())


def _title_text(spec: dict) -> str:
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    return " ".join(title) if isinstance(title, list) else str(title)


def chart_bundle(chart: AnyChart) -> dict:
    """The chart as SVG, and as an HTML image of that SVG with alt text.

    JupyterLab draws a bare SVG output as an image with no alt text, which screen readers meet as
    an unlabelled image; it prefers the HTML form, which carries the chart's title as alt text and
    shrinks to the notebook's width. Static exports and tests can still read the SVG itself.
    """
    import base64

    from claimlab.chart_cache import cached_svg

    # The cache is keyed by the spec without re-validating it; a chart that is drawn is validated first.
    spec = chart.to_dict(validate=False)
    svg = cached_svg(spec, lambda: _draw_svg(chart))
    title = _title_text(spec).strip()
    alt_text = f"Chart: {title}{'' if title.endswith(('.', '?', '!')) else '.'} Its description follows in the text below."
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    image = (f'<img class="claimlab-chart" src="data:image/svg+xml;base64,{encoded}" '
             f'alt="{escape(alt_text)}" style="max-width: 100%; height: auto;">')
    return {"image/svg+xml": svg, "text/html": image, "text/plain": alt_text}

