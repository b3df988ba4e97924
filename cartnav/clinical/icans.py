"""ICANS: ASTCT consensus grading for adults and children (reference/clinical.md §2).

Source: Lee DW et al. Biol Blood Marrow Transplant 2019;25:625–638 — Table 4 (ICE score),
Table 5 (ICANS grading, adults), Table 6 (CAPD), Table 7 (ICANS grading, children).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cartnav.clinical.decide import choice, flag, number, resolve, whole
from cartnav.clinical.result import Basis, GradeResult
from cartnav.clinical.text import Text, gettext_noop
from cartnav.clinical.units import ClinicalInputError

ADULT = "ASTCT 2019 (Lee et al.), Table 5"
CHILD = "ASTCT 2019 (Lee et al.), Table 7"
ICE_SOURCE = "ASTCT 2019 (Lee et al.), Table 4"
CAPD_SOURCE = "ASTCT 2019 (Lee et al.), Tables 6 and 7"
FOOTNOTE = "ASTCT 2019 (Lee et al.), Tables 5 and 7 footnotes"
CHOICE = gettext_noop("cartnav's choice (docs/grading.md)")

ICE_AGE_YEARS = 12
ICE_ITEMS: dict[str, int] = {
    "orientation": 4,
    "naming": 3,
    "commands": 1,
    "writing": 1,
    "attention": 1,
}
CAPD_ITEMS: dict[str, int] = {
    "eye_contact": 4,
    "purposeful_actions": 4,
    "aware_of_surroundings": 4,
    "communicates_needs": 4,
    "restless": 4,
    "inconsolable": 4,
    "underactive": 4,
    "slow_to_respond": 4,
}
CONSCIOUSNESS: dict[str, int] = {
    "alert": 0,
    "awakens_spontaneously": 1,
    "awakens_to_voice": 2,
    "awakens_to_tactile_stimulus": 3,
    "unarousable_or_requires_vigorous_stimuli": 4,
    "stupor_or_coma": 4,
}
SEIZURE: dict[str, int] = {
    "none": 0,
    "focal_or_generalized_resolving_rapidly": 3,
    "nonconvulsive_on_eeg_resolving_with_intervention": 3,
    "life_threatening_prolonged": 4,
    "repetitive_without_return_to_baseline": 4,
}
RAISED_ICP: dict[str, int] = {
    "none": 0,
    "focal_edema_on_imaging": 3,
    "diffuse_edema_on_imaging": 4,
    "decerebrate_or_decorticate_posturing": 4,
    "cranial_nerve_vi_palsy": 4,
    "papilledema": 4,
    "cushings_triad": 4,
}
#: Raised-ICP findings that are oedema: with an intracranial haemorrhage they do not count
#: (ASTCT footnote: haemorrhage, with or without associated oedema, is not ICANS).
OEDEMA = ("focal_edema_on_imaging", "diffuse_edema_on_imaging")
# Domains are graded independently and the worst wins, so each domain is enumerated by grade.
_DOMAIN_GRADES: dict[str, tuple[int, ...]] = {
    "consciousness": tuple(sorted(set(CONSCIOUSNESS.values()))),
    "seizure": tuple(sorted(set(SEIZURE.values()))),
    "motor_weakness": (0, 4),
    "raised_icp": tuple(sorted(set(RAISED_ICP.values()))),
}


@dataclass(frozen=True)
class Scale:
    """A cognitive scale as given: the range its total can still take, and its missing parts."""

    low: int
    high: int
    missing: tuple[str, ...]

    @property
    def total(self) -> int | None:
        return self.low if self.low == self.high else None


def ice_grade(total: int) -> int:
    """ICE 10 → 0; 7–9 → 1; 3–6 → 2; 0–2 → 3 (Table 5). ICE 0 when unarousable is grade 4,
    but through the consciousness domain, so an awake patient with global aphasia stays 3."""
    if total >= 10:
        return 0
    if total >= 7:
        return 1
    return 2 if total >= 3 else 3


def capd_grade(total: int) -> int:
    """CAPD 0 → 0; 1–8 → 1; ≥ 9 → 3 (Table 7).

    The table gives CAPD 1–8 as "grade 1 or 2", the level of consciousness deciding; cartnav's
    choice is that CAPD 1–8 alone is grade 1 and the consciousness domain raises it.
    """
    if total == 0:
        return 0
    return 1 if total <= 8 else 3


def _scale(field: str, given: object, items: Mapping[str, int]) -> Scale | None:
    """Read ``{"total": n}`` or item scores (some may be missing) into a :class:`Scale`."""
    if given is None:
        return None
    if not isinstance(given, Mapping):
        raise ClinicalInputError(field, 'must be an object of item scores or {"total": n}.')
    unknown = set(given) - set(items) - {"total"}
    if unknown:
        raise ClinicalInputError(
            f"{field}.{sorted(unknown)[0]}",
            f"is not an item of this scale; items: {', '.join(items)} (or total).",
        )
    top = sum(items.values())
    scores = {
        k: whole(f"{field}.{k}", given.get(k), 0, items[k], gettext_noop("the item's range"))
        for k in items
    }
    total = whole(f"{field}.total", given.get("total"), 0, top, gettext_noop("the scale's range"))
    known = [s for s in scores.values() if s is not None]
    low = sum(known)
    high = low + sum(items[k] for k, s in scores.items() if s is None)
    if total is not None:
        if known and not low <= total <= high:
            raise ClinicalInputError(
                f"{field}.total",
                f"{total} does not agree with the item scores given (they allow {low}–{high}).",
            )
        return Scale(total, total, ())
    missing = tuple(f"{field}.{k}" for k, s in scores.items() if s is None)
    return Scale(low, high, missing if known else (field,))


def _instrument(age: float | None, ice: Scale | None, capd: Scale | None) -> str | None:
    """Which scale grades cognition: ICE from 12 years, CAPD under 12.

    cartnav's choice: with age unknown, the one scale given decides; CAPD given without ICE at
    12 or over is used (the table allows it for developmental delay).
    """
    if age is not None:
        if age < ICE_AGE_YEARS:
            return "capd"
        return "capd" if capd is not None and ice is None else "ice"
    if ice is not None and capd is None:
        return "ice"
    if capd is not None and ice is None:
        return "capd"
    return None


def _grades(scale: Scale | None, grade_of: Any) -> tuple[int, ...]:
    if scale is None:
        return (0, 1, 2, 3)
    return tuple(sorted({grade_of(t) for t in range(scale.low, scale.high + 1)}))


def _cognition(
    age: float | None, ice: Scale | None, capd: Scale | None
) -> tuple[tuple[int, ...], list[str], list[Basis]]:
    """Possible cognitive-domain grades, the inputs that would narrow them, and their basis."""
    which = _instrument(age, ice, capd)
    if which is None:
        both = set(_grades(ice, ice_grade)) | set(_grades(capd, capd_grade))
        names = ["age_years"] if ice is not None else ["ice", "capd"]
        return tuple(sorted(both)), names, []
    scale, grade_of = {"ice": (ice, ice_grade), "capd": (capd, capd_grade)}[which]
    grades = _grades(scale, grade_of)
    names = list(scale.missing) if scale is not None else [which]
    basis = []
    if scale is not None and len(grades) == 1:
        basis.append(_scale_basis(which, scale, grades[0], age))
    return grades, names, basis


def _scale_basis(which: str, scale: Scale, grade: int, age: float | None) -> Basis:
    shown = f"{scale.low}" if scale.total is not None else f"{scale.low}–{scale.high}"
    if which == "ice":
        return Basis(
            gettext_noop("ICE score {shown}/10: grade {grade}", shown=shown, grade=grade),
            ICE_SOURCE,
        )
    older = age is not None and age >= ICE_AGE_YEARS
    if grade == 1 and older:
        text = gettext_noop(
            "CAPD {shown}/32: grade 1 (the table says 1 or 2, the level of consciousness "
            "deciding; alone it is 1) (CAPD used at 12 or over, as for developmental delay)",
            shown=shown,
        )
    elif grade == 1:
        text = gettext_noop(
            "CAPD {shown}/32: grade 1 (the table says 1 or 2, the level of consciousness "
            "deciding; alone it is 1)",
            shown=shown,
        )
    elif older:
        text = gettext_noop(
            "CAPD {shown}/32: grade {grade} (CAPD used at 12 or over, as for developmental delay)",
            shown=shown,
            grade=grade,
        )
    else:
        text = gettext_noop("CAPD {shown}/32: grade {grade}", shown=shown, grade=grade)
    return Basis(text, CHOICE if grade == 1 else CAPD_SOURCE)


#: The findings of each domain as the basis names them.
FINDING_TEXT: dict[str, Text] = {
    "alert": gettext_noop("alert"),
    "awakens_spontaneously": gettext_noop("awakens spontaneously"),
    "awakens_to_voice": gettext_noop("awakens to voice"),
    "awakens_to_tactile_stimulus": gettext_noop("awakens to tactile stimulus"),
    "unarousable_or_requires_vigorous_stimuli": gettext_noop(
        "unarousable or requires vigorous stimuli"
    ),
    "stupor_or_coma": gettext_noop("stupor or coma"),
    "none": gettext_noop("none"),
    "focal_or_generalized_resolving_rapidly": gettext_noop(
        "focal or generalized resolving rapidly"
    ),
    "nonconvulsive_on_eeg_resolving_with_intervention": gettext_noop(
        "nonconvulsive on eeg resolving with intervention"
    ),
    "life_threatening_prolonged": gettext_noop("life threatening prolonged"),
    "repetitive_without_return_to_baseline": gettext_noop("repetitive without return to baseline"),
    "focal_edema_on_imaging": gettext_noop("focal edema on imaging"),
    "diffuse_edema_on_imaging": gettext_noop("diffuse edema on imaging"),
    "decerebrate_or_decorticate_posturing": gettext_noop("decerebrate or decorticate posturing"),
    "cranial_nerve_vi_palsy": gettext_noop("cranial nerve vi palsy"),
    "papilledema": gettext_noop("papilledema"),
    "cushings_triad": gettext_noop("cushings triad"),
}


def raised_icp_grade(raised_icp: str, intracranial_hemorrhage: bool) -> int:
    """The raised-ICP/oedema domain: focal oedema 3, diffuse oedema and the other signs 4.

    With an intracranial haemorrhage the oedema findings (focal or diffuse oedema on imaging)
    count 0: the ASTCT footnote excludes haemorrhage, with or without associated oedema, from
    ICANS grading. cartnav's choice (clinical.md §2 names oedema only): the other signs of raised
    ICP (posturing, cranial nerve VI palsy, papilloedema, Cushing's triad) still count, as every
    finding does, when not attributable to another cause; the warning says so.
    """
    if intracranial_hemorrhage and raised_icp in OEDEMA:
        return 0
    return RAISED_ICP[raised_icp]


def _domain_basis(known: dict[str, Any], source: str) -> list[Basis]:
    out = []
    labels = (
        ("consciousness", CONSCIOUSNESS, gettext_noop("level of consciousness")),
        ("seizure", SEIZURE, gettext_noop("seizure")),
        ("raised_icp", RAISED_ICP, gettext_noop("raised ICP/oedema")),
    )
    for name, table, label in labels:
        if name == "raised_icp" and known["intracranial_hemorrhage"] and known[name] in OEDEMA:
            text = gettext_noop(
                "{label}: {finding}: not counted (intracranial haemorrhage, with or without "
                "oedema, is excluded from ICANS grading)",
                label=label,
                finding=FINDING_TEXT[known[name]],
            )
            out.append(Basis(text, FOOTNOTE))
        elif known[name] is not None:
            text = gettext_noop(
                "{label}: {finding}: grade {grade}",
                label=label,
                finding=FINDING_TEXT[known[name]],
                grade=table[known[name]],
            )
            out.append(Basis(text, source))
    if known["motor_weakness"] is not None:
        text = (
            gettext_noop("deep focal motor weakness: grade 4")
            if known["motor_weakness"]
            else gettext_noop("no deep focal motor weakness")
        )
        out.append(Basis(text, source))
    return out


def icans_grade(v: dict[str, Any]) -> int:
    """The most severe domain grade, of complete domain grades (cognition already graded)."""
    return max(
        v["cognition"], v["consciousness"], v["seizure"], v["motor_weakness"], v["raised_icp"]
    )


def _validate(raw: dict[str, Any]) -> dict[str, Any]:
    v = dict(raw)
    v["age_years"] = number(
        "age_years", v["age_years"], 0, 130, gettext_noop("a human age in years")
    )
    v["consciousness"] = choice("consciousness", v["consciousness"], tuple(CONSCIOUSNESS))
    v["seizure"] = choice("seizure", v["seizure"], tuple(SEIZURE))
    v["raised_icp"] = choice("raised_icp", v["raised_icp"], tuple(RAISED_ICP))
    v["motor_weakness"] = flag("motor_weakness", v["motor_weakness"])
    v["death_from_icans"] = flag("death_from_icans", v["death_from_icans"])
    v["intracranial_hemorrhage"] = flag("intracranial_hemorrhage", v["intracranial_hemorrhage"])
    return v


def _domain_grades(v: dict[str, Any]) -> dict[str, int | None]:
    def graded(name: str, table: Mapping[str, int]) -> int | None:
        return None if v[name] is None else table[v[name]]

    motor = None if v["motor_weakness"] is None else 4 * int(v["motor_weakness"])
    icp = v["raised_icp"]
    return {
        "consciousness": graded("consciousness", CONSCIOUSNESS),
        "seizure": graded("seizure", SEIZURE),
        "motor_weakness": motor,
        "raised_icp": None
        if icp is None
        else raised_icp_grade(icp, bool(v["intracranial_hemorrhage"])),
    }


def _echo(v: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (dict(val) if isinstance(val, Mapping) else val)
        for k, val in v.items()
        if val is not None
    }


def grade_icans(
    *,
    age_years: float | None = None,
    ice: Mapping[str, int] | None = None,
    capd: Mapping[str, int] | None = None,
    consciousness: str | None = None,
    seizure: str | None = None,
    motor_weakness: bool | None = None,
    raised_icp: str | None = None,
    death_from_icans: bool | None = None,
    intracranial_hemorrhage: bool | None = None,
) -> GradeResult:
    """Grade ICANS by the ASTCT 2019 consensus: the most severe domain not attributable to
    another cause (Tables 4–7).

    ``ice`` is item points (orientation 0–4, naming 0–3, commands, writing, attention 0–1) or
    ``{"total": n}``; ``capd`` is ``{"total": n}`` or the eight item scores 0–4 (eye_contact,
    purposeful_actions, aware_of_surroundings, communicates_needs, restless, inconsolable,
    underactive, slow_to_respond), already scored as the table says. Grade 5 is death due to
    ICANS with no other principal factor (``death_from_icans``). ``intracranial_hemorrhage``
    true takes the oedema findings out of the grade (ASTCT footnote), with a warning. cartnav's
    choices: CAPD 1–8 alone is grade 1; with age unknown the one scale given is used;
    ``death_from_icans`` and ``intracranial_hemorrhage`` absent are read as false (an assessment
    records a death or a haemorrhage when there is one).
    """
    known = _validate(
        {
            "age_years": age_years,
            "consciousness": consciousness,
            "seizure": seizure,
            "motor_weakness": motor_weakness,
            "raised_icp": raised_icp,
            "death_from_icans": death_from_icans,
            "intracranial_hemorrhage": intracranial_hemorrhage,
        }
    )
    ice_scale, capd_scale = _scale("ice", ice, ICE_ITEMS), _scale("capd", capd, CAPD_ITEMS)
    echo = _echo({**known, "ice": ice, "capd": capd})
    source = CHILD if known["age_years"] is not None and known["age_years"] < 12 else ADULT
    ice_total = ice_scale.total if ice_scale else None
    capd_total = capd_scale.total if capd_scale else None
    warnings = _scale_warnings(known["age_years"], ice_scale, capd_scale)
    if known["intracranial_hemorrhage"]:
        warnings.append(
            gettext_noop(
                "intracranial haemorrhage recorded: it is not ICANS, and oedema on imaging does "
                "not count toward the grade (ASTCT footnote); other signs of raised ICP count "
                "only if not caused by the haemorrhage"
            )
        )
    if known["death_from_icans"]:
        return GradeResult(
            kind="icans",
            grade=5,
            input=echo,
            warnings=tuple(warnings),
            basis=(
                Basis(
                    gettext_noop("death due to ICANS, no other principal factor: grade 5"), source
                ),
            ),
            ice_total=ice_total,
            capd_total=capd_total,
        )
    grades, cognition_names, basis = _cognition(known["age_years"], ice_scale, capd_scale)
    domains = _domain_grades(known)
    values: dict[str, Any] = {"cognition": grades[0] if len(grades) == 1 else None, **domains}
    spaces: dict[str, tuple[int, ...]] = {"cognition": grades}
    spaces.update(_DOMAIN_GRADES)
    grade, relevant = resolve(icans_grade, values, spaces)
    missing = [n for r in relevant for n in (cognition_names if r == "cognition" else [r])]
    basis += _domain_basis(known, source)
    if grade is not None:
        basis.append(
            Basis(gettext_noop("grade {grade}: the most severe domain", grade=grade), source)
        )
    if known["death_from_icans"] is None:
        basis.append(
            Basis(
                gettext_noop("death due to ICANS not recorded: graded as a living patient"),
                CHOICE,
            )
        )
    return GradeResult(
        kind="icans",
        grade=grade,
        basis=tuple(basis),
        missing=tuple(missing),
        warnings=tuple(warnings),
        input=echo,
        ice_total=ice_total,
        capd_total=capd_total,
    )


def _scale_warnings(age: float | None, ice: Scale | None, capd: Scale | None) -> list[str]:
    out: list[str] = []
    if age is not None and age < ICE_AGE_YEARS and ice is not None:
        out.append(gettext_noop("ICE is not used under 12 years: the CAPD grades cognition"))
    if age is not None and age >= ICE_AGE_YEARS and ice is not None and capd is not None:
        out.append(gettext_noop("both ICE and CAPD given at 12 or over: the ICE is used"))
    return out
