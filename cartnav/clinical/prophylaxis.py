"""Infection prophylaxis after CAR-T: the four published policies side by side, and which of the
chosen policy's lines are due for a patient today (reference/ward-and-followup.md §13.4).

The sources differ on nearly every line (§16 item 7), so cartnav merges nothing: every line is
shown with its source, and the hospital picks one policy (``WardSettings.prophylaxis_policy``).
Until it does, every policy is shown and none is "due". A line is due, not due, or "check" —
the facts that decide it (HBV markers, the ICAHT risk, mucositis) are not in the ward record.

ANC boundaries (§13.4): "ANC < 500 … until recovery (ANC > 500)", so at exactly 0.5 × 10⁹/L a
line that starts below 0.5 is not started; cartnav shows it as not due at 0.5 and names the
boundary. Durations (months after infusion) are shown as the source prints them and never
shortened to the ward stay: they continue at home.
"""

from __future__ import annotations

from dataclasses import dataclass

from cartnav.clinical.text import Text, gettext_noop

BLOOD_23 = "Blood-23 (ashpublications.com/view-large/12523856; attribution unverified)"
ICAHT = "EHA/EBMT ICAHT, Table 3 (view-large/11837558)"
ASH_SAP = "ASH-SAP Table 4 (ash-sap.org/view-large/12050824)"
STANFORD = "Stanford (ashpublications.net/view-large/10070704)"

#: rule → what decides it: ``always`` (from lymphodepletion), ``day:N`` (from day N),
#: ``anc_below:X`` (while the ANC is below X (10⁹/L)), ``anc_below_after:X:N`` (below X after
#: day N), ``check`` (a fact the ward does not record decides it).
POLICIES: dict[str, tuple[str, tuple[tuple[str, Text, str], ...]]] = {
    "blood23": (
        BLOOD_23,
        (
            (
                "hsv_vzv",
                gettext_noop(
                    "aciclovir 800 mg twice daily or valaciclovir 500 mg twice daily from before "
                    "lymphodepletion, at least 6 months, or 6 months beyond the last HSV/VZV episode"
                ),
                "always",
            ),
            (
                "pjp",
                gettext_noop(
                    "TMP-SMX from day 30 for 6–12 months (alternatives: atovaquone, dapsone, "
                    "pentamidine)"
                ),
                "day:30",
            ),
            (
                "hbv",
                gettext_noop(
                    "entecavir 0.5 mg daily from before lymphodepletion for 12 months (tenofovir "
                    "acceptable) if HBsAg, anti-HBc or HBV DNA is positive"
                ),
                "check",
            ),
            (
                "antibacterial",
                gettext_noop("levofloxacin 500 mg daily while ANC < 500/µL, until ANC > 500"),
                "anc_below:0.5",
            ),
            (
                "antifungal",
                gettext_noop(
                    "fluconazole 200 mg daily while ANC < 500/µL until > 500; a mould-active azole "
                    "if prior transplant, steroids for more than 3 days, or neutropenia beyond "
                    "day 28"
                ),
                "anc_below:0.5",
            ),
            (
                "g_csf",
                gettext_noop("consider G-CSF if ANC < 500/µL beyond day 14"),
                "anc_below_after:0.5:14",
            ),
        ),
    ),
    "icaht": (
        ICAHT,
        (
            (
                "hsv_vzv",
                gettext_noop(
                    "antiviral prophylaxis for all patients from lymphodepletion until 1 year "
                    "and/or CD4 > 0.2 × 10⁹/L"
                ),
                "always",
            ),
            (
                "antibacterial",
                gettext_noop(
                    "antibacterial prophylaxis only at high ICAHT risk, once ANC < 500/µL"
                ),
                "check",
            ),
            (
                "g_csf",
                gettext_noop(
                    "prophylactic G-CSF on day +2 at high ICAHT risk; therapeutic G-CSF for "
                    "ANC < 500/µL"
                ),
                "anc_below:0.5",
            ),
        ),
    ),
    "ash_sap": (
        ASH_SAP,
        (
            (
                "hsv_vzv",
                gettext_noop("HSV/VZV prophylaxis for 12–18 months, at least until CD4 > 200/µL"),
                "always",
            ),
            (
                "pjp",
                gettext_noop("PJP prophylaxis for 12–18 months, at least until CD4 > 200/µL"),
                "always",
            ),
            (
                "hbv",
                gettext_noop("entecavir if prior HBV infection or exposure (duration not stated)"),
                "check",
            ),
            (
                "antibacterial",
                gettext_noop(
                    "consider antibacterial prophylaxis in prolonged severe neutropenia, "
                    "ANC < 0.5 × 10⁹/L"
                ),
                "anc_below:0.5",
            ),
            (
                "antifungal",
                gettext_noop(
                    "fluconazole or posaconazole in prolonged severe neutropenia or prolonged "
                    "steroids"
                ),
                "anc_below:0.5",
            ),
            (
                "g_csf",
                gettext_noop("consider G-CSF if ANC < 1.0 × 10⁹/L; strongly recommended < 0.5"),
                "anc_below:1.0",
            ),
        ),
    ),
    "stanford": (
        STANFORD,
        (
            (
                "hsv_vzv",
                gettext_noop(
                    "HSV/VZV prophylaxis for at least 18 months, or 6 months beyond the last episode"
                ),
                "always",
            ),
            (
                "pjp",
                gettext_noop(
                    "atovaquone from day 14; TMP-SMX if no grade ≥ 3 cytopenia after day 28; 18 "
                    "months or until CD4 > 200"
                ),
                "day:14",
            ),
            (
                "hbv",
                gettext_noop(
                    "entecavir from before lymphodepletion, at least 12 months or until CD4 > 200, "
                    "if HBV markers are positive"
                ),
                "check",
            ),
            (
                "antifungal",
                gettext_noop(
                    "fluconazole 400 mg from day 0 if grade ≥ 3 mucositis, until ANC > 1000"
                ),
                "check",
            ),
        ),
    ),
}
POLICY_KEYS = tuple(POLICIES)


@dataclass(frozen=True)
class Line:
    """One line of a policy today: ``status`` is ``due``, ``not_due`` or ``check``."""

    policy: str
    item: str
    text: Text
    source: str
    status: str
    why: Text


def lines(policy: str, *, day: int, anc: float | None) -> list[Line]:
    """The lines of ``policy`` for a patient on ``day`` after infusion with the latest ``anc``
    (× 10⁹/L, None if none recorded)."""
    source, rows = POLICIES[policy]
    out = []
    for item, text, rule in rows:
        status, why = _decide(rule, day, anc)
        out.append(Line(policy, item, text, source, status, why))
    return out


def _decide(rule: str, day: int, anc: float | None) -> tuple[str, Text]:
    kind, *args = rule.split(":")
    if kind == "always":
        return "due", gettext_noop("from lymphodepletion, for every patient")
    if kind == "day":
        start = int(args[0])
        if day >= start:
            return "due", gettext_noop("day +{day}: from day {start}", day=day, start=start)
        return "not_due", gettext_noop("day +{day}: starts on day {start}", day=day, start=start)
    if kind in ("anc_below", "anc_below_after"):
        limit = float(args[0])
        after = int(args[1]) if kind == "anc_below_after" else None
        if anc is None:
            return "check", gettext_noop("no ANC recorded")
        if after is not None and day <= after:
            return "not_due", gettext_noop(
                "day +{day}: only beyond day {after}", day=day, after=after
            )
        if anc < limit:
            return "due", gettext_noop("ANC {anc:g} below {limit:g} × 10⁹/L", anc=anc, limit=limit)
        return "not_due", gettext_noop(
            "ANC {anc:g} not below {limit:g} × 10⁹/L", anc=anc, limit=limit
        )
    return "check", gettext_noop("decided by facts the ward record does not hold")
