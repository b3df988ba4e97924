"""Every act on the ward — admit, chart, correct, give a dose, acknowledge, escalate — one
function each, atomic and audited, and the summary every view of a stay shares.

Values enter here, whatever door they came through (the bedside form, the JSON API, a FHIR
resource): :func:`parse_value` checks each one against its code, converts quantities with pint
(``cartnav.clinical.units``) and refuses what no living patient shows, naming the field. A set of
observations is recorded all or nothing. After each recording the stay is regraded by the pure
core (``cartnav.clinical.ward``) and its alert rules evaluated; a firing becomes an alert for
the responsible physician, in the app and by e-mail at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cartnav.accounts.roles import Role
from cartnav.audit import services as audit
from cartnav.clinical import ward as core
from cartnav.clinical.decide import choice, flag
from cartnav.clinical.text import dump, localize
from cartnav.clinical.units import ClinicalInputError, normalise
from cartnav.patients.models import Case
from cartnav.patients.services import ServiceError, lock_case
from cartnav.ward.models import Alert, Dose, Observation, RotaEntry, WardSettings, WardStay

#: Codes that are counts on a scale, with the scale's range.
COUNTS: dict[str, tuple[int, int]] = {
    "vasopressors": (0, 5),
    "ice_total": (0, 10),
    "capd_total": (0, 32),
}
#: Codes whose analyte (``cartnav.clinical.units``) is named differently.
ANALYTE = {"fluid_in": "fluid", "fluid_out": "fluid"}
#: At most this many values in one recording (a monitor export is split into recordings).
MAX_VALUES = 60
#: A value taken this far in the future is refused (clocks of bedside devices drift a little).
FUTURE_SLACK = dt.timedelta(minutes=5)


def settings_of(hospital: Any) -> WardSettings:
    found = WardSettings.objects.filter(hospital=hospital).first()
    return found or WardSettings(hospital=hospital)


def parse_value(code: str, raw: object, field: str | None = None) -> tuple[float | None, str, str]:
    """One charted value: ``(number, word, entered)``; a :class:`ClinicalInputError` naming
    ``field`` (default the code) for anything that is not a value of that code."""
    field = field or code
    if code not in core.CODES:
        raise ClinicalInputError(
            field, f"is not an observation; accepted: {', '.join(core.CODES)}."
        )
    if code in COUNTS:
        low, high = COUNTS[code]
        if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
            raise ClinicalInputError(field, f"must be a whole number from {low} to {high}.")
        return float(raw), "", str(raw)
    if code in core.NUMERIC:
        number = normalise(field, ANALYTE.get(code, code), raw)
        assert isinstance(raw, dict)  # normalise refused anything else
        return number, "", f"{raw['value']} {raw['unit']}"[:60]
    if code in core.CHOICES:
        word = choice(field, raw, core.CHOICES[code])
        if word is None:
            raise ClinicalInputError(field, "a value is required.")
        return None, word, word
    value = flag(field, raw)
    if value is None:
        raise ClinicalInputError(field, "must be true or false.")
    return None, "yes" if value else "no", "yes" if value else "no"


def _when(field: str, at: dt.datetime, stay: WardStay) -> dt.datetime:
    if timezone.is_naive(at):
        raise ClinicalInputError(field, "a time needs its UTC offset.")
    if at > timezone.now() + FUTURE_SLACK:
        raise ClinicalInputError(field, "is in the future.")
    if at < stay.infused_at - dt.timedelta(days=2):
        raise ClinicalInputError(field, "is more than two days before the infusion of this stay.")
    return at


@transaction.atomic
def admit(
    request: HttpRequest | None,
    case: Case,
    infused_at: dt.datetime,
    *,
    weight_kg: float | None = None,
    physician: Any = None,
) -> WardStay:
    """Open the ward stay of a case from day 0; the physician defaults to the plan's treating
    physician. A case has one stay; admitting again changes nothing and is refused."""
    lock_case(case)
    if WardStay.objects.filter(case=case).exists():
        raise ServiceError(_("This case already has a ward stay."))
    if timezone.is_naive(infused_at) or infused_at > timezone.now() + FUTURE_SLACK:
        raise ServiceError(_("infused_at: give a time that has passed, with its UTC offset."))
    if weight_kg is not None:
        normalise("weight_kg", "weight", {"value": weight_kg, "unit": "kg"})
    if physician is None:
        plan = getattr(case, "treatment_plan", None)
        physician = getattr(plan, "physician", None)
    if physician is not None and physician.role != Role.PHYSICIAN:
        raise ServiceError(_("physician: the responsible person must be a physician."))
    stay = WardStay.objects.create(
        case=case, infused_at=infused_at, weight_kg=weight_kg, physician=physician
    )
    audit.record(request, "ward_admit", stay, patient_id=case.patient_id)
    return stay


@transaction.atomic
def record(
    request: HttpRequest | None,
    stay: WardStay,
    taken_at: dt.datetime,
    values: Mapping[str, object],
    *,
    source: str = Observation.Source.BEDSIDE,
    by: Any = None,
) -> list[Observation]:
    """Chart a set of values taken at one time, all or nothing; then regrade and alert."""
    if not isinstance(values, Mapping) or not values:
        raise ClinicalInputError("values", "give at least one observation.")
    if len(values) > MAX_VALUES:
        raise ClinicalInputError("values", f"at most {MAX_VALUES} values in one recording.")
    lock_case(stay.case)
    taken_at = _when("taken_at", taken_at, stay)
    user = by or (request.user if request is not None else None)
    rows = []
    for code, raw in values.items():
        number, word, entered = parse_value(str(code), raw, f"values.{code}")
        rows.append(
            Observation(
                stay=stay,
                code=code,
                number=number,
                word=word,
                entered=entered,
                taken_at=taken_at,
                recorded_by=user,
                source=source,
            )
        )
    saved = Observation.objects.bulk_create(rows)  # with their ids (SQLite and PostgreSQL)
    audit.record(
        request,
        "ward_record",
        stay,
        patient_id=stay.case.patient_id,
        detail={"codes": sorted(values)[:20], "taken_at": taken_at.isoformat(), "source": source},
        user=user if request is None else None,
    )
    if "weight" in values:
        stay.weight_kg = next(r.number for r in rows if r.code == "weight")
        stay.save(update_fields=["weight_kg"])
    raise_alerts(stay, since=taken_at, by=user)
    return saved


@transaction.atomic
def import_incoming(
    request: HttpRequest, stay: WardStay, incoming: Any, source: str
) -> dict[str, Any]:
    """Record what an import brought (``ward.imports.Incoming``), all or nothing: each time's
    values as one recording, then the doses through the same guard as the bedside."""
    for at, values in sorted(incoming.values.items()):
        record(request, stay, at, values, source=source)
    for dose in incoming.doses:
        give(request, stay, dose["drug"], dose["given_at"], dose_mg=dose["dose_mg"])
    return {"values": incoming.count, "doses": len(incoming.doses), "unmapped": incoming.unmapped}


@transaction.atomic
def correct(
    request: HttpRequest, observation: Observation, raw: object, reason: str
) -> Observation:
    """Replace a charted value; the original stays, marked superseded, with who corrected it."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("reason: say why the value is corrected."))
    lock_case(observation.stay.case)
    observation.refresh_from_db()
    if observation.superseded:
        raise ServiceError(_("This value has already been corrected; correct the newer one."))
    number, word, entered = parse_value(observation.code, raw, "value")
    new = Observation.objects.create(
        stay=observation.stay,
        code=observation.code,
        number=number,
        word=word,
        entered=entered,
        taken_at=observation.taken_at,
        recorded_by=request.user,
        source=observation.source,
        replaces=observation,
        correction_reason=reason[:300],
    )
    observation.superseded = True
    observation.save(update_fields=["superseded"])
    audit.record(
        request,
        "ward_correct",
        new,
        patient_id=observation.stay.case.patient_id,
        detail={"code": observation.code, "was": observation.entered, "now": entered},
    )
    raise_alerts(observation.stay, since=observation.taken_at, by=request.user)
    return new


@transaction.atomic
def give(
    request: HttpRequest,
    stay: WardStay,
    drug: str,
    given_at: dt.datetime,
    *,
    dose_mg: float | None = None,
    detail: str = "",
    override_reason: str = "",
) -> Dose:
    """Record a dose. Tocilizumab is checked against the weight-based dose and the label's
    limits (``core.check_tocilizumab``); past a limit it is refused unless a physician records
    an override with a reason."""
    if drug not in core.DRUGS:
        raise ClinicalInputError("drug", f"accepted: {', '.join(core.DRUGS)}.")
    lock_case(stay.case)
    given_at = _when("given_at", given_at, stay)
    if dose_mg is not None:
        dose_mg = normalise("dose_mg", "dose_mg", {"value": dose_mg, "unit": "mg"})
    override_reason = (override_reason or "").strip()[:300]
    overridden = False
    if drug == core.TOCILIZUMAB:
        if dose_mg is None:
            raise ClinicalInputError("dose_mg", "a tocilizumab dose needs its amount in mg.")
        previous = list(
            Dose.objects.filter(stay=stay, drug=core.TOCILIZUMAB).values_list("given_at", flat=True)
        )
        check = core.check_tocilizumab(dose_mg, given_at, previous, stay.weight_kg)
        if not check.ok:
            if not override_reason:
                raise ServiceError(
                    _("Refused: %(problems)s. A physician may record it with a reason.")
                    % {"problems": "; ".join(localize(p, _) for p in check.problems)}
                )
            if request.user.role != Role.PHYSICIAN:
                raise ServiceError(_("Only a physician may record a dose past a limit."))
            overridden = True
    dose = Dose.objects.create(
        stay=stay,
        drug=drug,
        dose_mg=dose_mg,
        detail=(detail or "")[:120],
        given_at=given_at,
        recorded_by=request.user,
        override_reason=override_reason if overridden else "",
        override_by=request.user if overridden else None,
    )
    if drug in core.MASKING:  # it masks fever from now on: the current grades change
        obs = readings(stay)
        keep_current(stay, obs, current(stay, obs=obs))
    audit.record(
        request,
        "ward_dose_override" if overridden else "ward_dose",
        dose,
        patient_id=stay.case.patient_id,
        detail={"drug": drug, "dose_mg": dose_mg, "reason": override_reason if overridden else ""},
    )
    return dose


def readings(stay: WardStay) -> list[core.Reading]:
    rows = Observation.objects.filter(stay=stay, superseded=False).values_list(
        "pk", "taken_at", "code", "number", "word"
    )
    out = []
    for pk, at, code, number, word in rows:
        value: float | str | bool = (
            word == "yes" if code in core.FLAGS else number if number is not None else word
        )
        out.append(core.Reading(pk, at, code, value))
    return out


def doses(stay: WardStay) -> list[core.Given]:
    return [
        core.Given(pk, at, drug, mg)
        for pk, at, drug, mg in Dose.objects.filter(stay=stay).values_list(
            "pk", "given_at", "drug", "dose_mg"
        )
    ]


def age_years(stay: WardStay, at: dt.datetime) -> float:
    born = stay.case.patient.date_of_birth
    return (at.date() - born).days / 365.25


def current(
    stay: WardStay,
    now: dt.datetime | None = None,
    *,
    obs: list[core.Reading] | None = None,
    given: list[core.Given] | None = None,
    hours: int = 24,
    ward: WardSettings | None = None,
) -> core.PeriodGrades:
    """CRS and ICANS of the last ``hours`` (the most severe finding in the period)."""
    now = now or timezone.now()
    ward = ward or settings_of(stay.case.hospital)
    return core.grade_period(
        readings(stay) if obs is None else obs,
        doses(stay) if given is None else given,
        now - dt.timedelta(hours=hours),
        now + dt.timedelta(seconds=1),
        age_years=age_years(stay, now),
        hypotension_systolic_below=ward.hypotension_systolic_below,
        masking_hours=ward.masking_hours,
    )


def keep_current(
    stay: WardStay,
    obs: list[core.Reading],
    grades: core.PeriodGrades,
    ward: WardSettings | None = None,
) -> None:
    """Keep the last 24 hours' grades and the last time of each scheduled check on the stay's
    row (the ward board shows them "as of" ``graded_at``)."""
    schedule = core.check_schedule((ward or settings_of(stay.case.hospital)).schedule)
    last: dict[str, str] = {}
    for item in schedule:
        times = [r.at for r in obs if r.code in item["codes"]]
        if times:
            last[item["key"]] = max(times).isoformat()
    stay.crs_now, stay.icans_now = grades.crs.grade, grades.icans.grade
    stay.graded_at = timezone.now()
    stay.last_checks = last
    stay.save(update_fields=["crs_now", "icans_now", "graded_at", "last_checks"])


def remind_prophylaxis(
    stay: WardStay, obs: list[core.Reading], ward: WardSettings | None = None
) -> int:
    """Tell the responsible physician, once per line, when a line of the hospital's chosen
    prophylaxis policy becomes due (a to-do in the app, e-mailed as they prefer). Without a
    chosen policy nothing is due, so nobody is told."""
    from cartnav.clinical import prophylaxis
    from cartnav.notifications import services as notifications
    from cartnav.notifications.models import Notification

    policy = (ward or settings_of(stay.case.hospital)).prophylaxis_policy
    if not policy or stay.physician is None:
        return 0
    counts = sorted((r for r in obs if r.code == "anc"), key=lambda r: r.at)
    with timezone.override(stay.case.hospital.time_zone):
        day = (timezone.localdate() - timezone.localtime(stay.infused_at).date()).days
    due = [
        line
        for line in prophylaxis.lines(
            policy, day=day, anc=float(counts[-1].value) if counts else None
        )
        if line.status == "due"
    ]
    keys = {line.item: f"prophylaxis:{stay.pk}:{policy}:{line.item}" for line in due}
    # already told: one query, rather than an insert refused by the key at each recording
    known = set(
        Notification.objects.filter(user=stay.physician, key__in=keys.values()).values_list(
            "key", flat=True
        )
    )
    told = 0
    for line in due:
        if keys[line.item] in known:
            continue

        def words(line: Any = line) -> str:
            return _("Prophylaxis due, case %(number)s: %(line)s (%(source)s)") % {
                "number": stay.case.number,
                "line": localize(line.text, _),
                "source": line.source,
            }

        told += notifications.notify(
            [stay.physician],
            Notification.Kind.TODO,
            stay.case,
            words,
            reverse("ward:stay", args=[stay.case_id]),
            key=keys[line.item],
        )
    return told


def raise_alerts(stay: WardStay, *, since: dt.datetime, by: Any = None) -> list[Alert]:
    """Evaluate the hospital's rules on the record and raise each new firing once; an open
    alert of the same rule absorbs a repeat (one alert until someone acknowledges it). The
    stay's current grades are kept on its row on the way."""
    ward = settings_of(stay.case.hospital)
    obs = readings(stay)
    grades = current(stay, obs=obs, ward=ward)  # the hospital's settings, read once
    keep_current(stay, obs, grades, ward)
    remind_prophylaxis(stay, obs, ward)
    firings = core.evaluate(core.check_rules(ward.alert_rules), obs, grades, since=since)
    made = []
    for firing in firings:
        if Alert.objects.filter(stay=stay, rule=firing.rule, acknowledged_at__isnull=True).exists():
            continue
        try:
            with transaction.atomic():
                alert = Alert.objects.create(
                    stay=stay,
                    rule=firing.rule,
                    key=firing.key[:80],
                    text=str(firing.text)[:300],
                    words=dump(firing.text),
                    raised_at=timezone.now(),
                    notified=stay.physician,
                )
        except IntegrityError:  # this firing was raised before (and acknowledged)
            continue
        audit.record(
            None,
            "ward_alert",
            alert,
            patient_id=stay.case.patient_id,
            detail={"rule": firing.rule, "key": firing.key[:80], "to": _who(stay.physician)},
            user=by,
        )
        _tell(alert, stay.physician, firing.text)
        made.append(alert)
    return made


def _who(user: Any) -> str:
    return user.get_username() if user is not None else ""


def _tell(alert: Alert, user: Any, text: Any) -> None:
    """The app's notification and an e-mail at once (an alert is not batched), in the
    person's language."""
    if user is None:
        return
    from cartnav.notifications import services as notifications
    from cartnav.notifications.models import Notification

    stay = alert.stay
    url = reverse("ward:stay", args=[stay.case_id])

    def words() -> str:
        return _("Ward alert, case %(number)s: %(what)s") % {
            "number": stay.case.number,
            "what": localize(text, _),
        }

    notifications.notify(
        [user],
        Notification.Kind.WARD_ALERT,
        stay.case,
        words,
        url,
        key=f"ward:{alert.pk}:{alert.level}",
        emailed=bool(user.email),
    )
    if user.email:
        with translation.override(user.language or "en"):
            subject = words()
            body = _("Please acknowledge it on the ward page: %(url)s") % {"url": url}
        transaction.on_commit(lambda: send_mail(subject, body, None, [user.email]))


@transaction.atomic
def acknowledge(request: HttpRequest, alert: Alert, note: str = "") -> Alert:
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.acknowledged_at is not None:
        raise ServiceError(_("This alert has already been acknowledged."))
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = request.user
    alert.note = (note or "").strip()[:300]
    alert.save(update_fields=["acknowledged_at", "acknowledged_by", "note"])
    audit.record(
        request,
        "ward_acknowledge",
        alert,
        patient_id=alert.stay.case.patient_id,
        detail={"rule": alert.rule, "note": alert.note},
    )
    return alert


def escalate(now: dt.datetime | None = None) -> int:
    """Pass each alert not acknowledged in time to the next person on its hospital's rota (a
    background job runs this every minute); returns how many moved. Audited, without a
    request: the system did it."""
    now = now or timezone.now()
    moved = 0
    for alert in Alert.objects.filter(acknowledged_at__isnull=True).select_related(
        "stay__case__hospital", "stay__case__patient"
    ):
        hospital = alert.stay.case.hospital
        wait = dt.timedelta(minutes=settings_of(hospital).escalate_after_minutes)
        if (alert.escalated_at or alert.raised_at) + wait > now:
            continue
        rota = [
            e.user
            for e in RotaEntry.objects.filter(hospital=hospital).select_related("user")
            if e.user.is_active
        ]
        # the next place on the rota after the ones already called; past its end, round again
        later = [u for u in rota[alert.level :] if u != alert.notified]
        candidates = later or [u for u in rota if u != alert.notified]
        with transaction.atomic():
            if not candidates:
                alert.escalated_at = now
                alert.save(update_fields=["escalated_at"])
                continue
            nxt = candidates[0]
            alert.level += 1
            alert.notified = nxt
            alert.escalated_at = now
            alert.save(update_fields=["level", "notified", "escalated_at"])
            audit.record(
                None,
                "ward_escalate",
                alert,
                patient_id=alert.stay.case.patient_id,
                detail={"rule": alert.rule, "level": alert.level, "to": _who(nxt)},
            )
            _tell(alert, nxt, alert.sentence)
        moved += 1
    return moved


@dataclass
class Summary:
    """Everything a view of a stay shows, computed once."""

    stay: WardStay
    day: int
    now_grades: core.PeriodGrades
    days: list[core.Day]
    episodes: list[core.Episode]
    due: list[core.Due]
    open_alerts: list[Alert]
    readings: list[core.Reading]
    given: list[core.Given]


def summary(stay: WardStay, now: dt.datetime | None = None) -> Summary:
    now = now or timezone.now()
    ward = settings_of(stay.case.hospital)
    obs, given = readings(stay), doses(stay)
    zone = stay.case.hospital.time_zone
    with timezone.override(zone):
        infusion_day = timezone.localtime(stay.infused_at).date()
        today = timezone.localtime(now).date()
    age = age_years(stay, now)
    days = core.daily(
        obs,
        given,
        infusion_day,
        today,
        zone,
        age_years=age,
        hypotension_systolic_below=ward.hypotension_systolic_below,
        masking_hours=ward.masking_hours,
    )
    return Summary(
        stay=stay,
        day=(today - infusion_day).days,
        now_grades=current(stay, now, obs=obs, given=given),
        days=days,
        episodes=core.episodes(days, "crs") + core.episodes(days, "icans"),
        due=core.checks_due(core.check_schedule(ward.schedule), obs, stay.infused_at, now),
        open_alerts=list(
            Alert.objects.filter(stay=stay, acknowledged_at__isnull=True).select_related("notified")
        ),
        readings=obs,
        given=given,
    )


# ---------------------------------------------------------------- haematology and infection


@dataclass
class Blood:
    """The latest counts with their CTCAE v5.0 grades, ICAHT from the stay's ANC series, the
    latest IgG against the hospital's flag, and the prophylaxis lines for today."""

    ctcae: list[Any]
    icaht: Any
    igg: float | None
    igg_low: bool | None
    prophylaxis: list[Any]
    policy: str


def blood(stay: WardStay, summary: Summary) -> Blood:
    from cartnav.clinical import ctcae, icaht, prophylaxis

    latest: dict[str, float] = {}
    for r in sorted(summary.readings, key=lambda r: r.at):
        if r.code in ("anc", "platelets", "hemoglobin", "lymphocytes", "igg"):
            latest[r.code] = float(r.value)
    grades = [
        ctcae.grade_anc(latest.get("anc")),
        ctcae.grade_platelets(latest.get("platelets")),
        ctcae.grade_hemoglobin(latest.get("hemoglobin")),
        ctcae.grade_lymphocytes(latest.get("lymphocytes")),
    ]
    zone = stay.case.hospital.time_zone
    with timezone.override(zone):
        day0 = timezone.localtime(stay.infused_at).date()
        series = [
            (timezone.localtime(r.at).date(), float(r.value))
            for r in summary.readings
            if r.code == "anc" and timezone.localtime(r.at).date() >= day0 - dt.timedelta(days=30)
        ]
        gcsf = sorted({timezone.localtime(g.at).date() for g in summary.given if g.drug == "g_csf"})
    try:
        neutro = icaht.grade_icaht(infusion_date=day0, anc=series, gcsf_dates=gcsf)
    except ClinicalInputError:  # the record holds something the grader refuses: say unknown
        neutro = None
    ward = settings_of(stay.case.hospital)
    igg = latest.get("igg")
    low = None if igg is None else (igg <= 400 if ward.igg_policy == "le_400" else igg < 400)
    policies = (
        [ward.prophylaxis_policy] if ward.prophylaxis_policy else list(prophylaxis.POLICY_KEYS)
    )
    lines = [
        line
        for policy in policies
        for line in prophylaxis.lines(policy, day=summary.day, anc=latest.get("anc"))
    ]
    if not ward.prophylaxis_policy:  # no policy chosen: shown, never "due"
        lines = [
            prophylaxis.Line(x.policy, x.item, x.text, x.source, "check", x.why) for x in lines
        ]
    return Blood(grades, neutro, igg, low, lines, ward.prophylaxis_policy)


@transaction.atomic
def add_infection(
    request: HttpRequest,
    stay: WardStay,
    *,
    site: str,
    grade: int,
    started: dt.date,
    organism: str = "",
    ended: dt.date | None = None,
) -> Any:
    from cartnav.ward.models import InfectionEpisode

    episode = InfectionEpisode(
        stay=stay,
        site=site,
        grade=grade,
        started=started,
        organism=(organism or "")[:120],
        ended=ended,
        recorded_by=request.user,
    )
    try:
        episode.full_clean(exclude=["stay", "recorded_by"])
    except ValidationError as exc:
        raise ServiceError(
            "; ".join(f"{f}: {' '.join(e)}" for f, e in exc.message_dict.items())
        ) from exc
    if ended is not None and ended < started:
        raise ServiceError(_("ended: an infection cannot end before it started."))
    if started > timezone.localdate() or (ended and ended > timezone.localdate()):
        raise ServiceError(_("started: the dates cannot be in the future."))
    episode.save()
    audit.record(
        request,
        "ward_infection",
        episode,
        patient_id=stay.case.patient_id,
        detail={"site": site, "grade": grade},
    )
    return episode


# ---------------------------------------------------------------- discharge


def day100(stay: WardStay, summary: Summary) -> dict[str, Any]:
    """The day-100 toxicity summary drafted from the record, as the registries ask (§14): each
    CRS and ICANS episode with onset, highest grade and its date and resolution; the drugs given
    for them; early ICAHT; infections. A draft: the physician checks it before it is sent."""
    episodes = {
        name: [e.to_dict() for e in summary.episodes if e.syndrome == name]
        for name in ("crs", "icans")
    }
    treated: dict[str, int] = {}
    for g in summary.given:
        if g.drug in core.MASKING or g.drug in ("anakinra", "siltuximab"):
            treated[g.drug] = treated.get(g.drug, 0) + 1
    neutro = blood(stay, summary).icaht
    return {
        "grading": "ASTCT 2019",
        "crs": episodes["crs"],
        "icans": episodes["icans"],
        "drugs": treated,
        "early_icaht": None if neutro is None else neutro.early_grade,
        "early_icaht_at_least": None if neutro is None else neutro.at_least,
        "infections": [
            {
                "site": i.site,
                "organism": i.organism,
                "grade": i.grade,
                "started": i.started.isoformat(),
            }
            for i in stay.infections.all()
        ],
        "discharged": stay.discharged_at.isoformat() if stay.discharged_at else None,
        "draft": True,
    }


@transaction.atomic
def discharge(request: HttpRequest, stay: WardStay, confirmed: list[str]) -> WardStay:
    """Discharge when every criterion of the hospital is confirmed. The local stay then runs to
    the plan's end (its proximity rule is checked on the travel page), and the patient is told."""
    lock_case(stay.case)
    stay.refresh_from_db()
    if stay.discharged_at is not None:
        raise ServiceError(_("This stay has already ended."))
    criteria = list(settings_of(stay.case.hospital).discharge_criteria or [])
    open_ = [c for c in criteria if c not in confirmed]
    if open_:
        raise ServiceError(_("Not yet discharged: confirm %(open)s.") % {"open": "; ".join(open_)})
    stay.discharged_at = timezone.now()
    stay.discharged_by = request.user
    stay.discharge_checks = dict.fromkeys(criteria, True)
    stay.save(update_fields=["discharged_at", "discharged_by", "discharge_checks"])
    audit.record(request, "ward_discharge", stay, patient_id=stay.case.patient_id)
    _tell_patient_of_discharge(stay)
    return stay


def local_stay_until(stay: WardStay) -> dt.date | None:
    plan = getattr(stay.case, "treatment_plan", None)
    if plan is None:
        return None
    if plan.local_stay_end:
        return plan.local_stay_end
    with timezone.override(stay.case.hospital.time_zone):
        day0 = timezone.localtime(stay.infused_at).date()
    return day0 + dt.timedelta(days=plan.stay_days)


def _tell_patient_of_discharge(stay: WardStay) -> None:
    from cartnav.notifications import services as notifications
    from cartnav.notifications.models import Notification

    until = local_stay_until(stay)
    plan = getattr(stay.case, "treatment_plan", None)
    hours = getattr(plan, "stay_within_hours", None)

    def words() -> str:
        if until is None:
            return _(
                "You have left the ward. Your care team will tell you how long to stay near the hospital."
            )
        if hours is None:
            return _("You have left the ward. Stay near the hospital until %(date)s.") % {
                "date": until.isoformat()
            }
        return _(
            "You have left the ward. Stay within %(hours)s hours of the hospital until %(date)s."
        ) % {"hours": hours, "date": until.isoformat()}

    notifications.notify(
        notifications.patient_side(stay.case),
        Notification.Kind.STAGE,
        stay.case,
        words,
        "/me/",
        key=f"ward-discharge:{stay.pk}",
    )
