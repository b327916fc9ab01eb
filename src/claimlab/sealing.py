"""Sealing the assessment's answers: scrambled so they cannot be read at a glance, not encrypted.

The learner-facing table, ``datasets/assessment/items-sealed.csv``, holds each item's answer and
explanations sealed with a key written in this file: anyone who reads this code can unseal them
(see ``claimlab.handin`` for what is and is not secret). ``build-assessment`` writes the table.
"""

from __future__ import annotations

import base64
import hashlib
import json

import pandas as pd

from claimlab.escaping import csv_safe_frame

SEALED_COLUMNS = ("answer", "why_a", "why_b", "why_c", "why_d")
SEALED_FILE = "items-sealed.csv"
KEY = "claimlab-assessment-not-a-secret"  # printed here on purpose: sealing hides, it does not protect


def _stream(item_id: str, length: int) -> bytes:
    blocks, counter = [], 0
    while sum(map(len, blocks)) < length:
        blocks.append(hashlib.sha256(f"{KEY}:{item_id}:{counter}".encode()).digest())
        counter += 1
    return b"".join(blocks)[:length]


def seal(item_id: str, values: dict[str, str]) -> str:
    """An item's answer and explanations scrambled into one cell (base64), unreadable at a glance."""
    data = json.dumps(values, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return base64.b64encode(bytes(a ^ b for a, b in zip(data, _stream(item_id, len(data))))).decode("ascii")


def unseal(item_id: str, sealed: str) -> dict[str, str]:
    """The values seal() scrambled."""
    data = base64.b64decode(sealed.encode("ascii"))
    return json.loads(bytes(a ^ b for a, b in zip(data, _stream(item_id, len(data)))).decode("utf-8"))


def sealed_items(items: pd.DataFrame) -> pd.DataFrame:
    """The items as learners get them: scenario, question and options in the open; answer and whys sealed."""
    open_columns = [c for c in items.columns if c not in SEALED_COLUMNS]
    table = items[open_columns].copy()
    table["sealed"] = [seal(row["item_id"], {c: str(row.get(c, "") or "") for c in SEALED_COLUMNS})
                       for _, row in items.iterrows()]
    return table


def unsealed_items(table: pd.DataFrame) -> pd.DataFrame:
    """The full items (answers and explanations back in their columns) from the sealed table."""
    rows = []
    for _, row in table.iterrows():
        values = unseal(row["item_id"], row["sealed"])
        rows.append({**{c: row[c] for c in table.columns if c != "sealed"}, **values})
    return pd.DataFrame(rows)


def sealed_text(items: pd.DataFrame) -> str:
    """The sealed table as the CSV text build-assessment writes."""
    table = sealed_items(items)
    for column in table.columns:
        table[column] = table[column].map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else v)
    return csv_safe_frame(table.astype(object)).to_csv(index=False, lineterminator="\n")
