"""Rebuild datasets/geo/ from two packages downloaded by hand (see README.md).

    python datasets/geo/build_geo.py --world-atlas /tmp/geo/package --iso3166 /tmp/geo/iso \
        [--check-with /tmp/geo/pycountry]

--world-atlas: the unpacked npm package world-atlas (`npm pack world-atlas`, then untar).
--iso3166: a folder holding the unpacked PyPI wheel iso3166 (MIT; `pip download --no-deps
iso3166`, then unzip). --check-with: optionally, a folder holding the unpacked wheel pycountry
(Debian iso-codes data); every code is then checked against it and the script stops on any
difference. Neither package becomes a dependency of the kit: they are read once, here.
This is a maintenance script: lessons never import it.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BOUNDARIES = "countries-110m.json"
CODES = "country-codes.csv"
# Features of world-atlas that have no ISO numeric id; matched to a code by their name.
UNNUMBERED = {"Kosovo": "XKX"}


def load_iso3166(folder: Path) -> list:
    """The iso3166 package's country records, imported from the unpacked wheel."""
    sys.path.insert(0, str(folder))
    import iso3166

    return list(iso3166.countries)


def check_against_pycountry(records: list, folder: Path) -> None:
    """Stop if any alpha-3, alpha-2 or numeric code differs from pycountry's."""
    sys.path.insert(0, str(folder))
    import pycountry

    theirs = {c.alpha_3: (c.alpha_2, c.numeric) for c in pycountry.countries}
    ours = {r.alpha3: (r.alpha2, r.numeric) for r in records if r.alpha3 != "XKX"}
    if ours != theirs:
        differ = sorted(set(ours.items()) ^ set(theirs.items()))
        raise SystemExit(f"iso3166 and pycountry disagree: {differ}")
    print(f"checked {len(ours)} codes against pycountry: identical")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world-atlas", type=Path, required=True)
    parser.add_argument("--iso3166", type=Path, required=True)
    parser.add_argument("--check-with", type=Path)
    args = parser.parse_args()

    source = args.world_atlas / BOUNDARIES
    shutil.copyfile(source, HERE / BOUNDARIES)
    atlas = json.loads(source.read_text(encoding="utf-8"))
    names = {}
    for geometry in atlas["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        names[geometry.get("id") or UNNUMBERED.get(name, "")] = name

    records = load_iso3166(args.iso3166)
    if args.check_with:
        check_against_pycountry(records, args.check_with)
    rows = []
    for record in sorted(records, key=lambda r: r.alpha3):
        official = record.alpha3 != "XKX"  # XK/XKX/983 are user-assigned, not ISO
        rows.append({
            "alpha_3": record.alpha3,
            "alpha_2": record.alpha2,
            "numeric": record.numeric if official else "",
            "name": record.name,
            "iso_assigned": "yes" if official else "no",
            "world_atlas_name": names.get(record.numeric if official else record.alpha3, ""),
        })
    unmatched = set(names) - {r["numeric"] for r in rows} - {r["alpha_3"] for r in rows} - {""}
    if unmatched:
        raise SystemExit(f"world-atlas ids with no ISO code: {sorted(unmatched)}")
    with open(HERE / CODES, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    for name in (BOUNDARIES, CODES):
        digest = hashlib.sha256((HERE / name).read_bytes()).hexdigest()
        print(f"{name}: {(HERE / name).stat().st_size} bytes, sha256 {digest}")


if __name__ == "__main__":
    main()
