"""Claim Lab: helpers for lessons on the critical appraisal of health claims.

Notebooks start with ``import claimlab; claimlab.setup()``. Everything else lives in one
module per idea:

- data: ``cases`` (load and check a case), ``schema`` (Table Schema checks), ``vocabulary`` (the
  shared and case vocabularies, read from data), ``newcase`` (``new-case`` and ``check-case``),
  ``readiness`` (what each lesson still lacks in a case), ``datadictionary`` (a README's data
  dictionary from the schemas), ``lessons`` (the lesson manifest), ``wording`` (counts that agree,
  lists as phrases, a table cell as text), ``notices`` (what a lesson shows while a table is empty);
- reading an article: ``articles`` (an article file as text), ``sentences`` (its blocks and
  sentences), ``scanner`` (the language of claims), ``scan_formats`` (a scan as JSON, CSV, Markdown
  or HTML), ``command_line`` (the ``scan`` command), ``highlight``, ``report``,
  ``claims`` (the claims table in lessons), ``worksheet`` (bring your own article);
- evidence: ``designs`` (study designs), ``studies``, ``evidence``, ``certainty`` (GRADE-style),
  ``regulation``, ``verdict``, ``rubric`` (the article rubric), ``charts`` (drawn charts kept on
  disk by ``chart_cache``);
- running a fair test (lesson 07): ``simulations`` (seeded simulated people and trials),
  ``effect_size`` (relative and absolute effects, numbers needed to treat, icon arrays),
  ``case_tables`` (a case's optional results and natural-course tables), ``fair_test_charts``,
  ``fair_test_widgets``;
- learning: ``quizzes``, ``answers`` and ``exercises`` (checked exercises made from solutions),
  ``answer_key`` (a lesson's key and the statuses of a checked answer),
  ``feedback`` (the one result every check returns),
  ``assessment`` (the pre/post test), ``assessment_form`` (it as a widget), ``handin`` (handing it
  in), ``sealing`` (its answers scrambled until hand-in), ``sittings`` (which sittings are handed in), ``hints``
  (plain-language error hints), ``synonyms`` (other
  right ways of writing a term), ``reading_time`` (measured lesson minutes);
- how it looks and prints: ``widget_style`` (widget text kept whole), ``static_view`` (widgets on
  exported pages);
- grading: ``grading`` (the exercises as an nbgrader course), ``progress`` (learners' own progress
  records), ``question_bank`` and ``case_exercises`` (exercises made for any case);
- where it runs: ``paths`` (the one rule that finds lessons.yml and datasets/), ``hublink`` (the
  nbgitpuller link for a JupyterHub and the Binder link);
- keeping work safe: ``files`` (atomic writes, dated backups), ``readfile`` (reading a file a
  person made, with a fix for each problem), ``errors`` (the kit's input errors and a data file's
  problems), ``escaping``
  (no spreadsheet formulas in CSV, no raw HTML in Markdown).
"""

from __future__ import annotations

import os
import sys

__version__ = "0.1.0"

# Importing Altair pulls in jsonschema's format checkers, and jsonschema then imports
# rfc3987_syntax, which compiles a large grammar on import (about 1.8 s of a 2.3 s Altair
# import on the kit's machine; upstream jsonschema issue 1428). It only checks the "iri"
# formats, which the Vega-Lite schema does not use, so the kit skips it in its own
# kernels. Set CLAIMLAB_KEEP_IRI_CHECKS=1 to keep it. benchmarks/README.md has the numbers.
if not os.environ.get("CLAIMLAB_KEEP_IRI_CHECKS") and "rfc3987_syntax" not in sys.modules:
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]

from claimlab.notebook import setup  # noqa: E402

__all__ = ["__version__", "setup"]
