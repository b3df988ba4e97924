"""Screening over JSON: a case's profile and options, stateless screening, the catalog."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from ninja import Body, Field, Query, Router, Schema

from cartnav import access
from cartnav.catalog.models import Hospital, Product, Trial
from cartnav.eligibility.profile import MAX_PROFILE_BYTES, PROFILE_JSON_SCHEMA, ProfileError
from cartnav.screening import services
from cartnav.screening.models import ScreeningProfile
from cartnav.screening.search import TrialQuery, search_trials

router = Router(tags=["screening"])


class TrialOut(Schema):
    nct_id: str
    title: str
    status: str
    phases: list[str]
    conditions: list[str]
    diseases: list[str]
    targets: list[str]
    min_age_years: float | None
    max_age_years: float | None
    countries: list[str]
    product_type: str


class TrialSearch(TrialQuery):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**9)


@router.get(
    "/cases/{case_id}/profile", response=dict[str, Any], summary="A case's screening profile"
)
def get_profile(request: HttpRequest, case_id: str) -> dict[str, Any]:
    case = access.get_case(request, case_id)
    row = ScreeningProfile.objects.filter(case=case).first()
    return row.data if row else {}


@router.put(
    "/cases/{case_id}/profile",
    response=dict[str, Any],
    summary="Replace a case's screening profile (and recompute its options)",
)
def put_profile(request: HttpRequest, case_id: str, profile: Body[dict[str, Any]]) -> Any:
    """An invalid profile is a 422 naming the field (``ProfileError``); nothing is stored."""
    _within_size(request)
    case = access.get_case(request, case_id, access.Action.EDIT_PROFILE)
    result = services.save_profile(request, case, profile)
    return {"counts": result.counts, "catalog_version": result.catalog_version}


class ProfileVersionOut(Schema):
    number: int
    at: dt.datetime
    by: str | None
    source: str
    note: str
    changed: list[str]
    data: dict[str, Any]


def _version(v: Any) -> ProfileVersionOut:
    return ProfileVersionOut(
        number=v.number,
        at=v.at,
        by=v.by.get_username() if v.by else None,
        source=v.source,
        note=v.note,
        changed=v.changed,
        data=v.data,
    )


@router.get(
    "/cases/{case_id}/profile/versions",
    response=list[ProfileVersionOut],
    summary="Every version of a case's profile, newest first (who, when, from where)",
)
def profile_versions(request: HttpRequest, case_id: str) -> list[ProfileVersionOut]:
    case = access.get_case(request, case_id)
    return [_version(v) for v in services.versions(case)]


@router.post(
    "/cases/{case_id}/profile/versions/{number}/restore",
    response=ProfileVersionOut,
    summary="Undo: make an earlier version the profile again (saved as a new version)",
)
def restore_profile_version(request: HttpRequest, case_id: str, number: int) -> ProfileVersionOut:
    case = access.get_case(request, case_id, access.Action.EDIT_PROFILE)
    return _version(services.restore_version(request, case, number))


@router.get(
    "/cases/{case_id}/options", response=dict[str, Any], summary="A case's screening result"
)
def case_options(request: HttpRequest, case_id: str) -> dict[str, Any]:
    case = access.get_case(request, case_id)
    result = services.current_result(case)
    if result is None:
        return {"counts": {}, "options": [], "hospitals": [], "detail": "No screening profile yet."}
    return {
        "computed": result.computed.isoformat(),
        "catalog_version": result.catalog_version,
        "counts": result.counts,
        "options": result.options,
        "hospitals": result.hospitals,
    }


@router.post(
    "/screen",
    response=dict[str, Any],
    summary="Screen a profile (nothing stored)",
)
def screen_profile(request: HttpRequest, profile: Body[dict[str, Any]]) -> Any:
    _within_size(request)
    return services.screen_profile(profile).to_dict()


def _within_size(request: HttpRequest) -> None:
    """A profile is a few kB; past 1 MB it is refused (422, field ``profile``), not stored."""
    if len(request.body) > MAX_PROFILE_BYTES:
        raise ProfileError("profile", f"is larger than {MAX_PROFILE_BYTES // 1024 // 1024} MB")


@router.get("/profile-schema", response=dict[str, Any], summary="The profile's JSON schema")
def profile_schema(request: HttpRequest) -> dict[str, Any]:
    return PROFILE_JSON_SCHEMA


@router.get("/trials", response=list[TrialOut], summary="Search CAR-T trials")
def trials(request: HttpRequest, filters: Query[TrialSearch]) -> list[Trial]:
    limit = max(1, min(filters.limit, 200))
    offset = max(0, filters.offset)
    return list(search_trials(filters)[offset : offset + limit])


@router.get("/products", response=list[dict[str, Any]], summary="Approved CAR-T products")
def products(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "slug": p.slug,
            "brand_name": p.brand_name,
            "generic_name": p.generic_name,
            "maker": p.maker,
            "target": p.target,
            "region": p.region,
            "approval_date": p.approval_date,
            "indications": p.indications,
        }
        for p in Product.objects.all()
    ]


@router.get(
    "/hospitals",
    response=list[dict[str, Any]],
    summary="Hospitals and their international services",
)
def hospitals(
    request: HttpRequest, city: str = "", seed_only: bool = False
) -> list[dict[str, Any]]:
    qs = Hospital.objects.annotate(n_trials=Count("trial_sites__trial", distinct=True))
    if city:
        qs = qs.filter(city__iexact=city)
    if seed_only:
        qs = qs.filter(named_in_seed=True)
    return [
        {
            "slug": h.slug,
            "name": h.name,
            "name_zh": h.name_zh,
            "city": h.city,
            "latitude": h.latitude,
            "longitude": h.longitude,
            "accreditations": h.accreditations,
            "languages": h.languages,
            "visa_support": h.visa_support,
            "accommodation_help": h.accommodation_help,
            "services_verified": h.services_verified,
            "trials": h.n_trials,
        }
        for h in qs[:500]
    ]
