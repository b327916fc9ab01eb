"""Where the kit's files are: one rule that finds datasets/, lessons.yml and the answer keys.

A *kit folder* is a folder that holds both ``lessons.yml`` and ``datasets/``. The kit uses the
first of these that exists:

1. **the working folder's kit**: the working folder itself, or the nearest folder above it, that
   is a kit folder. A notebook's kernel starts in the notebook's folder, so a learner's pulled copy
   (``~/claimlab/notebooks/01-....ipynb``) uses that copy's data, edits and all;
2. **``CLAIMLAB_HOME``**: an environment variable naming a kit folder (a hub may set it for
   everyone; a learner rarely needs it);
3. **the kit installed with the package**: the data a wheel carries inside the package
   (``claimlab/kit/``), or the source checkout an editable install (``pip install -e .``) points at.

``CLAIMLAB_DATASETS`` still overrides ``datasets/`` alone (tests and instructors use it to try a
copy of the data). When no rule finds a kit, :class:`KitNotFoundError` says where it looked and
what to do.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# The source checkout, when the package runs from one (editable install, or tests).
REPO = PACKAGE.parents[1]
# Where a built wheel puts the kit's data (setup.py copies it there at build time).
INSTALLED_KIT = PACKAGE / "kit"
MANIFEST_NAME = "lessons.yml"
DATASETS_NAME = "datasets"
HOME_VARIABLE = "CLAIMLAB_HOME"
DATASETS_VARIABLE = "CLAIMLAB_DATASETS"


class KitNotFoundError(FileNotFoundError):
    """No kit folder (lessons.yml and datasets/) was found by any rule."""


def is_kit_folder(folder: Path) -> bool:
    """True when a folder holds both lessons.yml and datasets/."""
    return (folder / MANIFEST_NAME).is_file() and (folder / DATASETS_NAME).is_dir()


def working_folder_kit(start: Path | None = None) -> Path | None:
    """The working folder, or the nearest folder above it, that is a kit folder (None if none is)."""
    here = Path.cwd() if start is None else Path(start)
    for folder in (here, *here.parents):
        if is_kit_folder(folder):
            return folder
    return None


def installed_kit() -> Path | None:
    """The kit data installed with the package (wheel), or the checkout of an editable install."""
    for folder in (INSTALLED_KIT, REPO):
        if is_kit_folder(folder):
            return folder
    return None


def find_kit() -> tuple[Path, str]:
    """The kit folder in use and the rule that found it ("working folder", "CLAIMLAB_HOME", "installed")."""
    found = working_folder_kit()
    if found is not None:
        return found, "working folder"
    home = os.environ.get(HOME_VARIABLE, "").strip()
    if home:
        folder = Path(home).expanduser()
        if is_kit_folder(folder):
            return folder, HOME_VARIABLE
        raise KitNotFoundError(
            f"{HOME_VARIABLE} is set to {home!r}, but that folder does not hold both {MANIFEST_NAME} and "
            f"{DATASETS_NAME}/. Point it at the top folder of a Claim Lab copy (the one with {MANIFEST_NAME}), "
            f"or unset it to use the kit installed with the package.")
    found = installed_kit()
    if found is not None:
        return found, "installed"
    raise KitNotFoundError(
        f"Claim Lab cannot find its files ({MANIFEST_NAME} and {DATASETS_NAME}/). It looked in the working "
        f"folder {Path.cwd()} and every folder above it, in ${HOME_VARIABLE} (not set) and in the package "
        f"({INSTALLED_KIT}). Open the notebook from inside your copy of the kit, set {HOME_VARIABLE} to that "
        f"copy's top folder, or install the kit from its wheel, which carries the data.")


def kit_home() -> Path:
    """The kit folder in use (see the rule at the top of this module)."""
    return find_kit()[0]


def datasets_dir() -> Path:
    """The kit's datasets/ folder (or $CLAIMLAB_DATASETS, for a copy of the data elsewhere)."""
    override = os.environ.get(DATASETS_VARIABLE, "").strip()
    return Path(override) if override else kit_home() / DATASETS_NAME


def lessons_file() -> Path:
    """The lesson manifest, lessons.yml, of the kit in use."""
    return kit_home() / MANIFEST_NAME


def answer_keys_dir() -> Path:
    """The folder of the lessons' answer keys (datasets/answer-keys/)."""
    return datasets_dir() / "answer-keys"


def cases_dir() -> Path:
    """The folder that holds one sub-folder per case."""
    return datasets_dir() / "cases"


def reference_dir() -> Path:
    """The folder of shared vocabularies and frameworks."""
    return datasets_dir() / "reference"
