from __future__ import annotations

from cartnav.audit.models import AuditRecord
from tests.cast import Cast


def test_reading_a_case_over_the_api_is_audited(cast: Cast) -> None:
    before = AuditRecord.objects.count()
    response = cast.client("ana").get(f"/api/v1/cases/{cast.ana_case.pk}")
    assert response.status_code == 200
    rec = AuditRecord.objects.order_by("-seq").first()
    assert AuditRecord.objects.count() == before + 1
    assert (rec.action, rec.username, rec.object_id) == ("read", "ana", str(cast.ana_case.pk))


def test_another_patients_case_is_404_like_a_missing_one_and_audited(cast: Cast) -> None:
    client = cast.client("ana")
    foreign = client.get(f"/cases/{cast.ben_case.pk}/")
    missing = client.get("/cases/00000000-0000-0000-0000-000000000000/")
    assert foreign.status_code == missing.status_code == 404
    assert cast.ben.family_name not in foreign.content.decode()
    denied = AuditRecord.objects.filter(action="denied:read").order_by("-seq")
    assert denied.count() == 2
    assert denied[1].detail == {"case_id": str(cast.ben_case.pk)}

    api = client.get(f"/api/v1/cases/{cast.ben_case.pk}")
    assert api.status_code == 404
    assert api.json() == {"detail": "Not found."}


def test_a_malformed_id_is_404_not_500(cast: Cast) -> None:
    client = cast.client("cora")
    assert client.get("/cases/not-a-uuid/").status_code == 404
    assert client.get("/api/v1/patients/not-a-uuid").status_code == 404


def test_changes_are_audited_with_the_change(cast: Cast) -> None:
    client = cast.client("cora")
    response = client.post(
        f"/api/v1/cases/{cast.ana_case.pk}/stage",
        {"to_stage": "screening", "reason": "records complete"},
        content_type="application/json",
    )
    assert response.status_code == 200
    rec = AuditRecord.objects.filter(action="change_stage").get()
    assert rec.detail == {"from": "inquiry", "to": "screening", "override": False}
    assert rec.username == "cora"
