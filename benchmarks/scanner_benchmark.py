"""How fast and how accurate is the article scanner? Prints numbers; it is not a test.

    .venv/bin/python benchmarks/scanner_benchmark.py                # speed, then accuracy
    .venv/bin/python benchmarks/scanner_benchmark.py --show-errors  # also list each miss

Speed: seconds and MB/s to split and scan a 1 MB article (the kratom case repeated).
Accuracy: at sentence level, the set of cue families the scanner finds in each sentence against
the set a person annotated, as precision and recall per family and overall (micro-averaged).

- The kratom case: ``datasets/cases/kratom-opioid-withdrawal/claims.csv`` (columns ``sentence``
  and ``cues``, families separated by semicolons), matched to the scanner's sentences by text.
  Skipped with a message while that file does not exist.
- Held-out articles: ``benchmarks/articles/`` (written for the kit, fictional), annotated by hand
  in ``benchmarks/articles/annotations.csv`` before the cue patterns were tuned on them.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimlab.scanner import FAMILIES, compiled_cues, read_article, scan_article, scan_sentences  # noqa: E402

KRATOM_ARTICLES = [ROOT / "datasets" / "cases" / "kratom-opioid-withdrawal" / name for name in ("article.md", "article.txt")]
KRATOM_FALLBACK = ROOT.parent / "shared" / "case-material" / "kratom-opioid-withdrawal-article.txt"
KRATOM_CLAIMS = ROOT / "datasets" / "cases" / "kratom-opioid-withdrawal" / "claims.csv"
ARTICLES = ROOT / "benchmarks" / "articles"
ANNOTATIONS = ARTICLES / "annotations.csv"


def normalise(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split()).lower()


def families(cell: str) -> set[str]:
    return {name.strip() for name in re.split(r"[;,]", cell or "") if name.strip()}


def kratom_text() -> tuple[str, Path] | None:
    for path in (*KRATOM_ARTICLES, KRATOM_FALLBACK):
        if path.exists():
            return read_article(path), path
    return None


def throughput(text: str, megabytes: float = 1.0, repeats: int = 3) -> None:
    unit = text + "\n\n"
    size = int(megabytes * 1_000_000)
    big = (unit * (size // len(unit.encode("utf-8")) + 1))[:size]
    compiled_cues()  # read and compile the pattern files once, as a notebook would
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        table = scan_article(big)
        best = min(best, time.perf_counter() - started)
    mb = len(big.encode("utf-8")) / 1_000_000
    print(f"Speed: {mb:.2f} MB article, {len(table):,} cues: best of {repeats} = {best:.3f} s ({mb / best:.2f} MB/s)")


def score(pairs: list[tuple[str, set[str], set[str]]], title: str, show_errors: bool) -> dict[str, float]:
    """pairs: (label, predicted families, annotated families) for each sentence."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for label, predicted, annotated in pairs:
        for family in predicted & annotated:
            tp[family] += 1
        for family in predicted - annotated:
            fp[family] += 1
        for family in annotated - predicted:
            fn[family] += 1
        if show_errors and predicted != annotated:
            extra, missed = sorted(predicted - annotated), sorted(annotated - predicted)
            print(f"    {label}: extra {extra or '-'}, missed {missed or '-'}")
    print(f"\n{title}: {len(pairs)} sentences")
    print(f"  {'family':<22}{'TP':>4}{'FP':>4}{'FN':>4}{'precision':>11}{'recall':>8}")
    for family in FAMILIES:
        if tp[family] + fp[family] + fn[family] == 0:
            continue
        print(f"  {family:<22}{tp[family]:>4}{fp[family]:>4}{fn[family]:>4}"
              f"{ratio(tp[family], tp[family] + fp[family]):>11}{ratio(tp[family], tp[family] + fn[family]):>8}")
    all_tp, all_fp, all_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    precision = all_tp / (all_tp + all_fp) if all_tp + all_fp else float("nan")
    recall = all_tp / (all_tp + all_fn) if all_tp + all_fn else float("nan")
    print(f"  {'overall (micro)':<22}{all_tp:>4}{all_fp:>4}{all_fn:>4}"
          f"{ratio(all_tp, all_tp + all_fp):>11}{ratio(all_tp, all_tp + all_fn):>8}")
    return {"precision": precision, "recall": recall}


def ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.2f}" if denominator else "-"


def kratom_accuracy(show_errors: bool) -> None:
    if not KRATOM_CLAIMS.exists():
        print(f"\nKratom case: skipped, {KRATOM_CLAIMS.relative_to(ROOT)} does not exist yet.")
        return
    found = kratom_text()
    if found is None:
        print("\nKratom case: skipped, the article text was not found.")
        return
    text, path = found
    predicted = {normalise(sentence.text): {cue[0] for cue in cues} for sentence, cues in scan_sentences(text)}
    pairs, unmatched = [], []
    with KRATOM_CLAIMS.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            key = normalise(row.get("sentence", ""))
            if key not in predicted:
                candidates = [s for s in predicted if key and (key in s or s in key)]
                if len(candidates) != 1:
                    unmatched.append(row.get("sentence", "")[:60])
                    continue
                key = candidates[0]
            pairs.append((key[:50], predicted[key], families(row.get("cues", ""))))
    score(pairs, f"Kratom case ({path.name}, annotations from {KRATOM_CLAIMS.name})", show_errors)
    if unmatched:
        print(f"  {len(unmatched)} annotated sentences did not match a scanned sentence, e.g. {unmatched[0]!r}")


def held_out_accuracy(show_errors: bool) -> None:
    rows = list(csv.DictReader(ANNOTATIONS.open(encoding="utf-8", newline="")))
    scanned: dict[str, dict[str, tuple[str, set[str]]]] = {}
    pairs, total = [], {}
    for row in rows:
        article = row["article"]
        if article not in scanned:
            scanned[article] = {s.id: (s.text, {c[0] for c in cues}) for s, cues in scan_sentences(ARTICLES / article)}
        text, predicted = scanned[article].get(row["sentence_id"], ("", set()))
        if normalise(text) != normalise(row["sentence"]):
            print(f"  warning: {article} {row['sentence_id']} is now {text[:50]!r}; annotation says {row['sentence'][:50]!r}")
        pair = (f"{article} {row['sentence_id']}", predicted, families(row["cues"]))
        pairs.append(pair)
        total.setdefault(article, []).append(pair)
    for article, article_pairs in total.items():
        score(article_pairs, f"Held-out article {article}", show_errors=False)
    score(pairs, "Held-out articles, all together", show_errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true", help="list each sentence the scanner got wrong")
    args = parser.parse_args()
    found = kratom_text()
    if found:
        throughput(found[0])
    kratom_accuracy(args.show_errors)
    held_out_accuracy(args.show_errors)


if __name__ == "__main__":
    main()
