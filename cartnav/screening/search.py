"""Trial search over the catalog: disease, target, phase, status, place, age, product type, text."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from ninja import Field, Schema

from cartnav.catalog.models import Trial


class TrialQuery(Schema):
    """The search filters, for the page (from the query string) and the API (as query params)."""

    q: str = ""
    disease: str = ""
    target: str = ""
    phase: str = ""
    status: str = ""
    country: str = ""
    city: str = ""
    hospital: str = ""
    age: float | None = Field(None, ge=0, le=120)
    product_type: str = ""

    @classmethod
    def from_params(cls, params: Any) -> TrialQuery:
        values: dict[str, Any] = {}
        for name in cls.model_fields:
            raw = (params.get(name) or "").strip()
            if name == "age":
                try:
                    age = float(raw) if raw else None
                except ValueError:
                    age = None
                # A page's filter ignores an age no patient has (the API refuses it with 422).
                values["age"] = age if age is not None and 0 <= age <= 120 else None
            else:
                values[name] = raw[:100]
        return cls(**values)


def _json_contains(field: str, value: str) -> Q:
    """Portable "JSON list contains" for SQLite and PostgreSQL: match the quoted element."""
    return Q(**{f"{field}__icontains": f'"{value}"'})


def search_trials(query: TrialQuery) -> QuerySet[Trial]:
    qs = Trial.objects.all()
    if query.q:
        qs = qs.filter(
            Q(title__icontains=query.q)
            | Q(nct_id__iexact=query.q)
            | Q(summary__icontains=query.q)
            | Q(interventions__icontains=query.q)
        )
    if query.disease:
        qs = qs.filter(_json_contains("diseases", query.disease))
    if query.target:
        qs = qs.filter(_json_contains("targets", query.target))
    if query.phase:
        qs = qs.filter(phases__icontains=query.phase)
    if query.status:
        qs = qs.filter(status=query.status)
    if query.country:
        qs = qs.filter(sites__country__iexact=query.country)
    if query.city:
        qs = qs.filter(sites__city__iexact=query.city)
    if query.hospital:
        qs = qs.filter(sites__hospital__slug=query.hospital)
    if query.age is not None:
        qs = qs.filter(Q(min_age_years__isnull=True) | Q(min_age_years__lte=query.age)).filter(
            Q(max_age_years__isnull=True) | Q(max_age_years__gte=query.age)
        )
    if query.product_type:
        qs = qs.filter(product_type__icontains=query.product_type)
    return qs.distinct().order_by("-start_date", "nct_id")
