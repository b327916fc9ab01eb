"""A Markdown data dictionary from a Table Schema: what a case README lists for each table."""

from __future__ import annotations

import json
from pathlib import Path


def data_dictionary(schema_path: Path) -> str:
    """One Markdown table for one schema: column, type, required, meaning (with the allowed values)."""
    schema_path = Path(schema_path)
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    lines = [f"#### `{schema_path.name.removesuffix('.schema.json')}.csv`: {schema['title']}", "",
             schema["description"], "", "| column | type | required | meaning |", "|---|---|---|---|"]
    for field in schema["fields"]:
        constraints = field.get("constraints", {})
        meaning = field["description"]
        if constraints.get("enum"):
            meaning += " Allowed: " + ", ".join(f"`{v}`" for v in constraints["enum"])
            meaning += (f", or a code with field `{field['claimlab:case_vocabulary']}` in the case's "
                        "`vocabulary.csv`." if field.get("claimlab:case_vocabulary") else ".")
        required = "yes" if constraints.get("required") else ""
        lines.append(f"| `{field['name']}` | {field.get('type', 'string')} | {required} | {meaning} |")
    return "\n".join(lines) + "\n"


# `python3 kit.py build` rewrites what lies between these markers, so a README's dictionary never
# drifts from its schemas (scripts/build.py, step "dictionary").
START = "<!-- data-dictionary: made from the Table Schemas by `python3 kit.py build`; do not edit by hand -->"
END = "<!-- end data-dictionary -->"


def case_data_dictionary(schema_paths: list[Path]) -> str:
    """The '## Data dictionary' section of a case README: one table per schema, between build markers."""
    tables = "\n".join(data_dictionary(p) for p in schema_paths)
    return f"## Data dictionary\n\n{START}\n\n{tables}\n{END}\n"
