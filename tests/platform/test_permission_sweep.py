"""Every URL pattern and API route, as every role, against another patient's and another
hospital's objects: none may answer with that data, and none may change anything.

The URL list is read from the resolver, so a new page or route is swept without editing this file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from cartnav.accounts.models import ApiToken
from cartnav.conversations.models import Message
from cartnav.costs.models import Quote
from cartnav.custody.models import CustodyEvent, SafetyRecord, TherapyOrder
from cartnav.notifications.models import Preference
from cartnav.patients.models import Case, Consent, Patient, StageChange
from cartnav.plans.models import TreatmentPlan
from cartnav.records.models import Document, PendingImport, ReviewRequest, ToDo
from cartnav.screening import services as screening
from cartnav.screening.models import ProfileVersion, ScreeningProfile
from cartnav.travel.models import ChecklistTick, LocalContact, TravelPlan
from cartnav.visas.models import Companion, InvitationLetter
from cartnav.ward import services as ward
from cartnav.ward.models import Alert, Dose, InfectionEpisode, Observation, WardStay
from tests.cast import Cast

#: Whose data each member of the cast must never receive.
FOREIGN = {
    "ana": ["ben", "bea"],
    "ben": ["ana", "bea"],
    "bea": ["ana", "ben"],
    "carla": ["ben", "bea"],
    "cora": ["bea"],
    "rita": ["bea"],
    "nils": ["bea"],
    "phil": ["bea"],
    "dan": ["ana", "ben"],
    "ali": ["ana", "ben", "bea"],
}

PROBE = {
    "to_stage": "screening",
    "reason": "probe",
    "purpose": "contact",
    "family_name": "Hacked",
    "decision": "declined",
    "kind": "lab",
    "reviewer": "rita",
    "action": "accept",
    "version": "1",
    "agree": "yes",
    "item": "passport_valid",
    "done": "yes",
    "name": "Probe",
    "phone": "+1 555",
    "body": "probe",
    "email": "none",
    "drug": "tocilizumab",
    "dose_mg": "560",
    "given_at": "2026-12-01T08:00",
    "taken_at": "2026-12-01T08:00",
    "temperature": "39",
    "spo2": "85",
    "infused_at": "2026-11-30T08:00",
    "weight_kg": "70",
    "site": "blood",
    "grade": "3",
    "started": "2026-12-01",
    "criterion": "probe",
    "note": "probe",
    "value": "37",
    "values": {"spo2": {"value": 85, "unit": "%"}},
}


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def _fill(route: str, values: dict[str, str]) -> str | None:
    """Turn a route (path converters or regex) into a URL aimed at the foreign objects."""
    route = route.replace("^", "").replace("\\Z", "").replace("$", "")

    def sub(match: re.Match[str]) -> str:
        name = match.group("name")
        return values.get(name, values["object_id"])

    url = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", sub, route)
    url = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", sub, url)
    if any(ch in url for ch in "()[]*+?\\"):
        return None
    return "/" + url


def _routes() -> list[str]:
    return sorted(set(_walk(get_resolver().url_patterns)))


def _state() -> tuple[Any, ...]:
    return (
        list(Patient.objects.order_by("pk").values_list("family_name", "passport_number")),
        list(Case.objects.order_by("pk").values_list("stage", "coordinator_id")),
        StageChange.objects.count(),
        list(Consent.objects.order_by("pk").values_list("withdrawn_at", flat=True)),
        Consent.objects.count(),
        list(ToDo.objects.order_by("pk").values_list("done_at", flat=True)),
        ReviewRequest.objects.count(),
        Document.objects.count(),
        list(ScreeningProfile.objects.order_by("pk").values_list("digest", flat=True)),
        ProfileVersion.objects.count(),
        PendingImport.objects.count(),
        list(ApiToken.objects.order_by("pk").values_list("revoked", flat=True)),
        list(Quote.objects.order_by("pk").values_list("status", "accepted_at")),
        TreatmentPlan.objects.count(),
        list(InvitationLetter.objects.order_by("pk").values_list("status", flat=True)),
        Companion.objects.count(),
        TravelPlan.objects.count(),
        LocalContact.objects.count(),
        ChecklistTick.objects.count(),
        Message.objects.count(),
        Preference.objects.count(),
        TherapyOrder.objects.count(),
        CustodyEvent.objects.count(),
        SafetyRecord.objects.count(),
        list(WardStay.objects.order_by("pk").values_list("weight_kg", "discharged_at")),
        list(Observation.objects.order_by("pk").values_list("superseded", flat=True)),
        Dose.objects.count(),
        list(Alert.objects.order_by("pk").values_list("acknowledged_at", flat=True)),
        InfectionEpisode.objects.count(),
    )


def _sentinels(cast: Cast, name: str) -> list[str]:
    patient = {"ana": cast.ana, "ben": cast.ben, "bea": cast.bea}[name]
    case = {"ana": cast.ana_case, "ben": cast.ben_case, "bea": cast.bea_case}[name]
    return [
        patient.family_name,
        patient.passport_number,
        case.number,
        str(patient.pk),
        str(case.pk),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("member", sorted(FOREIGN))
def test_no_route_answers_with_foreign_data(cast: Cast, member: str) -> None:
    client = cast.client(member)
    checked = 0
    for target in FOREIGN[member]:
        patient = {"ana": cast.ana, "ben": cast.ben, "bea": cast.bea}[target]
        case = {"ana": cast.ana_case, "ben": cast.ben_case, "bea": cast.bea_case}[target]
        consent = patient.consents.first()
        document = Document.objects.create(
            case=case,
            kind="lab",
            display_name="x.pdf",
            sha256=f"{target:0<64}",
            size=1,
            content_type="application/pdf",
            storage_name="documents/none",
        )
        todo = ToDo.objects.create(case=case, text="bring your biopsy slides")
        screening.save_profile(None, case, {"ecog": 1})
        screening.save_profile(None, case, {"ecog": 2})
        pending = PendingImport.objects.create(
            case=case,
            created_by=patient.user,
            storage_name="pending-imports/none.json",
            sha256="0" * 64,
        )
        token, _raw = ApiToken.issue(patient.user, "theirs", verified=False)
        Quote.objects.create(
            case=case,
            version=1,
            currency="USD",
            cny_per_unit="7.1",
            rate_as_of="2026-12-01",
            rate_source="x",
            total_cny="1",
            total_converted="0.14",
        )
        stay = ward.admit(None, case, timezone.now() - dt.timedelta(days=1), weight_kg=70)
        ward.record(None, stay, timezone.now(), {"spo2": {"value": 88, "unit": "%"}})
        observation = stay.observations.get()
        alert = stay.alerts.get()
        probe = {
            **PROBE,
            "pending": str(pending.pk),
            "revoke": str(token.pk),
            "take": "ecog",
            "alert": str(alert.pk),
            "observation": str(observation.pk),
        }
        values = {
            "case_id": str(case.pk),
            "patient_id": str(patient.pk),
            "consent_id": str(consent.pk),
            "document_id": str(document.pk),
            "todo_id": str(todo.pk),
            "observation_id": str(observation.pk),
            "alert_id": str(alert.pk),
            "number": "1",
            "version": "1",
            "object_id": str(patient.pk),
            "purpose": "research",
            "kind": "crs",
            "app_label": "patients",
            "content_type_id": "1",
            "url": "x",
            "path": "x",
        }
        secrets = _sentinels(cast, target)
        # One snapshot per target, compared after each route: every request must leave it as
        # it is. Reading it before and after every request was half the sweep's time, and the
        # sweep is the longest test of the suite.
        before = _state()
        for route in _routes():
            url = _fill(route, values)
            if url is None or url.startswith("/static/"):
                continue
            for method in ("get", "post", "patch"):
                if method == "get":
                    response = client.get(url)
                elif url.startswith("/api/"):
                    response = getattr(client, method)(
                        url, json.dumps(probe), content_type="application/json"
                    )
                elif method == "post":
                    response = client.post(url, probe)
                else:
                    continue
                checked += 1
                # The page may echo the URL the client itself asked for (the language form's
                # "next" field); that tells the client nothing it did not send.
                body = response.content.decode(errors="replace").replace(url, "")
                leaked = [s for s in secrets if s in body]
                assert not leaked, (
                    f"{member} {method.upper()} {url} -> {response.status_code} leaks {leaked}"
                )
            # after the route's GET, POST and PATCH
            assert _state() == before, f"{member} GET/POST/PATCH {url} changed data"
    assert checked > 50


@pytest.mark.django_db
def test_the_sweep_would_catch_a_leak(cast: Cast) -> None:
    """The sentinels are really on the pages their owners may see: the sweep can fail."""
    body = cast.client("cora").get(f"/cases/{cast.ana_case.pk}/").content.decode()
    assert all(s in body for s in [*_sentinels(cast, "ana")[:1], cast.ana_case.number])
    api = cast.client("ana").get(f"/api/v1/patients/{cast.ana.pk}").json()
    assert api["passport_number"] == "PASS-ANA"


def test_every_route_is_swept() -> None:
    """Routes with parameters the sweep cannot fill would silently escape it."""
    values = dict.fromkeys(
        (
            "case_id",
            "patient_id",
            "consent_id",
            "document_id",
            "todo_id",
            "observation_id",
            "alert_id",
            "number",
            "version",
            "object_id",
            "purpose",
            "kind",
            "app_label",
            "content_type_id",
            "url",
            "path",
        ),
        "1",
    )
    unfilled = [r for r in _routes() if _fill(r, values) is None and "static" not in r]
    assert unfilled == []
