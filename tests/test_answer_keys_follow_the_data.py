"""Answer keys whose right answer is a fact of the case data stay in step with that data.

The keys are generated from the solution notebooks, where an instructor writes each answer by
hand. When a position changes status (a bill vetoed, a rule replaced), the data moves and a
hand-written answer can go stale while every notebook still runs. These tests recompute the
answers from the case tables and ask the shipped key whether it accepts them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimlab.answers import CORRECT, ANOTHER_LOOK, grade_answer, read_answer_key
from claimlab.cases import load_case

REPO = Path(__file__).resolve().parents[1]
KEY = REPO / "datasets" / "answer-keys" / "04-what-regulators-say.json"


@pytest.fixture(scope="module")
def positions():
    return load_case("kratom-opioid-withdrawal").positions


@pytest.fixture(scope="module")
def key():
    return read_answer_key(KEY)


def test_legal_with_rules_for_sale_is_every_such_position_in_force(positions, key):
    picked = positions[(positions["action"] == "regulate_sale") & (positions["status"] == "in_force")]
    expected = sorted(picked["position_id"])
    assert expected, "the case has no rule for sale in force: question 6 has no answer"
    result = grade_answer(key, "q6", expected)
    assert result.status == CORRECT, (expected, result.message)


def test_restrictions_in_force_are_counted_from_the_data(positions, key):
    in_force = positions["status"] == "in_force"
    restrictions = int((positions["action"].isin(["schedule", "prohibit"]) & in_force).sum())
    assert grade_answer(key, "q7", restrictions).status == CORRECT
    # The key's known wrong answer "every position in force" must be the data's count, so its
    # feedback ("that counts rules for sale and import alerts too") answers the slip it names.
    every_one = int(in_force.sum())
    result = grade_answer(key, "q7", every_one)
    assert result.status == ANOTHER_LOOK and "every position in force" in result.message, result.message
