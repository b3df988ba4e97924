"""Screening one patient against every product and trial, with reasons; ranking hospitals.

Verdict rule (documented in docs/eligibility.md): any failed criterion → ``not_eligible``;
otherwise any undecided criterion → ``unknown`` (with ``to_collect``: the facts that would decide
it, and how many sentences need a person's review); otherwise ``eligible``. A product is judged
per label indication and takes its best one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from cartnav.eligibility.criteria import KINDS, Criterion
from cartnav.eligibility.products import Product
from cartnav.eligibility.profile import PatientProfile
from cartnav.eligibility.rules import FAILED, MET, UNKNOWN, status

VERDICT = {MET: "eligible", UNKNOWN: "unknown", FAILED: "not_eligible", 0: "eligible"}
RECRUITING = {"RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION"}


@dataclass(frozen=True)
class TrialEntry:
    """A trial as screening needs it: id, name, status, criteria, and where it runs."""

    nct_id: str
    title: str
    status: str
    criteria: tuple[Criterion, ...]
    hospitals: tuple[str, ...] = ()  # hospital slugs with a site
    targets: tuple[str, ...] = ()


@dataclass(frozen=True)
class HospitalEntry:
    slug: str
    name: str
    city: str
    languages: tuple[str, ...] = ()
    visa_support: bool | None = None
    accommodation_help: bool | None = None
    international_office: bool | None = None
    products: tuple[str, ...] = ()  # approved products the hospital offers (slugs)
    unconfirmed_products: tuple[str, ...] = ()  # of those, offers no admin has confirmed


@dataclass(frozen=True)
class Catalog:
    products: tuple[Product, ...]
    trials: tuple[TrialEntry, ...]
    hospitals: tuple[HospitalEntry, ...] = ()
    version: int = 0


#: Reasons by list of criteria (a trial's, an indication's). A criterion reads the same for
#: everyone, and screening one patient reads about 15,000 of them; looking each up by value
#: hashed and compared all seven fields, a fifth of the time. Each entry holds its criteria, so
#: their id cannot be reused while the entry lives; the table is emptied when it grows past a
#: few catalogs' worth.
_REASONS: dict[int, tuple[tuple[Criterion, ...], tuple[dict[str, Any], ...]]] = {}
_REASONS_MAX = 50_000


def _reasons(criteria: tuple[Criterion, ...]) -> tuple[dict[str, Any], ...]:
    """The criteria as people read them (callers must not mutate the dicts)."""
    hit = _REASONS.get(id(criteria))
    if hit is not None and hit[0] is criteria:
        return hit[1]
    if len(_REASONS) >= _REASONS_MAX:
        _REASONS.clear()
    reasons = tuple(_reason_of(c) for c in criteria)
    _REASONS[id(criteria)] = (criteria, reasons)
    return reasons


def _reason_of(c: Criterion) -> dict[str, Any]:
    label = KINDS[c.kind][0]
    if c.strict:  # "age below 75", "serum creatinine below 2.5 mg/dL"
        label = label.replace(" at most", " below").replace(" at least", " above")
    value = (
        ""
        if c.value is None
        else f" {c.value:g}{(' ' + c.unit) if c.unit and c.unit != 'years' else ''}"
    )
    target = f" {c.target.replace('|', ' or ')}" if c.target else ""
    scope = f" (only for {c.scope.replace('|', ' or ')})" if c.scope else ""
    return {
        "kind": c.kind,
        "criterion": f"{label}{value}{target}{scope}".strip(),
        "sentence": c.sentence,
        "source": c.source,
    }


@dataclass
class Option:
    kind: str  # "product" | "trial"
    id: str
    name: str
    verdict: str
    met: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    undecided: list[dict[str, Any]] = field(default_factory=list)
    #: formalities confirmed at enrolment (consent, contraception …): not met, not undecided
    at_enrolment: list[dict[str, Any]] = field(default_factory=list)
    to_collect: list[str] = field(default_factory=list)
    needs_review: int = 0
    warnings: list[str] = field(default_factory=list)
    recruiting: bool | None = None
    hospitals: list[str] = field(default_factory=list)
    status: str = ""

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def judge(
    profile: PatientProfile, criteria: tuple[Criterion, ...], today: dt.date
) -> tuple[int, list[int]]:
    # Most criteria are sentences cartnav does not parse ("text": a person reviews them) or ask
    # nothing (a formality, a heading, an allowance): answered without a call — unless written
    # for some diseases only. One patient's screen judges about 190,000 criteria.
    codes = []
    for c in criteria:
        fixed = _FIXED.get(c.kind)
        codes.append(fixed if fixed is not None and not c.scope else status(profile, c, today))
    return (max(codes) if codes else MET), codes


#: Kinds whose answer is the same for everyone (see ``rules.status``).
_FIXED = {"text": UNKNOWN, "enrolment": MET, "heading": MET, "allowance": MET}


def _option(
    kind: str, oid: str, name: str, criteria: tuple[Criterion, ...], codes: list[int], worst: int
) -> Option:
    met: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    undecided: list[dict[str, Any]] = []
    at_enrolment: list[dict[str, Any]] = []
    to_collect: list[str] = []
    needs_review = 0
    for c, code, reason in zip(criteria, codes, _reasons(criteria), strict=True):
        if c.kind == "enrolment":
            at_enrolment.append(reason)
        elif code == MET:
            met.append(reason)
        elif code == FAILED:
            failed.append(reason)
        else:
            undecided.append(reason)
            if c.kind == "text":
                needs_review += 1
            elif KINDS[c.kind][1] not in to_collect:
                to_collect.append(KINDS[c.kind][1])
    if needs_review:
        to_collect.append(f"{needs_review} criteria in the trial's own words: {KINDS['text'][1]}")
    return Option(
        kind,
        oid,
        name,
        VERDICT[worst],
        met=met,
        failed=failed,
        undecided=undecided,
        at_enrolment=at_enrolment,
        to_collect=to_collect,
        needs_review=needs_review,
    )


def screen_product(profile: PatientProfile, product: Product, today: dt.date) -> Option:
    if not product.indications:
        # A name with no known label (the seed's "Hicara") must never look like an option.
        opt = Option(
            "product",
            product.slug,
            product.brand_name,
            "not_eligible",
            failed=[
                {
                    "kind": "label",
                    "criterion": "no known label indication",
                    "sentence": "No approved indication of this product is known to cartnav.",
                    "source": "cartnav catalog",
                }
            ],
        )
        opt.warnings.append("No label indication is recorded for this product.")
        return opt
    judged = [(judge(profile, ind.criteria, today), ind) for ind in product.indications]
    (worst, codes), ind = min(judged, key=lambda j: j[0][0])  # the first best indication
    best = _option(
        "product",
        product.slug,
        f"{product.brand_name} — {product.generic_name}",
        ind.criteria,
        codes,
        worst,
    )
    if not ind.verified:
        best.warnings.append("This indication is not verified: check the current label.")
    return best


def screen_trial(profile: PatientProfile, trial: TrialEntry, today: dt.date) -> Option:
    worst, codes = judge(profile, trial.criteria, today)
    opt = _option("trial", trial.nct_id, trial.title, trial.criteria, codes, worst)
    opt.recruiting = trial.status in RECRUITING
    opt.status = trial.status
    opt.hospitals = list(trial.hospitals)
    return opt


@dataclass
class ScreeningResult:
    options: list[Option]
    hospitals: list[dict[str, Any]]
    catalog_version: int
    as_of: str
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {"eligible": 0, "unknown": 0, "not_eligible": 0}
        for o in self.options:
            out[o.verdict] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "catalog_version": self.catalog_version,
            "counts": self.counts(),
            "options": [o.to_dict() for o in self.options],
            "hospitals": self.hospitals,
            "warnings": self.warnings,
        }


_ORDER = {"eligible": 0, "unknown": 1, "not_eligible": 2}
_STATUS_ORDER = {"RECRUITING": 0, "ENROLLING_BY_INVITATION": 1, "NOT_YET_RECRUITING": 1}


def _rank(o: Option, cities: dict[str, str], preferred: set[str]) -> tuple[Any, ...]:
    """The order a family reads options in: eligible, then possible, then not eligible; within
    each, approved products first, then the fewest facts still to check, trials recruiting now
    before those not yet recruiting, a site in one of the patient's preferred cities, then any
    site in China (cartnav's hospitals), then by id so the order is stable (the issue's order)."""
    checks = len(o.to_collect) + o.needs_review
    return (
        _ORDER[o.verdict],
        o.kind != "product",
        checks,
        _STATUS_ORDER.get(o.status, 2) if o.kind == "trial" else 0,
        not any(cities.get(h) in preferred for h in o.hospitals),
        not o.hospitals,
        o.id,
    )


def screen(
    profile: PatientProfile, catalog: Catalog, today: dt.date | None = None
) -> ScreeningResult:
    today = today or dt.date.today()
    options = [screen_product(profile, p, today) for p in catalog.products]
    options += [screen_trial(profile, t, today) for t in catalog.trials]
    cities = {h.slug: h.city for h in catalog.hospitals}
    preferred = set(profile.cities)
    options.sort(key=lambda o: _rank(o, cities, preferred))
    return ScreeningResult(
        options,
        rank_hospitals(profile, options, catalog.hospitals),
        catalog.version,
        today.isoformat(),
        profile.warnings(),
    )


def rank_hospitals(
    profile: PatientProfile, options: list[Option], hospitals: tuple[HospitalEntry, ...]
) -> list[dict[str, Any]]:
    """Score each hospital for this patient, with the reasons behind the score.

    Offers options the patient is eligible for (+10 each, at most 5 counted) or that are still
    to decide (+1 each, at most 10 counted), some of them recruiting (+2), international services
    (+2 each: office, visa support, accommodation), one of the patient's languages (+3), a
    preferred city (+4). The caps keep a hospital with many undecided trials from outranking one
    that offers what the patient is eligible for.
    """
    by_hospital: dict[str, list[Option]] = {}
    for o in options:
        if o.verdict == "not_eligible":
            continue
        for slug in o.hospitals:
            by_hospital.setdefault(slug, []).append(o)
    ranked: list[tuple[int, str, dict[str, Any]]] = []
    for h in hospitals:
        offered = by_hospital.get(h.slug, []) + [
            o
            for o in options
            if o.kind == "product" and o.id in h.products and o.verdict != "not_eligible"
        ]
        score, reasons = 0, []
        eligible = [o.id for o in offered if o.verdict == "eligible"]
        possible = [o.id for o in offered if o.verdict == "unknown"]
        if eligible:
            score += 10 * min(len(eligible), 5)
            reasons.append(
                f"offers {len(eligible)} option(s) the patient is eligible for: {', '.join(eligible[:5])}"
            )
        unconfirmed = [
            o.id for o in offered if o.kind == "product" and o.id in h.unconfirmed_products
        ]
        if unconfirmed:
            reasons.append(f"offer of {', '.join(unconfirmed)} not yet confirmed by an admin")
        if possible:
            score += min(len(possible), 10)
            reasons.append(
                f"offers {len(possible)} option(s) still to decide: {', '.join(possible[:5])}"
            )
        recruiting = [o.id for o in offered if o.recruiting]
        if recruiting:
            score += 2
            reasons.append(f"{len(recruiting)} of them recruiting now")
        for flag, label in (
            (h.international_office, "international patient office"),
            (h.visa_support, "S2 visa invitation support"),
            (h.accommodation_help, "help with accommodation"),
        ):
            if flag:
                score += 2
                reasons.append(label)
        shared = sorted(set(profile.languages) & set(h.languages))
        if shared:
            score += 3
            reasons.append(f"speaks {', '.join(shared)}")
        if h.city in profile.cities:
            score += 4
            reasons.append(f"in {h.city}, a preferred city")
        if score:
            ranked.append(
                (
                    -score,
                    h.name,
                    {
                        "slug": h.slug,
                        "name": h.name,
                        "city": h.city,
                        "score": score,
                        "reasons": reasons,
                    },
                )
            )
    return [row for _, _, row in sorted(ranked, key=lambda r: (r[0], r[1]))]
