"""The bedside grading form, described once per kind and turned into the grading-io payload.

Each field names its path in the JSON contract. An empty field is left out of the payload, so the
core reports it as missing; yes/no questions have an explicit "not assessed" choice, because an
unticked box would silently mean "no".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from cartnav.eligibility import vocab


@dataclass(frozen=True)
class Spec:
    path: str  # dotted path in the payload, e.g. "current.uric_acid"
    label: Any
    kind: str  # "quantity" | "int" | "number" | "bool" | "choice"
    units: tuple[str, ...] = ()
    choices: tuple[tuple[str, Any], ...] = ()
    group: Any = ""

    @property
    def name(self) -> str:
        return self.path.replace(".", "__")


_CONSCIOUSNESS = (
    ("alert", _("alert (not depressed)")),
    ("awakens_spontaneously", _("awakens spontaneously")),
    ("awakens_to_voice", _("awakens to voice")),
    ("awakens_to_tactile_stimulus", _("awakens only to tactile stimulus")),
    ("unarousable_or_requires_vigorous_stimuli", _("unarousable or needs vigorous stimuli")),
    ("stupor_or_coma", _("stupor or coma")),
)
_ICANS_SEIZURE = (
    ("none", _("none")),
    ("focal_or_generalized_resolving_rapidly", _("focal or generalised, resolving rapidly")),
    (
        "nonconvulsive_on_eeg_resolving_with_intervention",
        _("non-convulsive on EEG, resolving with intervention"),
    ),
    ("life_threatening_prolonged", _("life-threatening, prolonged (> 5 min)")),
    ("repetitive_without_return_to_baseline", _("repetitive without return to baseline")),
)
_ICP = (
    ("none", _("none")),
    ("focal_edema_on_imaging", _("focal oedema on imaging")),
    ("diffuse_edema_on_imaging", _("diffuse oedema on imaging")),
    ("decerebrate_or_decorticate_posturing", _("decerebrate or decorticate posturing")),
    ("cranial_nerve_vi_palsy", _("cranial nerve VI palsy")),
    ("papilledema", _("papilloedema")),
    ("cushings_triad", _("Cushing's triad")),
)
_OXYGEN = (
    ("room_air", _("room air")),
    ("blow_by", _("blow-by")),
    ("low_flow_nasal_cannula", _("low-flow nasal cannula")),
    ("high_flow_nasal_cannula", _("high-flow nasal cannula")),
    ("facemask", _("facemask")),
    ("nonrebreather_mask", _("non-rebreather mask")),
    ("venturi_mask", _("Venturi mask")),
    ("cpap", _("CPAP")),
    ("bipap", _("BiPAP")),
    ("mechanical_ventilation", _("mechanical ventilation")),
)
_ARRHYTHMIA = (
    ("none", _("none")),
    ("intervention_not_indicated", _("intervention not indicated")),
    ("nonurgent_intervention_indicated", _("non-urgent intervention indicated")),
    (
        "symptomatic_incompletely_controlled_or_device",
        _("symptomatic, incompletely controlled or device"),
    ),
    ("life_threatening", _("life-threatening")),
)
_TLS_SEIZURE = (
    ("none", _("none")),
    ("single_brief_generalized_or_well_controlled", _("one brief generalised, or well controlled")),
    (
        "altered_consciousness_or_poorly_controlled",
        _("with altered consciousness, or poorly controlled"),
    ),
    ("prolonged_repetitive_or_refractory", _("prolonged, repetitive or refractory")),
)
_RULE = (("cairo_bishop_2004", "Cairo-Bishop 2004"), ("howard_2011", "Howard 2011"))
#: The screening vocabulary's diseases, as the screening form offers them (CAR-HEMATOTOX warns
#: outside large B-cell lymphoma).
_DISEASES = tuple((d.key, d.name) for d in vocab.DISEASES if not vocab.is_other(d.key))
_HOWARD = _("Howard 2011 only")

_LAB = ("mg/dL", "umol/L")
_ELECTROLYTE = ("mg/dL", "mmol/L")
_COUNT = ("10*9/L", "10*3/uL", "/uL")


def _tls_labs(prefix: str, group: Any, creatinine: bool) -> list[Spec]:
    specs = [
        Spec(f"{prefix}.uric_acid", _("uric acid"), "quantity", _LAB, group=group),
        Spec(f"{prefix}.potassium", _("potassium"), "quantity", ("mmol/L", "meq/L"), group=group),
        Spec(f"{prefix}.phosphate", _("phosphate"), "quantity", _ELECTROLYTE, group=group),
        Spec(f"{prefix}.calcium", _("calcium"), "quantity", _ELECTROLYTE, group=group),
    ]
    if creatinine:
        specs.append(Spec(f"{prefix}.creatinine", _("creatinine"), "quantity", _LAB, group=group))
    return specs


FORMS: dict[str, list[Spec]] = {
    "crs": [
        Spec("temperature", _("highest temperature"), "quantity", ("Cel", "[degF]")),
        Spec(
            "fever_masked", _("antipyretic or anti-cytokine therapy given after CRS began"), "bool"
        ),
        Spec("hypotension", _("hypotension"), "bool"),
        Spec("vasopressors", _("vasopressors running (not counting vasopressin)"), "int"),
        Spec("vasopressin", _("vasopressin running"), "bool"),
        Spec("oxygen_device", _("oxygen"), "choice", choices=_OXYGEN),
        Spec("oxygen_flow", _("oxygen flow"), "quantity", ("L/min",)),
        Spec("death_from_crs", _("death due to CRS"), "bool"),
    ],
    "icans": [
        Spec("age_years", _("age (years)"), "number"),
        Spec(
            "ice.orientation",
            _("ICE: orientation (0–4)"),
            "int",
            group=_("ICE (12 years and over)"),
        ),
        Spec("ice.naming", _("ICE: naming (0–3)"), "int", group=_("ICE (12 years and over)")),
        Spec(
            "ice.commands",
            _("ICE: follows commands (0–1)"),
            "int",
            group=_("ICE (12 years and over)"),
        ),
        Spec("ice.writing", _("ICE: writing (0–1)"), "int", group=_("ICE (12 years and over)")),
        Spec("ice.attention", _("ICE: attention (0–1)"), "int", group=_("ICE (12 years and over)")),
        Spec("capd.total", _("CAPD total (0–32)"), "int", group=_("CAPD (under 12)")),
        Spec("consciousness", _("level of consciousness"), "choice", choices=_CONSCIOUSNESS),
        Spec("seizure", _("seizure"), "choice", choices=_ICANS_SEIZURE),
        Spec("motor_weakness", _("deep focal motor weakness"), "bool"),
        Spec("raised_icp", _("raised ICP / cerebral oedema"), "choice", choices=_ICP),
        Spec(
            "intracranial_hemorrhage",
            _("intracranial haemorrhage (oedema then does not count)"),
            "bool",
        ),
        Spec("death_from_icans", _("death due to ICANS"), "bool"),
    ],
    "tls": [
        Spec("age_years", _("age (years)"), "number"),
        Spec("day_relative_to_therapy", _("day of these labs, from start of therapy"), "int"),
        *_tls_labs("baseline", _("baseline"), creatinine=False),
        *_tls_labs("current", _("current"), creatinine=True),
        Spec("creatinine_uln", _("creatinine upper limit of normal"), "quantity", _LAB),
        Spec("arrhythmia", _("cardiac arrhythmia"), "choice", choices=_ARRHYTHMIA),
        Spec("seizure", _("seizure"), "choice", choices=_TLS_SEIZURE),
        Spec("rule", _("rule"), "choice", choices=_RULE),
        Spec("death_from_tls", _("death due to TLS"), "bool"),
        Spec("baseline.creatinine", _("baseline creatinine"), "quantity", _LAB, group=_HOWARD),
        Spec(
            "current.ionized_calcium",
            _("ionised calcium"),
            "quantity",
            ("mmol/L", "mg/dL"),
            group=_HOWARD,
        ),
        Spec(
            "uric_acid_uln",
            _("uric acid upper limit of normal for age (children)"),
            "quantity",
            _LAB,
            group=_HOWARD,
        ),
        Spec("oliguria", _("oliguria (< 0.5 mL/kg/h for 6 h)"), "bool", group=_HOWARD),
        Spec(
            "symptomatic_hypocalcemia",
            _("symptoms caused by hypocalcaemia"),
            "bool",
            group=_HOWARD,
        ),
    ],
    "hematotox": [
        Spec("anc", _("ANC"), "quantity", _COUNT),
        Spec("hemoglobin", _("haemoglobin"), "quantity", ("g/dL", "g/L")),
        Spec("platelets", _("platelets"), "quantity", _COUNT),
        Spec("crp", _("CRP"), "quantity", ("mg/dL", "mg/L")),
        Spec("ferritin", _("ferritin"), "quantity", ("ng/mL", "ug/L")),
        Spec(
            "disease", _("disease (the score was validated in LBCL)"), "choice", choices=_DISEASES
        ),
    ],
    "easix": [
        Spec("ldh", _("LDH"), "quantity", ("U/L",)),
        Spec("creatinine", _("creatinine"), "quantity", _LAB),
        Spec("platelets", _("platelets"), "quantity", _COUNT),
        Spec("crp", _("CRP (for m-EASIX)"), "quantity", ("mg/dL", "mg/L")),
    ],
}

#: Inputs the page asks beside the grading-io payload, for the guidance only: the grade never
#: depends on them (the tocilizumab dose is weight-based; ``guidance.tocilizumab_dose``).
GUIDANCE_INPUTS: dict[str, list[Spec]] = {
    "crs": [Spec("weight_kg", _("body weight in kg (for the tocilizumab dose)"), "number")],
}

TITLES = {
    "crs": _("Cytokine release syndrome (ASTCT 2019)"),
    "icans": _("ICANS (ASTCT 2019)"),
    "tls": _("Tumour lysis syndrome (Cairo-Bishop 2004)"),
    "hematotox": _("CAR-HEMATOTOX (Rejeski 2021)"),
    "easix": _("EASIX and m-EASIX"),
}


class FormError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _number(spec: Spec, raw: str, integer: bool) -> float | int:
    try:
        return int(raw) if integer else float(raw)
    except ValueError as exc:
        raise FormError(spec.path, f"{spec.path}: “{raw}” is not a number.") from exc


def _put(payload: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    node = payload
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value


def guidance_inputs(kind: str, data: Any) -> dict[str, float]:
    """The guidance inputs given (``GUIDANCE_INPUTS``), as numbers; blank ones left out."""
    out: dict[str, float] = {}
    for spec in GUIDANCE_INPUTS.get(kind, []):
        raw = (data.get(spec.name) or "").strip()
        if raw:
            out[spec.path] = float(_number(spec, raw, integer=False))
    return out


def payload_from(kind: str, data: Any) -> dict[str, Any]:
    """Build the grading-io payload from submitted form data, leaving out what is blank."""
    payload: dict[str, Any] = {}
    for spec in FORMS[kind]:
        raw = (data.get(spec.name) or "").strip()
        if raw == "":
            continue
        if spec.kind == "quantity":
            unit = data.get(f"{spec.name}__unit") or spec.units[0]
            value = {"value": _number(spec, raw, integer=False), "unit": unit}
        elif spec.kind in ("int", "number"):
            value = _number(spec, raw, integer=spec.kind == "int")
        elif spec.kind == "bool":
            value = raw == "yes"
        else:
            value = raw
        _put(payload, spec.path, value)
    return payload
