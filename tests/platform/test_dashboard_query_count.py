"""No N+1: the dashboard, the portal and the case list cost the same queries for 3 or 30 cases."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cartnav.patients import services
from tests.cast import Cast


def _queries(client: Client, url: str) -> int:
    client.get(url)  # warm up: the first request of a session also renews its idle deadline
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _more_cases(cast: Cast, n: int) -> None:
    for i in range(n):
        patient = services.create_patient(
            None,
            given_name=f"Extra{i}",
            family_name="Case",
            date_of_birth="1980-01-01",
            sex="male",
            nationality="DE",
        )
        services.open_case(None, patient, cast.hospital_a, coordinator=cast.users["cora"])


def test_page_queries_do_not_grow_with_the_number_of_cases(cast: Cast) -> None:
    client = cast.client("cora")
    api = cast.client("cora")
    few = (_queries(client, "/cases/"), _queries(api, "/api/v1/cases"))
    _more_cases(cast, 27)
    many = (_queries(client, "/cases/"), _queries(api, "/api/v1/cases"))
    assert few == many
    assert many[0] <= 16, many


def test_the_patient_home_costs_a_fixed_number_of_queries(cast: Cast) -> None:
    client = cast.client("ana")
    assert _queries(client, "/me/") <= 14


def test_the_patient_home_queries_do_not_grow_with_the_cases_shown(cast: Cast) -> None:
    carla = cast.client("carla")  # Ana's daughter, acting for her
    one_case = _queries(carla, "/me/")
    services.open_case(None, cast.ana, cast.hospital_a, coordinator=cast.users["cora"])
    services.open_case(None, cast.ana, cast.hospital_b)
    page = carla.get("/me/").content.decode()
    assert page.count('class="card case"') == 3
    assert _queries(carla, "/me/") == one_case
