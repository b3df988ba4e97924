"""The audit trail against someone who can write to the database but holds neither the audit key
nor the checkpoint sink: editing a record and recomputing every digest after it, cutting off
the tail and setting the head back, or rewriting checkpoints — each is detected."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cartnav.audit import checkpoints
from cartnav.audit import services as audit
from cartnav.audit.models import AuditHead, AuditRecord
from tests.cast import Cast


@pytest.fixture
def trail(cast: Cast, django_capture_on_commit_callbacks: Any) -> Cast:
    """Some reads, with their checkpoints written as they would be after each commit."""
    client = cast.client("cora")
    with django_capture_on_commit_callbacks(execute=True):
        for case in (cast.ana_case, cast.ben_case, cast.ana_case):
            assert client.get(f"/cases/{case.pk}/").status_code == 200
    return cast


def _rechain_from(seq: int, digest_of: Any) -> None:
    """What the attacker does: edit record ``seq``, then recompute every digest after it (with
    whatever they can compute) and set the head to the new end."""
    prev = AuditRecord.objects.get(seq=seq - 1).digest
    for rec in AuditRecord.objects.filter(seq__gte=seq).order_by("seq"):
        if rec.seq == seq:
            rec.username = "somebody-else"
        rec.prev_digest = prev
        digest_of(rec)
        rec.save()
        prev = rec.digest
    AuditHead.objects.filter(id=1).update(digest=prev)


def test_the_untouched_trail_and_its_checkpoints_verify(trail: Cast) -> None:
    result = audit.verify()
    assert result.ok, result.problems
    assert result.checkpoints > 0 and result.warnings == []


def test_editing_and_rechaining_with_plain_hashes_is_detected(trail: Cast) -> None:
    """The attack that used to pass: plain SHA-256 from the edited record to the end."""
    seq = AuditRecord.objects.order_by("seq")[3].seq

    def plain(rec: AuditRecord) -> None:
        rec.key_id = ""
        rec.digest = rec.compute_digest()

    _rechain_from(seq, plain)
    problems = audit.verify().problems
    assert f"record {seq} has no key after keyed records: the chain was re-hashed" in problems


def test_editing_and_rechaining_with_a_guessed_key_is_detected(trail: Cast) -> None:
    seq = AuditRecord.objects.order_by("seq")[3].seq

    def guessed(rec: AuditRecord) -> None:
        rec.digest = rec.compute_digest(b"k1")

    _rechain_from(seq, guessed)
    problems = audit.verify().problems
    assert f"record {seq} was changed after it was written" in problems
    assert any("differs from its checkpoint" in p for p in problems)


def test_cutting_off_the_tail_and_setting_the_head_back_is_detected(trail: Cast) -> None:
    records = list(AuditRecord.objects.order_by("seq"))
    keep = records[-3]
    AuditRecord.objects.filter(seq__gt=keep.seq).delete()
    AuditHead.objects.filter(id=1).update(seq=keep.seq, digest=keep.digest)
    problems = audit.verify().problems
    assert any(
        f"but the chain ends at record {keep.seq}: records at the end were deleted" in p
        for p in problems
    ), problems


def test_an_altered_checkpoint_is_detected(trail: Cast, settings: Any) -> None:
    path = Path(settings.AUDIT_CHECKPOINTS)
    lines = path.read_text().splitlines()
    forged = json.loads(lines[0])
    forged["seq"] = 1
    path.write_text("\n".join([json.dumps(forged), *lines[1:]]) + "\n")
    assert "checkpoint line 1 was altered: its signature does not match" in audit.verify().problems


def test_a_record_signed_with_a_key_no_longer_configured_is_reported(
    trail: Cast, settings: Any
) -> None:
    settings.AUDIT_KEYS = "k2:" + "n" * 40
    problems = audit.verify().problems
    assert any("signed with key 'k1', which is not configured" in p for p in problems)


def test_keys_rotate_old_records_still_verify(
    trail: Cast, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    old = settings.AUDIT_KEYS
    settings.AUDIT_KEYS = "k2:" + "n" * 40 + "," + old
    with django_capture_on_commit_callbacks(execute=True):
        trail.client("cora").get(f"/cases/{trail.ana_case.pk}/")
    assert AuditRecord.objects.order_by("-seq").first().key_id == "k2"
    result = audit.verify()
    assert result.ok, result.problems


def test_without_checkpoints_verify_warns_that_a_cut_cannot_be_seen(
    cast: Cast, settings: Any
) -> None:
    cast.client("cora").get(f"/cases/{cast.ana_case.pk}/")
    assert not Path(settings.AUDIT_CHECKPOINTS).exists()
    result = audit.verify()
    assert result.ok and "a cut-off tail cannot be detected" in result.warnings[0]


def test_a_checkpoint_line_is_one_signed_json_object(trail: Cast, settings: Any) -> None:
    line = json.loads(Path(settings.AUDIT_CHECKPOINTS).read_text().splitlines()[-1])
    assert set(line) == {"seq", "digest", "at", "key_id", "mac"}
    head = AuditHead.objects.get(id=1)
    assert (line["seq"], line["digest"]) == (head.seq, head.digest)
    assert checkpoints.read().problems == []


def test_a_rotated_checkpoint_file_is_started_afresh(
    trail: Cast, settings: Any, tmp_path: Path
) -> None:
    """Moving the sink away (log rotation) makes the next checkpoint open a new file."""
    sink = Path(settings.AUDIT_CHECKPOINTS)
    archived = tmp_path / "archived.log"
    sink.rename(archived)
    checkpoints.write(1, "0" * 64, "2026-12-01T00:00:00")
    assert sink.exists() and len(sink.read_text().splitlines()) == 1
    assert archived.read_text().count("\n") > 0
