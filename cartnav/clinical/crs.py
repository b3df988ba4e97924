"""Cytokine release syndrome: ASTCT consensus grading (reference/clinical.md §1).

Source: Lee DW et al. ASTCT Consensus Grading for Cytokine Release Syndrome and Neurologic
Toxicity Associated with Immune Effector Cells. Biol Blood Marrow Transplant 2019;25:625–638,
Table 3 (CRS consensus grading) and its footnotes.
"""

from __future__ import annotations

from typing import Any

from cartnav.clinical.decide import choice, flag, resolve, whole
from cartnav.clinical.result import Basis, GradeResult
from cartnav.clinical.text import Text, gettext_noop
from cartnav.clinical.units import canonical_quantity, check_range

SOURCE = "ASTCT 2019 (Lee et al.), Table 3"
FOOTNOTE = "ASTCT 2019 (Lee et al.), Table 3 footnotes"
CHOICE = gettext_noop("cartnav's choice (docs/grading.md)")

FEVER_CELSIUS = 38.0
LOW_FLOW_MAX_L_MIN = 6.0

# Oxygen device -> the hypoxia grade it means on its own. A nasal cannula of either kind is graded
# by its flow instead (:data:`CANNULAS`, :func:`hypoxia_grade`); its entry is the grade the device
# name alone suggests.
DEVICE_GRADE: dict[str, int] = {
    "room_air": 0,
    "blow_by": 2,
    "low_flow_nasal_cannula": 2,
    "high_flow_nasal_cannula": 3,
    "facemask": 3,
    "nonrebreather_mask": 3,
    "venturi_mask": 3,
    "cpap": 4,
    "bipap": 4,
    "mechanical_ventilation": 4,
}
DEVICES = tuple(DEVICE_GRADE)
#: The devices graded by their flow: ≤ 6 L/min low flow (2), > 6 L/min high flow (3).
CANNULAS = ("low_flow_nasal_cannula", "high_flow_nasal_cannula")
DEVICE_TEXT: dict[str, Text] = {
    "blow_by": gettext_noop("hypoxia requiring blow-by oxygen"),
    "low_flow_nasal_cannula": gettext_noop("hypoxia requiring low-flow nasal cannula (≤ 6 L/min)"),
    "high_flow_nasal_cannula": gettext_noop(
        "hypoxia requiring high-flow nasal cannula (> 6 L/min)"
    ),
    "facemask": gettext_noop("hypoxia requiring a facemask"),
    "nonrebreather_mask": gettext_noop("hypoxia requiring a non-rebreather mask"),
    "venturi_mask": gettext_noop("hypoxia requiring a Venturi mask"),
    "cpap": gettext_noop("hypoxia requiring positive pressure (CPAP)"),
    "bipap": gettext_noop("hypoxia requiring positive pressure (BiPAP)"),
    "mechanical_ventilation": gettext_noop(
        "hypoxia requiring positive pressure (mechanical ventilation)"
    ),
}

# One representative per distinct behaviour, for deciding with missing inputs.
DOMAINS: dict[str, tuple[Any, ...]] = {
    "temperature": (37.0, FEVER_CELSIUS),
    "fever_masked": (False, True),
    "hypotension": (False, True),
    "vasopressors": (0, 1, 2),
    "vasopressin": (False, True),
    "oxygen_device": (
        "room_air",
        "blow_by",
        "facemask",
        "cpap",
        "low_flow_nasal_cannula",  # stands for both cannulas: graded by flow alike
    ),
    "oxygen_flow": (LOW_FLOW_MAX_L_MIN, 7.0),
}
_FEVER_FIELDS = ("temperature", "fever_masked")
_HYPOTENSION_FIELDS = ("hypotension", "vasopressors", "vasopressin")
_OXYGEN_FIELDS = ("oxygen_device", "oxygen_flow")


def fever_required_and_absent(temperature: float, fever_masked: bool) -> bool:
    """True when there is no CRS: no fever ≥ 38.0 °C, and fever is not masked by therapy."""
    return temperature < FEVER_CELSIUS and not fever_masked


def hypotension_grade(hypotension: bool, vasopressors: int, vasopressin: bool) -> int:
    """Hypotension column: none 0; not requiring vasopressors 2; one vasopressor, with or
    without vasopressin, 3; multiple vasopressors (excluding vasopressin) 4.

    ``hypotension`` is hypotension attributable to CRS; without it the column is "none" and any
    vasopressor recorded is not counted (it treats something else). Vasopressin never counts
    toward "multiple vasopressors" (ASTCT footnote), but vasopressin alone is one vasopressor.
    """
    if not hypotension:
        return 0
    if vasopressors >= 2:
        return 4
    return 3 if vasopressors == 1 or vasopressin else 2


def hypoxia_grade(oxygen_device: str, oxygen_flow: float) -> int:
    """Hypoxia column by device; a nasal cannula of either kind by its flow.

    The footnote defines the columns by flow, not by device: low flow is ≤ 6 L/min, high flow
    > 6 L/min. cartnav's choices (clinical.md §1): a "low-flow" cannula at 7 L/min is graded 3;
    a high-flow cannula at ≤ 6 L/min (common in small children) is graded 2, with a warning; so
    exactly 6 L/min is 2 on either cannula. Other devices are graded by the device alone.
    """
    if oxygen_device in CANNULAS:
        return 3 if oxygen_flow > LOW_FLOW_MAX_L_MIN else 2
    return DEVICE_GRADE[oxygen_device]


def crs_grade(v: dict[str, Any]) -> int:
    """The ASTCT CRS grade of complete inputs (``v`` keyed as the contract, canonical units).

    Death due to CRS is grade 5. Without fever (and fever not masked) there is no CRS. Otherwise
    the grade is the more severe of hypotension and hypoxia, at least 1. With fever masked and
    neither hypotension nor hypoxia, cartnav grades 1: CRS was already present and its fever
    cannot show. The source is silent on this case; it is cartnav's choice (clinical.md §1),
    chosen over 0 so that a patient whose CRS is being treated is not shown as free of it, and
    the result warns that the CRS may instead have resolved.
    """
    if v.get("death_from_crs"):
        return 5
    if fever_required_and_absent(v["temperature"], v["fever_masked"]):
        return 0
    hypo = hypotension_grade(v["hypotension"], v["vasopressors"], v["vasopressin"])
    oxy = hypoxia_grade(v["oxygen_device"], v["oxygen_flow"])
    return max(1, hypo, oxy)


def _component(fields: tuple[str, ...], known: dict[str, Any], fn: Any) -> int | None:
    """A component's grade if the known inputs decide it, else ``None``."""
    grade, _ = resolve(
        lambda v: fn(*(v[f] for f in fields)),
        {f: known[f] for f in fields},
        {f: DOMAINS[f] for f in fields},
    )
    return grade


def _fever_basis(known: dict[str, Any]) -> list[Basis]:
    temperature, masked = known["temperature"], known["fever_masked"]
    out: list[Basis] = []
    if temperature is not None:
        if temperature >= FEVER_CELSIUS:
            text = gettext_noop("temperature {t:g} °C ≥ 38.0 °C: fever", t=temperature)
        else:
            text = gettext_noop("temperature {t:g} °C < 38.0 °C: no fever", t=temperature)
        out.append(Basis(text, SOURCE))
    if masked:
        out.append(
            Basis(
                gettext_noop(
                    "fever masked by antipyretic or anti-cytokine therapy after CRS began: "
                    "fever not required, grade driven by hypotension and/or hypoxia"
                ),
                FOOTNOTE,
            )
        )
    elif temperature is not None and masked is False and temperature < FEVER_CELSIUS:
        out.append(Basis(gettext_noop("no fever and fever not masked: no CRS (grade 0)"), SOURCE))
    return out


def _hypotension_text(grade: int, known: dict[str, Any]) -> Text:
    if grade == 4:
        return gettext_noop(
            "hypotension requiring multiple vasopressors (excluding vasopressin): grade 4"
        )
    if grade == 3 and known["vasopressors"] == 0:
        return gettext_noop("hypotension requiring vasopressin alone: grade 3")
    if grade == 3:
        return gettext_noop(
            "hypotension requiring one vasopressor, with or without vasopressin (vasopressin "
            "does not count toward multiple vasopressors): grade 3"
        )
    if grade == 2:
        return gettext_noop("hypotension not requiring vasopressors: grade 2")
    return gettext_noop("no hypotension")


def _hypoxia_text(grade: int, known: dict[str, Any]) -> Basis:
    device, flow = known["oxygen_device"], known["oxygen_flow"]
    if device == "high_flow_nasal_cannula" and grade == 2:
        return Basis(
            gettext_noop(
                "high-flow nasal cannula at {flow:g} L/min ≤ 6 L/min: graded as low flow, "
                "grade 2 (cartnav's choice; the footnote defines the columns by flow)",
                flow=flow,
            ),
            CHOICE,
        )
    if device == "low_flow_nasal_cannula" and grade == 3:
        return Basis(
            gettext_noop(
                "low-flow nasal cannula at {flow:g} L/min > 6 L/min: treated as high flow, "
                "grade 3 (cartnav's choice; the footnote defines high flow as > 6 L/min)",
                flow=flow,
            ),
            CHOICE,
        )
    if device in (None, "room_air"):
        return Basis(gettext_noop("no hypoxia (room air)"), SOURCE)
    return Basis(
        gettext_noop("{finding}: grade {grade}", finding=DEVICE_TEXT[device], grade=grade), SOURCE
    )


def _conclusion(known: dict[str, Any], grade: int, hypo: int | None, oxy: int | None) -> Basis:
    """Why the grade is what it is, once the fever question is settled."""
    if _masked_grade_one(known, grade):
        return Basis(
            gettext_noop(
                "fever masked with neither hypotension nor hypoxia: grade 1 (CRS was "
                "already present and its fever cannot show)"
            ),
            CHOICE,
        )
    if grade == 1:
        return Basis(gettext_noop("fever without hypotension or hypoxia: grade 1"), SOURCE)
    if hypo is not None and oxy is not None:
        return Basis(
            gettext_noop("grade {grade}: the more severe of hypotension and hypoxia", grade=grade),
            SOURCE,
        )
    return Basis(
        gettext_noop(
            "grade {grade}: the more severe of hypotension and hypoxia; the missing inputs "
            "cannot change it",
            grade=grade,
        ),
        SOURCE,
    )


def _basis(known: dict[str, Any], grade: int | None) -> list[Basis]:
    """The findings the present inputs establish, each with its source."""
    if known["death_from_crs"]:
        return [Basis(gettext_noop("death due to CRS, no other principal cause: grade 5"), SOURCE)]
    out = _fever_basis(known)
    hypo = _component(_HYPOTENSION_FIELDS, known, hypotension_grade)
    oxy = _component(_OXYGEN_FIELDS, known, hypoxia_grade)
    if hypo is not None:
        out.append(Basis(_hypotension_text(hypo, known), SOURCE))
    if oxy is not None:
        out.append(_hypoxia_text(oxy, known))
    if grade is not None and grade > 0:
        out.append(_conclusion(known, grade, hypo, oxy))
    if known["death_from_crs"] is None:
        out.append(
            Basis(gettext_noop("death due to CRS not recorded: graded as a living patient"), CHOICE)
        )
    return out


def _masked_grade_one(known: dict[str, Any], grade: int | None) -> bool:
    """Grade 1 only because fever is masked (no fever shown, neither hypotension nor hypoxia)."""
    febrile = known["temperature"] is not None and known["temperature"] >= FEVER_CELSIUS
    return grade == 1 and bool(known["fever_masked"]) and not febrile


def _warnings(known: dict[str, Any], grade: int | None) -> list[str]:
    out: list[str] = []
    if known["fever_masked"]:
        out.append(gettext_noop("fever masked by tocilizumab/steroids: fever not required"))
    if _masked_grade_one(known, grade):
        out.append(
            gettext_noop(
                "graded 1 because fever is masked and there is neither hypotension nor hypoxia "
                "(cartnav's choice): the CRS may instead have resolved; reassess"
            )
        )
    pressors = (known["vasopressors"] or 0) > 0 or known["vasopressin"]
    if pressors and known["hypotension"] is False:
        out.append(
            gettext_noop(
                "a vasopressor is recorded although hypotension is false: not counted (the "
                "hypotension column needs hypotension attributable to CRS); check the inputs"
            )
        )
    flow = known["oxygen_flow"]
    if known["oxygen_device"] == "room_air" and (flow or 0) > 0:
        out.append(gettext_noop("an oxygen flow is given with room air: the flow is ignored"))
    if (
        known["oxygen_device"] == "high_flow_nasal_cannula"
        and flow is not None
        and flow <= LOW_FLOW_MAX_L_MIN
    ):
        out.append(
            gettext_noop(
                "high-flow nasal cannula at {flow:g} L/min: graded by its flow as low flow "
                "(grade 2, cartnav's choice); check the device and the flow",
                flow=flow,
            )
        )
    return out


def _validate(raw: dict[str, Any]) -> dict[str, Any]:
    v = dict(raw)
    if v["temperature"] is not None:
        check_range("temperature", "temperature", v["temperature"])
    if v["oxygen_flow"] is not None:
        check_range("oxygen_flow", "oxygen_flow", v["oxygen_flow"])
    v["vasopressors"] = whole(
        "vasopressors",
        v["vasopressors"],
        0,
        10,
        gettext_noop("no patient runs more than 10 vasopressors"),
    )
    for name in ("fever_masked", "hypotension", "vasopressin", "death_from_crs"):
        v[name] = flag(name, v[name])
    v["oxygen_device"] = choice("oxygen_device", v["oxygen_device"], DEVICES)
    return v


def _echo(v: dict[str, Any]) -> dict[str, Any]:
    """The normalised input: present fields only, quantities in canonical units."""
    out: dict[str, Any] = {}
    for name, value in v.items():
        if value is None:
            continue
        kind = name if name in ("temperature", "oxygen_flow") else None
        out[name] = canonical_quantity(kind, value) if kind else value
    return out


def grade_crs(
    *,
    temperature: float | None = None,
    fever_masked: bool | None = None,
    hypotension: bool | None = None,
    vasopressors: int | None = None,
    vasopressin: bool | None = None,
    oxygen_device: str | None = None,
    oxygen_flow: float | None = None,
    death_from_crs: bool | None = None,
) -> GradeResult:
    """Grade CRS by the ASTCT 2019 consensus (Lee et al., Table 3 and footnotes).

    Inputs use the grading-io names; ``temperature`` in °C (the highest of the period) and
    ``oxygen_flow`` in L/min; ``None`` means not known. Choices cartnav made (each appears in
    the basis when it applies):

    - a nasal cannula of either kind is graded by its flow: above 6 L/min high flow (3), at or
      below it low flow (2; a high-flow cannula at ≤ 6 L/min with a warning naming the device
      and the flow); without a flow, 2 versus 3 stays open and ``missing`` names the flow;
    - with fever masked by therapy and neither hypotension nor hypoxia, the grade is 1, with a
      warning that the CRS may instead have resolved;
    - ``hypotension`` (attributable to CRS) gates the column: when false, vasopressors are not
      asked for and, if recorded, not counted (with a warning);
    - ``death_from_crs`` absent is read as false: the assessment is of a living patient.
    """
    known = _validate(
        {
            "temperature": temperature,
            "fever_masked": fever_masked,
            "hypotension": hypotension,
            "vasopressors": vasopressors,
            "vasopressin": vasopressin,
            "oxygen_device": oxygen_device,
            "oxygen_flow": oxygen_flow,
            "death_from_crs": death_from_crs,
        }
    )
    grade: int | None = 5
    missing: list[str] = []
    if not known["death_from_crs"]:
        grade, missing = resolve(crs_grade, known, DOMAINS)
    return GradeResult(
        kind="crs",
        grade=grade,
        basis=tuple(_basis(known, grade)),
        missing=tuple(missing),
        warnings=tuple(_warnings(known, grade)),
        input=_echo(known),
    )
