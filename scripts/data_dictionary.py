"""Print a Markdown data dictionary for Table Schemas (paste it into a dataset README).

    python scripts/data_dictionary.py datasets/schemas/studies.schema.json ...

The tables come from claimlab.datadictionary, which new-case also uses for a new case's README.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from claimlab.datadictionary import data_dictionary  # noqa: E402

dictionary = data_dictionary  # the name scripts/build.py uses

if __name__ == "__main__":
    print("\n".join(data_dictionary(Path(p)) for p in sys.argv[1:]))
