"""Does every text path take time in proportion to its input? Prints MB/s; it is not a test.

    .venv/bin/python benchmarks/hostile_text_benchmark.py            # 10 KB, 1 MB and 10 MB
    .venv/bin/python benchmarks/hostile_text_benchmark.py --quick    # 10 KB, 100 KB and 1 MB

For each kind of text (a normal article, and inputs built to hit the slow spots the issue found:
a page of "[", of "**x", of "Dr. Smith ", of "<a " in a web page, of "<!--"), the article is
written to a file and read and scanned as the kit does (``read_article_text`` then ``scan_sentences``).
It prints MB/s at each size and, per kind, the ratio of the fastest to the slowest size: a
quadratic path shows a ratio that grows with the size (100 at 1 MB for a path that is 10 times
slower per MB at 10 times the size); a linear one stays near 1. Sizes are measured in one run,
side by side, because the shared machine is noisy.

It also times lesson 06's whole upload path (``text_from_upload``, ``chosen_text``,
``appraisal_worksheet``) on 100 KB and on 5 MB (the upload limit) of each kind: the case the
issue reported as blocking the kernel for minutes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimlab.articles import read_article_text  # noqa: E402
from claimlab.scanner import scan_sentences  # noqa: E402
from claimlab.worksheet import appraisal_worksheet, chosen_text, text_from_upload  # noqa: E402

NORMAL = (ROOT / "datasets" / "cases" / "kratom-opioid-withdrawal" / "article.md").read_text(encoding="utf-8")
KINDS = {
    "normal article (.md)": (NORMAL + "\n\n", ".md"),
    "'[' (.md)": ("[", ".md"),
    "'**x' (.md)": ("**x", ".md"),
    "'Dr. Smith ' (.txt)": ("Dr. Smith ", ".txt"),
    "'<a ' (.html)": ("<a ", ".html"),
    "'<!--' (.md)": ("<!--", ".md"),
}


def text_of(unit: str, size: int) -> str:
    """The unit repeated to exactly size characters."""
    return (unit * (size // len(unit) + 1))[:size]


def seconds_to_scan(text: str, suffix: str) -> float:
    """Seconds to read and scan the text saved as a file with this suffix."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"article{suffix}"
        path.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        scan_sentences(read_article_text(path))
        return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 KB, 100 KB and 1 MB instead of up to 10 MB")
    args = parser.parse_args()
    sizes = [10_000, 100_000, 1_000_000] if args.quick else [10_000, 1_000_000, 10_000_000]
    scan_sentences("Warm up: it may help.\n")
    names = ["10 KB", "100 KB", "1 MB"] if args.quick else ["10 KB", "1 MB", "10 MB"]
    print(f"{'text':24s}" + "".join(f"{name + ' MB/s':>14s}" for name in names) + f"{'fastest/slowest':>17s}")
    for kind, (unit, suffix) in KINDS.items():
        rates = []
        for size in sizes:
            seconds = seconds_to_scan(text_of(unit, size), suffix)
            rates.append(size / 1e6 / seconds)
        print(f"{kind:24s}" + "".join(f"{rate:14.2f}" for rate in rates) + f"{max(rates) / min(rates):17.2f}", flush=True)
    print("\nLesson 06 upload path (text_from_upload, chosen_text, appraisal_worksheet), 100 KB and 5 MB:")
    for kind, (unit, suffix) in KINDS.items():
        timings = []
        for size in (100_000, 5_000_000):
            with tempfile.TemporaryDirectory() as drafts:
                start = time.perf_counter()
                text, _message = text_from_upload(f"upload{suffix}", text_of(unit, size).encode("utf-8"))
                appraisal_worksheet(chosen_text(text), restore=False, drafts=Path(drafts))
                timings.append(time.perf_counter() - start)
        print(f"  {kind:24s} {timings[0]:6.2f} s {timings[1]:6.2f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
