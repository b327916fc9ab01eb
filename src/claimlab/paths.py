"""Where the kit's files are: datasets, notebooks, exercises."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def datasets_dir() -> Path:
    """The kit's datasets/ folder (or $CLAIMLAB_DATASETS, for a copy elsewhere)."""
    return Path(os.environ.get("CLAIMLAB_DATASETS", REPO / "datasets"))


def cases_dir() -> Path:
    """The folder that holds one sub-folder per case."""
    return datasets_dir() / "cases"


def reference_dir() -> Path:
    """The folder of shared vocabularies and frameworks."""
    return datasets_dir() / "reference"
