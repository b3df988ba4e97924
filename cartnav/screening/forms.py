"""The screening-profile form on the case page: every profile fact, blank meaning unknown.

Yes/no facts are three-way (unknown / yes / no) because an unticked box must not mean "no".
Prior lines are one per line: ``regimen | drug classes (comma-separated) | start | end | best response
| drugs (comma-separated)``; a known regimen (R-CHOP, VRd …) needs neither classes nor drugs.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cartnav.eligibility import vocab
from cartnav.eligibility.profile import DRUG_CLASSES, RESPONSES, ProfileError
from cartnav.eligibility.units import CANONICAL

FLAGS = [
    ("refractory", _("refractory disease")),
    ("relapsed", _("relapsed disease")),
    ("prior_car_t", _("CAR-T therapy received before")),
    ("cns_involvement", _("CNS involvement")),
    ("active_infection", _("active infection")),
    ("hiv", _("HIV infection")),
    ("hbv", _("active hepatitis B")),
    ("hbsag", _("HBsAg positive")),
    ("anti_hbc", _("anti-HBc positive")),
    ("hbv_dna_detectable", _("HBV DNA detectable")),
    ("hbv_antiviral", _("on antiviral therapy for hepatitis B")),
    ("hcv", _("active hepatitis C")),
    ("hcv_rna_detectable", _("HCV RNA detectable")),
    ("pregnant", _("pregnant or breast-feeding")),
    ("gvhd_active", _("active graft-versus-host disease")),
    (
        "heart_disease",
        _(
            "significant heart disease (NYHA III–IV, infarction or unstable angina in 12 months, "
            "uncontrolled arrhythmia)"
        ),
    ),
    (
        "neurological_disorder",
        _("a neurological disorder apart from the cancer (seizures, stroke, dementia)"),
    ),
    ("autoimmune_active", _("autoimmune disease treated systemically in the last 2 years")),
]
NUMBERS = [
    ("age_years", _("age (years)")),
    ("ecog", _("ECOG performance status (0–5)")),
    ("karnofsky", _("Karnofsky performance status (0–100)")),
    ("life_expectancy_months", _("life expectancy (months)")),
    ("relapse_count", _("number of relapses")),
]
TEXTS = [
    ("date_of_birth", _("date of birth (YYYY-MM-DD)")),
    ("icd10", _("ICD-10 code")),
    ("icdo3", _("ICD-O-3 morphology")),
    ("subtype", _("subtype")),
    ("stage", pgettext_lazy("disease stage", "stage")),
    ("transplant_date", _("date of last stem-cell transplant")),
    ("last_progression_date", _("date of the last relapse or progression (YYYY-MM-DD)")),
]
#: Facts with a few named values: (field, label, [(value, label)]).
SELECTS = [
    (
        "cns_disease",
        _("CNS disease"),
        [
            ("none", _("no CNS disease")),
            ("primary", _("primary CNS lymphoma")),
            ("secondary", _("secondary CNS involvement")),
        ],
    ),
    (
        "other_malignancy",
        _("another cancer (skin cancer other than melanoma and in-situ carcinoma aside)"),
        [
            ("none", pgettext_lazy("another cancer", "none")),
            ("past", _("past, treated and in remission")),
            ("active", _("active or under treatment")),
        ],
    ),
    (
        "cns_status",
        _("CNS status (acute leukaemia)"),
        [(v, v) for v in ("CNS-1", "CNS-2", "CNS-3")],
    ),
]
ANTIGENS = ["CD19", "CD20", "CD22", "BCMA", "GPRC5D", "CD7", "CLDN18.2", "GPC3", "GD2"]
LAB_LABELS = {
    "creatinine": _("creatinine"),
    "creatinine_clearance": _("creatinine clearance"),
    "bilirubin": _("total bilirubin"),
    "alt": _("ALT"),
    "ast": _("AST"),
    "lvef": _("LVEF"),
    "spo2": _("SpO2"),
    "anc": _("ANC"),
    "platelets": _("platelets"),
    "hemoglobin": _("haemoglobin"),
}


def choices() -> dict[str, Any]:
    return {
        "diseases": [(d.key, d.name) for d in vocab.DISEASES if not vocab.is_other(d.key)],
        "flags": FLAGS,
        "selects": SELECTS,
        "numbers": NUMBERS,
        "texts": TEXTS,
        "antigens": ANTIGENS,
        "labs": [(k, LAB_LABELS[k], CANONICAL[k][1]) for k in CANONICAL],
        "drug_classes": DRUG_CLASSES,
        "responses": RESPONSES,
    }


def _tri(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _num(field: str, raw: str) -> float | int | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        number = float(raw)
    except ValueError as exc:
        raise ProfileError(field, f"{raw!r} is not a number") from exc
    return int(number) if number.is_integer() and field in ("ecog", "karnofsky") else number


def _lines(raw: str) -> list[dict[str, Any]] | None:
    if not raw.strip():
        return None
    if raw.strip() == "0":
        return []
    lines = []
    for i, row in enumerate(r for r in raw.splitlines() if r.strip()):
        parts = [p.strip() for p in row.split("|")] + [""] * 6
        classes = [c.strip() for c in parts[1].split(",") if c.strip()]
        line: dict[str, Any] = {
            "regimen": parts[0] or f"line {i + 1}",
            "drug_classes": classes,
            "start": parts[2] or None,
            "end": parts[3] or None,
            "best_response": parts[4] or None,
        }
        drugs = [d.strip() for d in parts[5].split(",") if d.strip()]
        if drugs:
            line["drugs"] = drugs
        lines.append(line)
    return lines


def profile_from_post(post: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if post.get("disease"):
        data["disease"] = post["disease"]
    if post.get("sex"):
        data["sex"] = post["sex"]
    if post.get("transplant"):
        data["transplant"] = post["transplant"]
    for field, _label, _options in SELECTS:
        if post.get(field):
            data[field] = post[field]
    dna = _num("hbv_dna.value", post.get("hbv_dna", ""))
    if dna is not None:
        data["hbv_dna"] = {"value": dna, "unit": "IU/mL"}
    for field, _label in NUMBERS:
        value = _num(field, post.get(field, ""))
        if value is not None:
            data[field] = value
    for field, _label in TEXTS:
        if post.get(field, "").strip():
            data[field] = post[field].strip()
    for field, _label in FLAGS:
        value = _tri(post.get(field, ""))
        if value is not None:
            data[field] = value
    antigens = {a: _tri(post.get(f"antigen_{a}", "")) for a in ANTIGENS}
    if any(v is not None for v in antigens.values()):
        data["antigens"] = {a: v for a, v in antigens.items() if v is not None}
    lines = _lines(post.get("lines", ""))
    if lines is not None:
        data["lines"] = lines
    labs = {}
    for lab in CANONICAL:
        value = _num(f"labs.{lab}", post.get(f"lab_{lab}", ""))
        if value is not None:
            entry: dict[str, Any] = {
                "value": value,
                "unit": post.get(f"lab_{lab}_unit") or CANONICAL[lab][1][0],
            }
            uln = _num(f"labs.{lab}.uln", post.get(f"lab_{lab}_uln", ""))
            if uln is not None:
                entry["uln"] = uln
            if post.get(f"lab_{lab}_date"):
                entry["date"] = post[f"lab_{lab}_date"]
            labs[lab] = entry
    if labs:
        data["labs"] = labs
    meds = post.get("current_medications", "")
    if meds.strip():
        data["current_medications"] = (
            [] if meds.strip() == "0" else [m.strip() for m in meds.splitlines() if m.strip()]
        )
    reports = []
    for row in post.get("reports", "").splitlines():
        if row.strip():
            kind, date, conclusion = ([p.strip() for p in row.split("|", 2)] + ["", "", ""])[:3]
            reports.append(
                {"kind": kind or "other", "date": date or None, "conclusion": conclusion}
            )
    if reports:
        data["reports"] = reports
    for field in ("cities", "languages", "refractory_to"):
        items = [x.strip() for x in post.get(field, "").split(",") if x.strip()]
        if items:
            data[field] = items
    return data


def lines_text(data: dict[str, Any]) -> str:
    if data.get("lines") is None:
        return ""
    if not data["lines"]:
        return "0"
    return "\n".join(
        " | ".join(
            [
                x.get("regimen", ""),
                ",".join(x.get("drug_classes") or []),
                x.get("start") or "",
                x.get("end") or "",
                x.get("best_response") or "",
                ",".join(x.get("drugs") or []),
            ]
        ).rstrip(" |")
        for x in data["lines"]
    )


def medications_text(data: dict[str, Any]) -> str:
    meds = data.get("current_medications")
    if meds is None:
        return ""
    return "\n".join(meds) if meds else "0"


def reports_text(data: dict[str, Any]) -> str:
    return "\n".join(
        f"{r.get('kind', 'other')} | {r.get('date') or ''} | {r.get('conclusion', '')}"
        for r in data.get("reports") or []
    )
