"""No two categories of one chart look alike: CIEDE2000 distances, with normal and red-green colour blind vision.

Thresholds (CIEDE2000; about 1 is a just-noticeable difference side by side, small chart marks
need far more): categories told apart by colour alone are at least 20 apart with normal vision
and 10 with simulated deuteranopia or protanopia; pairs a lesson contrasts (a case's claimed use
and its harms; "unsupported" and "contradicted") at least 30 and 15. Highlight tints also differ
by their tag word and underline, so they need 8 with normal vision.
"""

from __future__ import annotations

import pytest

from claimlab import charts, vocabulary
from claimlab.cases import list_cases, load_case
from claimlab.colour_distance import VISIONS, ciede2000, closest_pair, colour_distance

APART = {"normal": 20, "deutan": 10, "protan": 10}
CONTRASTED = {"normal": 30, "deutan": 15, "protan": 15}
TINTS_APART = 8


def assert_apart(colours: dict[str, str], thresholds: dict[str, float], what: str) -> None:
    for vision in VISIONS:
        distance, first, second = closest_pair(colours, vision)
        assert distance >= thresholds[vision], (
            f"{what}: {first} ({colours[first]}) and {second} ({colours[second]}) are only "
            f"{distance:.1f} apart with {vision} vision (need {thresholds[vision]})")


@pytest.mark.parametrize("lab1, lab2, expected", [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),  # Sharma, Wu and Dalal (2005), test pairs 1, 17, 18
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (61.0, -5.0, 29.0), 22.8977),
])
def test_ciede2000_reproduces_published_pairs(lab1, lab2, expected):
    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)


def test_distance_is_zero_for_one_colour_and_smaller_for_red_and_green_with_deuteranopia():
    assert colour_distance("#E69F00", "#e69f00") == 0
    assert colour_distance("#D55E00", "#009E73", "deutan") < colour_distance("#D55E00", "#009E73")
    with pytest.raises(ValueError, match="not a colour"):
        colour_distance("orange", "#000000")


@pytest.mark.parametrize("name", list_cases())
def test_every_case_topic_colours_in_the_evidence_map_are_apart(name):
    studies = load_case(name).studies
    colours = charts._topic_colours(studies)
    assert_apart(colours, APART, f"{name} topics")


@pytest.mark.parametrize("name", list_cases())
def test_a_case_claimed_use_and_its_harms_have_clearly_different_colours(name):
    studies = load_case(name).studies
    colours = charts._topic_colours(studies)
    label = {code: vocabulary.topic_label(code, studies) for code in vocabulary.case_codes(studies, "topic")}
    used = [label[c] for c in vocabulary.topics_with_role(studies, "claimed_use")]
    harms = [label[c] for c in vocabulary.topics_with_role(studies, "harm")]
    for u in used:
        for h in harms:
            assert_apart({u: colours[u], h: colours[h]}, CONTRASTED, f"{name}: claimed use against a harm")


def test_verdict_legal_status_and_direction_colours_are_apart():
    verdicts = {code: colour for code, (_, colour) in charts.VERDICTS.items()
                if code not in ("not_appraised", "not_a_claim")}  # the matrix shows appraised claims only
    assert_apart(verdicts, APART, "verdicts")
    assert_apart({k: c for k, (_, c) in charts.LEGAL_STATUSES.items()}, APART, "legal statuses")
    assert_apart(dict(charts.DIRECTIONS), APART, "directions of regulatory positions")


def test_unsupported_and_contradicted_look_clearly_different():
    colours = {code: colour for code, (_, colour) in charts.VERDICTS.items()}
    assert_apart({k: colours[k] for k in ("unsupported", "contradicted")}, CONTRASTED, "unsupported and contradicted")


def test_highlight_tints_of_the_cue_families_are_apart():
    families = vocabulary.reference_vocabulary("cue-families")
    distance, first, second = closest_pair(dict(zip(families["family"], families["colour"])))
    assert distance >= TINTS_APART, f"{first} and {second} tints are only {distance:.1f} apart"
