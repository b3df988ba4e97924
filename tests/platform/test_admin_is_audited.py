"""Every admin list, read and change is audited, with what changed — for every registered model."""

from __future__ import annotations

from django.contrib import admin

from cartnav.audit.admin_audit import AuditedAdminMixin
from cartnav.audit.models import AuditRecord
from cartnav.catalog.models import Hospital
from tests.cast import Cast


def _latest(action: str) -> AuditRecord:
    return AuditRecord.objects.filter(action=action).latest("seq")


def test_every_registered_admin_is_audited() -> None:
    import cartnav.urls  # noqa: F401 — the admin is configured where its URLs are

    unaudited = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, AuditedAdminMixin)
    ]
    assert unaudited == []


def test_a_list_page_is_recorded_with_its_filters(cast: Cast) -> None:
    client = cast.client("adam")
    assert client.get("/admin/patients/patient/?q=Alvarez").status_code == 200
    record = _latest("admin_list")
    assert record.username == "adam"
    assert record.detail == {"model": "patients.patient", "query": "q=Alvarez", "shown": 1}


def test_opening_a_patient_is_a_read_of_that_patient(cast: Cast) -> None:
    cast.client("adam").get(f"/admin/patients/patient/{cast.ana.pk}/change/")
    record = _latest("admin_read")
    assert record.patient_id == str(cast.ana.pk)


def test_changing_a_patient_records_the_fields_not_the_values(cast: Cast) -> None:
    client = cast.client("adam")
    url = f"/admin/patients/patient/{cast.ana.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "proxies"}
    data.update(
        {
            "date_of_birth": "1970-01-01",
            "phone": "+34 999",
            "languages": "[]",
            "contacts": "[]",
            "proxies": [u.pk for u in cast.ana.proxies.all()],
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    record = _latest("admin_change")
    assert record.patient_id == str(cast.ana.pk)
    assert "phone" in record.detail["fields"]
    assert "+34 999" not in str(record.detail)  # a person's data stays out of the trail


def test_changing_reference_data_records_old_and_new_values(cast: Cast) -> None:
    hospital = cast.hospital_a
    client = cast.client("adam")
    url = f"/admin/catalog/hospital/{hospital.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["city"] = "Hangzhou"
    data.update({"languages": "[]", "accreditations": "[]", "services": "[]"})
    for key, value in list(data.items()):
        if isinstance(value, list | dict):
            import json

            data[key] = json.dumps(value)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Hospital.objects.get(pk=hospital.pk).city == "Hangzhou"
    record = _latest("admin_change")
    assert record.detail["values"]["city"] == ["Shanghai", "Hangzhou"]


def test_deleting_in_bulk_records_each_object(cast: Cast) -> None:
    from cartnav.accounts.models import ApiToken

    token, _raw = ApiToken.issue(cast.users["ana"], "old", verified=False)
    cast.client("adam").post(
        "/admin/accounts/apitoken/",
        {"action": "delete_selected", "_selected_action": [token.pk], "post": "yes"},
    )
    assert not ApiToken.objects.exists()
    record = _latest("admin_delete")
    assert record.object_id == str(token.pk)
