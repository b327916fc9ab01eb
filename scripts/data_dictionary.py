"""Print a Markdown data dictionary for Table Schemas (paste it into a dataset README).

    python scripts/data_dictionary.py datasets/schemas/studies.schema.json ...
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def dictionary(schema_path: Path) -> str:
    """One Markdown table: column, type, required, allowed values, meaning."""
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    lines = [f"#### `{schema_path.name.removesuffix('.schema.json')}.csv`: {schema['title']}", "",
             schema["description"], "", "| column | type | required | meaning |", "|---|---|---|---|"]
    for field in schema["fields"]:
        constraints = field.get("constraints", {})
        meaning = field["description"]
        if "enum" in constraints:
            meaning += " Allowed: " + ", ".join(f"`{v}`" for v in constraints["enum"]) + "."
        required = "yes" if constraints.get("required") else ""
        lines.append(f"| `{field['name']}` | {field.get('type', 'string')} | {required} | {meaning} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print("\n".join(dictionary(Path(p)) for p in sys.argv[1:]))
