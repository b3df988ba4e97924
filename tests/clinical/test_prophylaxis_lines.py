"""Prophylaxis after CAR-T: each source's lines, due by its own rule, never merged."""

from __future__ import annotations

from cartnav.clinical import prophylaxis


def status(policy: str, item: str, *, day: int, anc: float | None) -> str:
    (line,) = [x for x in prophylaxis.lines(policy, day=day, anc=anc) if x.item == item]
    return line.status


def test_antivirals_are_due_from_lymphodepletion_in_every_policy() -> None:
    for policy in prophylaxis.POLICY_KEYS:
        assert status(policy, "hsv_vzv", day=0, anc=2.0) == "due"


def test_blood_23_pjp_starts_on_day_30_and_stanford_on_day_14() -> None:
    assert status("blood23", "pjp", day=29, anc=2.0) == "not_due"
    assert status("blood23", "pjp", day=30, anc=2.0) == "due"
    assert status("stanford", "pjp", day=14, anc=2.0) == "due"
    assert status("stanford", "pjp", day=13, anc=2.0) == "not_due"


def test_antibacterial_starts_below_500_and_not_at_500() -> None:
    assert status("blood23", "antibacterial", day=5, anc=0.49) == "due"
    assert status("blood23", "antibacterial", day=5, anc=0.5) == "not_due"
    assert status("blood23", "antibacterial", day=5, anc=None) == "check"


def test_blood_23_g_csf_only_beyond_day_14() -> None:
    assert status("blood23", "g_csf", day=14, anc=0.2) == "not_due"
    assert status("blood23", "g_csf", day=15, anc=0.2) == "due"
    assert status("ash_sap", "g_csf", day=3, anc=0.9) == "due"


def test_lines_a_ward_cannot_decide_say_check() -> None:
    assert status("blood23", "hbv", day=5, anc=0.2) == "check"
    assert status("icaht", "antibacterial", day=5, anc=0.2) == "check"


def test_every_line_names_its_source() -> None:
    for policy in prophylaxis.POLICY_KEYS:
        for line in prophylaxis.lines(policy, day=10, anc=1.0):
            assert line.source.startswith(("Blood-23", "EHA/EBMT", "ASH-SAP", "Stanford"))
