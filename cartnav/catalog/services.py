"""Loading and changing the catalog. Every change bumps CatalogVersion, which marks stored
screening results stale (they are recomputed in the background)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.text import slugify

from cartnav.catalog.models import CatalogVersion, Hospital, Product, Trial, TrialSite
from cartnav.eligibility import hospitals as hospital_core
from cartnav.eligibility import products as product_core
from cartnav.eligibility.ctgov import (
    StudyFormatError,
    TrialRecord,
    parse_studies,
    read_monitor_tables,
)

#: The catalog data shipped with cartnav (copied from ../shared/data with its licence).
SHIPPED = Path(__file__).resolve().parent / "data"


def bump_version() -> int:
    CatalogVersion.objects.get_or_create(id=1)
    CatalogVersion.objects.filter(id=1).update(version=F("version") + 1)
    return CatalogVersion.objects.get(id=1).version


def current_version() -> int:
    row = CatalogVersion.objects.filter(id=1).first()
    return row.version if row else 0


@transaction.atomic
def load_products(path: Path = product_core.DATA) -> int:
    records = product_core.load_records(path)
    for rec in records:
        product_core.product_from_record(rec)  # validate before anything is written
        Product.objects.update_or_create(
            slug=rec["slug"],
            defaults={
                k: rec.get(k, "")
                for k in (
                    "brand_name",
                    "brand_name_zh",
                    "generic_name",
                    "maker",
                    "target",
                    "region",
                    "approval_date",
                )
            }
            | {"indications": rec["indications"], "data": rec},
        )
    bump_version()
    return len(records)


@transaction.atomic
def load_seed_hospitals() -> int:
    for h in hospital_core.seed_hospitals():
        fields = {k: v for k, v in h.items() if k != "slug"}
        fields["name_key"] = hospital_core.name_key(h["name"], h["city"])
        Hospital.objects.update_or_create(slug=h["slug"], defaults=fields)
    return len(hospital_core.seed_hospitals())


def _unique_slug(name: str, city: str) -> str:
    base = slugify(f"{name}-{city}")[:70] or "hospital"
    slug, n = base, 2
    while Hospital.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def load_trial_site_hospitals(path: Path) -> int:
    """The Chinese CAR-T trial sites, de-duplicated into hospitals (idempotent by name key)."""
    with path.open(newline="") as fh:
        rows = [
            {
                "facility": r["facility"],
                "city": r["city"],
                "state": r["state"],
                "latitude": float(r["latitude"]) if r["latitude"] else None,
                "longitude": float(r["longitude"]) if r["longitude"] else None,
                "nct_ids": [x for x in r["nct_ids"].split("|") if x],
            }
            for r in csv.DictReader(fh)
        ]
    created = 0
    for rec in hospital_core.deduplicate(rows):
        if Hospital.objects.filter(name_key=rec.key).exists():
            continue
        Hospital.objects.create(
            slug=_unique_slug(rec.name, rec.city),
            name=rec.name[:200],
            name_key=rec.key,
            city=rec.city or "?",
            province=rec.province,
            latitude=rec.latitude,
            longitude=rec.longitude,
            source=f"{path.name}: trial sites ({len(rec.trial_ids)} trials; aliases: {'; '.join(rec.aliases)[:200]})",
        )
        created += 1
    return created


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def _hospital_for(site: Any, by_key: dict[str, int]) -> int | None:
    if site.country != "China":
        return None
    return by_key.get(hospital_core.name_key(site.facility, site.city))


@transaction.atomic
def save_trial(record: TrialRecord, by_key: dict[str, int] | None = None) -> str:
    """Create or update one trial and its sites, atomically, and count the change in the catalog
    version in the same transaction. Returns created/updated/unchanged.

    The version moves with every committed change, not once at the end of an import: an import
    killed halfway leaves the trials it saved *and* a version that says the catalog changed, so
    no stored screening result can look current against a half-changed catalog.
    """
    digest = record.content_hash()
    existing = Trial.objects.filter(nct_id=record.nct_id).first()
    if existing and existing.content_hash == digest:
        return "unchanged"
    criteria = [c.to_dict() for c in record.criteria()]
    fields = {
        "title": record.title,
        "status": record.status,
        "phases": record.phases,
        "conditions": record.conditions,
        "interventions": record.interventions,
        "targets": record.targets,
        "diseases": record.diseases,
        "product_type": record.product_type,
        "min_age_years": record.min_age_years,
        "max_age_years": record.max_age_years,
        "sex": record.sex,
        "summary": record.summary,
        "eligibility_text": record.eligibility_text,
        "criteria": criteria,
        "countries": record.countries,
        "start_date": record.start_date,
        "last_update": record.last_update,
        "record": record.to_dict(),
        "content_hash": digest,
        "source": record.source,
    }
    trial, created = Trial.objects.update_or_create(nct_id=record.nct_id, defaults=fields)
    trial.sites.all().delete()
    keys = by_key if by_key is not None else dict(Hospital.objects.values_list("name_key", "pk"))
    TrialSite.objects.bulk_create(
        [
            TrialSite(
                trial=trial,
                hospital_id=_hospital_for(s, keys),
                facility=s.facility[:300],
                city=s.city[:120],
                state=s.state[:120],
                country=s.country[:120],
                status=s.status[:40],
                latitude=s.latitude,
                longitude=s.longitude,
            )
            for s in record.sites
        ]
    )
    bump_version()
    return "created" if created else "updated"


def import_records(
    records: Iterable[TrialRecord | tuple[str, Exception]],
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    report = ImportReport()
    by_key = dict(Hospital.objects.values_list("name_key", "pk"))
    for item in records:
        if isinstance(item, tuple):
            report.errors.append(f"{item[0]}: {item[1]}")
        else:
            outcome = save_trial(item, by_key)
            setattr(report, outcome, getattr(report, outcome) + 1)
        if progress:
            progress(1)
    return report


def read_path(path: Path) -> list[TrialRecord | tuple[str, Exception]]:
    """A study JSON file (one, a list, or a page) or a monitor folder with trials.csv."""
    if path.is_dir():
        eligibility = path / "eligibility_sample_200.json"
        return list(read_monitor_tables(path, eligibility if eligibility.exists() else None))
    try:
        data = json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise StudyFormatError("$", f"not JSON: {exc}") from exc
    out: list[TrialRecord | tuple[str, Exception]] = []
    for where, parsed in parse_studies(data):
        out.append((where, parsed) if isinstance(parsed, Exception) else parsed)
    return out
