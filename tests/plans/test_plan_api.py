"""The treatment plan over the API, as scripts call it (issue 12, item 3)."""

from __future__ import annotations

import pytest

from cartnav.plans.models import TreatmentPlan
from tests.cast import Cast

pytestmark = pytest.mark.django_db

PLAN = {
    "option": "axi-cel (Yescarta)",
    "stay_days": 14,
    "stay_within_hours": 2,
    "stay_source": "US labels since June 2025",
    "apheresis": "2027-01-06",
    "lymphodepletion": "2027-01-20",
    "infusion": "2027-01-25",
    "local_stay_end": "2027-02-08",
}


def test_put_and_get_the_plan(cast: Cast) -> None:
    url = f"/api/v1/cases/{cast.ana_case.pk}/plan"
    client = cast.client("phil")
    assert client.get(url).status_code == 404
    response = client.put(url, PLAN, content_type="application/json")
    assert response.status_code == 200, response.content
    body = cast.client("ana").get(url).json()
    assert body["infusion"] == "2027-01-25" and body["days_from_infusion"]["lymphodepletion"] == -5
    assert body["stay_within_hours"] == 2.0


def test_a_rule_broken_is_a_422_naming_it_and_nothing_is_stored(cast: Cast) -> None:
    url = f"/api/v1/cases/{cast.ana_case.pk}/plan"
    response = cast.client("phil").put(
        url, {**PLAN, "local_stay_end": "2027-02-01"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "requires at least 14" in response.json()["detail"]
    bad = cast.client("phil").put(
        url, {**PLAN, "infusion": "tomorrow"}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert not TreatmentPlan.objects.exists()


def test_only_the_hospital_s_coordinators_and_physicians_change_it(cast: Cast) -> None:
    url = f"/api/v1/cases/{cast.ana_case.pk}/plan"
    assert cast.client("nils").put(url, PLAN, content_type="application/json").status_code == 403
    assert cast.client("ana").put(url, PLAN, content_type="application/json").status_code == 403
    assert cast.client("dan").put(url, PLAN, content_type="application/json").status_code == 404
    assert not TreatmentPlan.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"stay_within_hours": 1000.5},
        {"stay_days": 40000},
        {"stay_days": -1},
        {"option": "x" * 500},
    ],
)
def test_out_of_range_values_are_refused_naming_the_field(cast: Cast, change: dict) -> None:
    """Found by the schema fuzzer on PostgreSQL: 1000.5 hours overflowed the column (a 500)."""
    url = f"/api/v1/cases/{cast.ana_case.pk}/plan"
    response = cast.client("phil").put(url, {**PLAN, **change}, content_type="application/json")
    assert response.status_code == 422
    assert next(iter(change)) in response.content.decode()
    assert not TreatmentPlan.objects.exists()


def test_the_service_refuses_what_the_column_cannot_hold(cast: Cast) -> None:
    from cartnav.patients.services import ServiceError
    from cartnav.plans import services

    with pytest.raises(ServiceError, match="stay_within_hours"):
        services.save_plan(
            None,
            cast.ana_case,
            {"option": "x", "stay_source": "y", "stay_within_hours": 1000.5},
            by=cast.users["phil"],
        )
