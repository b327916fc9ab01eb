"""Build step for the wheel: the package carries the kit's data, so an installed kit finds it.

Everything else is in pyproject.toml. A wheel built from this folder (``pip wheel --no-deps .``)
holds ``claimlab/kit/lessons.yml`` and ``claimlab/kit/datasets/``, which ``claimlab.paths`` uses
when no working-folder kit and no ``CLAIMLAB_HOME`` is found. An editable install
(``pip install -e .``) copies nothing: it reads the checkout itself.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
KIT_DATA = ("lessons.yml", "datasets")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")


class BuildWithKitData(build_py):
    """build_py, then copy lessons.yml and datasets/ into claimlab/kit/ of the build."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "claimlab" / "kit"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for name in KIT_DATA:
            source = HERE / name
            if source.is_dir():
                shutil.copytree(source, target / name, ignore=SKIP)
            else:
                shutil.copy2(source, target / name)


setup(cmdclass={"build_py": BuildWithKitData})
