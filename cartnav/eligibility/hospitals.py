"""Raw registry facility names → hospitals, de-duplicated by a normalised name key.

Registry text varies in case, punctuation, "The", company suffixes and department prefixes.
The key lower-cases, strips punctuation and those noise words, but keeps every word that tells
hospitals apart ("First", "Affiliated", the university) and the city, so "The First Affiliated
Hospital of Soochow University" and "First affiliated hospital of soochow university" in Suzhou
merge, while two "People's Hospital" in two cities stay two hospitals.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data") / "hospitals.json"
_DROP = re.compile(r"\b(the|co\.?|ltd\.?|campus|branch|department of [a-z ]+|dept\.? of [a-z ]+)\b")


def name_key(name: str, city: str = "") -> str:
    text = name.lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    text = _DROP.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return f"{text}|{city.strip().lower()}"


@dataclass
class HospitalRecord:
    name: str
    city: str
    province: str = ""
    latitude: float | None = None
    longitude: float | None = None
    trial_ids: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return name_key(self.name, self.city)


def deduplicate(rows: list[dict[str, Any]]) -> list[HospitalRecord]:
    """Rows with facility, city, state, latitude, longitude, nct_ids (list) → hospitals."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[name_key(row["facility"], row.get("city", ""))].append(row)
    out = []
    for members in groups.values():
        best = max(members, key=lambda r: (len(r.get("nct_ids", [])), r["facility"]))
        lats = [r["latitude"] for r in members if r.get("latitude") is not None]
        lons = [r["longitude"] for r in members if r.get("longitude") is not None]
        ids = sorted({i for r in members for i in r.get("nct_ids", [])})
        out.append(
            HospitalRecord(
                best["facility"].strip(),
                best.get("city", "").strip(),
                best.get("state", "") or "",
                sum(lats) / len(lats) if lats else None,
                sum(lons) / len(lons) if lons else None,
                ids,
                sorted({r["facility"] for r in members} - {best["facility"]}),
            )
        )
    return sorted(out, key=lambda h: (-len(h.trial_ids), h.name))


def seed_hospitals(path: Path = DATA) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text())["hospitals"])
