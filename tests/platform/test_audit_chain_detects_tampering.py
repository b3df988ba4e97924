"""The audit trail is a hash chain: editing, deleting or cutting off records is detected."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from cartnav.audit import services as audit
from cartnav.audit.models import AuditRecord
from tests.cast import Cast


@pytest.fixture
def trail(cast: Cast) -> Cast:
    client = cast.client("cora")
    for case in (cast.ana_case, cast.ben_case):
        assert client.get(f"/cases/{case.pk}/").status_code == 200
    return cast


def test_an_untouched_trail_verifies(trail: Cast) -> None:
    result = audit.verify()
    assert result.ok, result.problems
    assert result.checked == AuditRecord.objects.count() > 5
    call_command("audit_verify")


def test_an_edited_record_is_detected(trail: Cast) -> None:
    victim = AuditRecord.objects.filter(action="read").order_by("seq").first()
    AuditRecord.objects.filter(pk=victim.pk).update(username="somebody-else")
    result = audit.verify()
    assert not result.ok
    assert f"record {victim.seq} was changed after it was written" in result.problems
    with pytest.raises(CommandError, match="Audit trail broken"):
        call_command("audit_verify")


def test_a_deleted_record_is_detected(trail: Cast) -> None:
    middle = AuditRecord.objects.order_by("seq")[2]
    AuditRecord.objects.filter(pk=middle.pk).delete()
    problems = audit.verify().problems
    assert f"records {middle.seq}–{middle.seq} are missing" in problems
    assert f"record {middle.seq + 1} does not chain onto record {middle.seq - 1}" in problems


def test_a_cut_off_tail_is_detected(trail: Cast) -> None:
    last = AuditRecord.objects.order_by("-seq").first()
    AuditRecord.objects.filter(pk=last.pk).delete()
    problems = audit.verify().problems
    assert any("records at the end were deleted" in p for p in problems)


def test_a_rewritten_chain_without_the_head_is_detected(trail: Cast) -> None:
    """Re-hashing an edited record is not enough: its successor no longer chains onto it."""
    victim = AuditRecord.objects.order_by("seq")[1]
    victim.username = "forged"
    victim.digest = victim.compute_digest(b"a key the attacker guessed")
    victim.save()
    problems = audit.verify().problems
    assert f"record {victim.seq + 1} does not chain onto record {victim.seq}" in problems


def test_each_record_says_who_what_when_and_from_where(trail: Cast) -> None:
    rec = AuditRecord.objects.filter(action="read", object_type="Case").order_by("-seq").first()
    assert rec.username == "cora"
    assert rec.role == "coordinator"
    assert rec.object_id == str(trail.ben_case.pk)
    assert rec.patient_id == str(trail.ben.pk)
    assert rec.ip == "127.0.0.1"
    assert rec.path == f"/cases/{trail.ben_case.pk}/"
