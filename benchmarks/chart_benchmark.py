"""Time to build each chart and render it to SVG, as a lesson does (python benchmarks/chart_benchmark.py).

Uses made-up tables of a realistic size (no case files needed) and prints one line per chart:
the build time (pandas to Altair spec), the render time (vl-convert to SVG) and the SVG size.
"""

from __future__ import annotations

import statistics
import time

import pandas as pd
import vl_convert

import claimlab  # noqa: F401  (sets the kit's import-time options)
from claimlab import charts, vocabulary
from claimlab.cases import load_case

REPEATS = 5


def sample_studies(count: int = 45) -> pd.DataFrame:
    designs = vocabulary.design_order()
    topics = vocabulary.case_codes(load_case("kratom-opioid-withdrawal"), "topic")
    return pd.DataFrame({
        "study_id": [f"study-{i}" for i in range(count)],
        "year": [2007 + i % 18 for i in range(count)],
        "design": [designs[(i * 5) % len(designs)] for i in range(count)],
        "topic": [topics[i % len(topics)] for i in range(count)],
        "sample_size": pd.array([None if i % 3 == 0 else 10 * (i + 1) for i in range(count)], dtype="Int64"),
        "citation": [f"Author {i}. A study." for i in range(count)],
    })


def sample_positions(count: int = 35) -> pd.DataFrame:
    actions, places = list(vocabulary.action_terms()), ["United States", "Thailand", "Denmark", "Canada", "Sweden"]
    return pd.DataFrame({
        "position_id": [f"p-{i}" for i in range(count)],
        "date": [f"{2004 + i % 22}-0{1 + i % 9}-15" for i in range(count)],
        "jurisdiction": [places[i % len(places)] for i in range(count)],
        "body": [f"Body {i % 7}" for i in range(count)],
        "action": [actions[i % len(actions)] for i in range(count)],
        "status": [["in_force", "withdrawn", "advisory", None][i % 4] for i in range(count)],
    })


def sample_legal_status() -> pd.DataFrame:
    codes = ["USA", "THA", "AUS", "DNK", "SWE", "GBR", "MYS", "CAN", "NZL", "IRL"]
    statuses = list(charts.LEGAL_STATUSES)
    return pd.DataFrame({"jurisdiction_code": codes, "country": codes,
                         "status": [statuses[i % len(statuses)] for i in range(len(codes))]})


def sample_claims(count: int = 12) -> pd.DataFrame:
    return pd.DataFrame({
        "claim_id": [f"c{i}" for i in range(count)],
        "sentence": [f"Claim number {i} about kratom." for i in range(count)],
        "verdict": [list(charts.VERDICTS)[i % len(charts.VERDICTS)] for i in range(count)],
        "study_ids": [";".join(f"study-{j}" for j in range(i, i + 4)) for i in range(count)],
    })


def timed(function) -> tuple[float, object]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main() -> None:
    builders = {
        "evidence_map": lambda: charts.evidence_map(sample_studies()),
        "regulatory_timeline": lambda: charts.regulatory_timeline(sample_positions()),
        "legal_status_map": lambda: charts.legal_status_map(sample_legal_status()),
        "claim_evidence_matrix": lambda: charts.claim_evidence_matrix(sample_claims(), sample_studies()),
    }
    vl_convert.vegalite_to_svg(charts.evidence_map(sample_studies()).to_dict())  # warm up the engine
    print(f"{'chart':<24}{'build (ms)':>12}{'render (ms)':>13}{'SVG (KB)':>10}   median of {REPEATS}")
    for name, build in builders.items():
        builds, renders, size = [], [], 0
        for _ in range(REPEATS):
            seconds, spec = timed(lambda: build().to_dict())
            builds.append(seconds)
            seconds, svg = timed(lambda: vl_convert.vegalite_to_svg(spec))
            renders.append(seconds)
            size = len(svg.encode("utf-8"))
        print(f"{name:<24}{statistics.median(builds) * 1000:>12.0f}"
              f"{statistics.median(renders) * 1000:>13.0f}{size / 1024:>10.0f}")


if __name__ == "__main__":
    main()
