"""Synthetic demonstration data: two hospitals, their staff, and patients from several countries
at different stages of the journey. Every person here is invented.

``load(extra_cases=N)`` also adds N generated cases (for the page benchmark); those are written
in bulk without per-row audit records, because they are fixtures, not anybody's actions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cartnav.accounts.models import Membership, User
from cartnav.accounts.roles import SECOND_FACTOR_ROLES, Role
from cartnav.catalog.models import Hospital
from cartnav.patients.models import Case, Consent, ConsentText, Patient, StageChange
from cartnav.patients.stages import JOURNEY, Stage

#: The published password of every demo account (synthetic data only; never a real secret).
DEMO_PASSWORD = "-".join(("cartnav", "demo", "2026"))

HOSPITALS = [
    {
        "slug": "zhongshan",
        "name": "Zhongshan Hospital, Fudan University",
        "name_zh": "复旦大学附属中山医院",
        "city": "Shanghai",
        "province": "Shanghai",
        "latitude": 31.1990,
        "longitude": 121.4520,
    },
    {
        "slug": "westchina",
        "name": "West China Hospital, Sichuan University",
        "name_zh": "四川大学华西医院",
        "city": "Chengdu",
        "province": "Sichuan",
        "latitude": 30.6420,
        "longitude": 104.0630,
    },
]

STAFF = [
    ("coord.shanghai", Role.COORDINATOR, ["zhongshan"], "zh-hans"),
    ("reviewer.shanghai", Role.REVIEWER, ["zhongshan"], "zh-hans"),
    ("dr.shanghai", Role.PHYSICIAN, ["zhongshan"], "zh-hans"),
    ("nurse.shanghai", Role.NURSE, ["zhongshan"], "zh-hans"),
    ("coord.chengdu", Role.COORDINATOR, ["westchina"], "en"),
    ("dr.chengdu", Role.PHYSICIAN, ["westchina"], "zh-hans"),
    ("analyst", Role.ANALYST, [], "en"),
    ("admin", Role.ADMIN, [], "en"),
]


@dataclass(frozen=True)
class DemoPatient:
    login: str | None
    given: str
    family: str
    native: str
    born: dt.date
    sex: str
    nationality: str
    languages: list[str]
    zone: str
    hospital: str
    stage: Stage
    diagnosis: str
    research: bool
    proxy: str | None = None


PATIENTS = [
    DemoPatient(
        "maria",
        "María",
        "García López",
        "",
        dt.date(1968, 3, 14),
        "female",
        "ES",
        ["es", "en"],
        "Europe/Madrid",
        "zhongshan",
        Stage.RECORDS_REVIEW,
        "Diffuse large B-cell lymphoma, relapsed after 2 lines",
        True,
    ),
    DemoPatient(
        "james",
        "James",
        "Miller",
        "",
        dt.date(1959, 11, 2),
        "male",
        "US",
        ["en"],
        "America/New_York",
        "zhongshan",
        Stage.FOLLOW_UP,
        "Multiple myeloma, relapsed after 4 lines",
        True,
    ),
    DemoPatient(
        None,
        "Lily",
        "Chen",
        "陈莉莉",
        dt.date(2016, 6, 21),
        "female",
        "AU",
        ["en", "zh"],
        "Australia/Sydney",
        "zhongshan",
        Stage.INPATIENT,
        "B-cell acute lymphoblastic leukaemia, second relapse",
        False,
        proxy="chen.wei",
    ),
    DemoPatient(
        "ahmed",
        "Ahmed",
        "Al-Sayed",
        "أحمد السيد",
        dt.date(1975, 1, 9),
        "male",
        "EG",
        ["ar", "en"],
        "Africa/Cairo",
        "westchina",
        Stage.SCREENING,
        "Mantle cell lymphoma, refractory",
        True,
    ),
    DemoPatient(
        "olga",
        "Olga",
        "Ivanova",
        "Ольга Иванова",
        dt.date(1981, 8, 30),
        "female",
        "RU",
        ["ru"],
        "Europe/Moscow",
        "westchina",
        Stage.VISA_TRAVEL,
        "Follicular lymphoma, relapsed after 3 lines",
        False,
    ),
    DemoPatient(
        "an",
        "An",
        "Nguyen Van",
        "Nguyễn Văn An",
        dt.date(1990, 4, 2),
        "male",
        "VN",
        ["vi"],
        "Asia/Ho_Chi_Minh",
        "zhongshan",
        Stage.INQUIRY,
        "Diffuse large B-cell lymphoma, primary refractory",
        True,
    ),
    DemoPatient(
        "hiroshi",
        "Hiroshi",
        "Tanaka",
        "田中 博",
        dt.date(1962, 12, 12),
        "male",
        "JP",
        ["ja"],
        "Asia/Tokyo",
        "westchina",
        Stage.MANUFACTURING,
        "Multiple myeloma, relapsed after 3 lines",
        True,
    ),
    DemoPatient(
        "minjun",
        "Min-jun",
        "Kim",
        "김민준",
        dt.date(1985, 7, 7),
        "male",
        "KR",
        ["ko", "en"],
        "Asia/Seoul",
        "zhongshan",
        Stage.DECLINED,
        "Hodgkin lymphoma",
        False,
    ),
    DemoPatient(
        "sophie",
        "Sophie",
        "Martin",
        "",
        dt.date(1994, 2, 18),
        "female",
        "FR",
        ["fr", "en"],
        "Europe/Paris",
        "westchina",
        Stage.PRE_TREATMENT,
        "Systemic lupus erythematosus, refractory (trial)",
        True,
    ),
]

CONSENT_TEXTS = {
    "treatment": (
        (
            "Consent to treatment and care",
            "I agree that the hospital's care team may assess me and treat me with CAR-T cell therapy "
            "as explained to me, and keep the records this needs.",
        ),
        (
            "治疗与护理同意书",
            "我同意医院的医疗团队按照向我解释的方案对我进行评估并给予CAR-T细胞治疗，并保存所需的病历。",
        ),
    ),
    "cross_border": (
        (
            "Consent to transfer health data across borders",
            "I agree that my health records may be sent between my home country and the hospital in "
            "China, for my assessment and care only.",
        ),
        (
            "健康数据跨境传输同意书",
            "我同意我的健康记录可在我的本国与中国的医院之间传输，仅用于对我的评估和治疗。",
        ),
    ),
    "research": (
        (
            "Consent to registry research",
            "I agree that de-identified data about my treatment and its outcome may be used for "
            "research in the CAR-T registry. I can withdraw at any time; later exports will leave me out.",
        ),
        (
            "登记研究同意书",
            "我同意将我的治疗及其结果的去标识化数据用于CAR-T登记研究。我可以随时撤回；此后的导出将不包括我的数据。",
        ),
    ),
    "contact": (
        (
            "Consent to be contacted",
            "I agree to be contacted by the hospital about my follow-up, by e-mail, telephone or "
            "message, in my language.",
        ),
        ("联系同意书", "我同意医院就我的随访以电子邮件、电话或短信用我的语言与我联系。"),
    ),
}


def totp_key(username: str) -> str:
    """A fixed TOTP key per demo account, so ``cartnav demo-otp USER`` can print the code."""
    return hashlib.sha256(f"cartnav-demo:{username}".encode()).hexdigest()[:40]


def _user(username: str, role: str, language: str, zone: str = "Asia/Shanghai") -> User:
    user = User.objects.create_user(
        username=username,
        password=DEMO_PASSWORD,
        role=role,
        language=language,
        time_zone=zone,
        email=f"{username}@demo.cartnav.invalid",
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    if role in SECOND_FACTOR_ROLES:
        TOTPDevice.objects.create(user=user, name="demo", key=totp_key(username), confirmed=True)
    return user


def _consent_texts() -> dict[tuple[str, str], ConsentText]:
    texts = {}
    for purpose, ((title_en, body_en), (title_zh, body_zh)) in CONSENT_TEXTS.items():
        for lang, title, body in (("en", title_en, body_en), ("zh-hans", title_zh, body_zh)):
            texts[purpose, lang] = ConsentText.objects.create(
                purpose=purpose,
                version="1.0",
                language=lang,
                title=title,
                body=body,
                published=dt.date(2026, 1, 1),
            )
    return texts


def _history(case: Case, target: Stage, start: dt.datetime, by: User | None) -> None:
    """Walk the case along the journey to its stage, a few days per step, ending at ``target``."""
    path = (
        JOURNEY[: JOURNEY.index(target) + 1]
        if target in JOURNEY
        else [Stage.INQUIRY, Stage.SCREENING, Stage.RECORDS_REVIEW, target]
    )
    when, prev = start, ""
    rows = []
    for stage in path:
        rows.append(
            StageChange(
                case=case,
                from_stage=prev,
                to_stage=stage,
                by=by,
                at=when,
                reason="Case opened" if not prev else "Demo: next step reached",
            )
        )
        prev, when = stage, when + dt.timedelta(days=4)
    StageChange.objects.bulk_create(rows)
    case.stage, case.stage_changed = target, rows[-1].at
    case.save(update_fields=["stage", "stage_changed"])


@transaction.atomic
def load(extra_cases: int = 0, seed: int = 7) -> dict[str, int]:
    if User.objects.filter(username="coord.shanghai").exists():
        raise RuntimeError("The demo data is already loaded.")
    hospitals = {
        h["slug"]: Hospital.objects.update_or_create(slug=h["slug"], defaults=h)[0]
        for h in HOSPITALS
    }
    staff: dict[str, User] = {}
    for username, role, slugs, language in STAFF:
        staff[username] = _user(username, role, language)
        for slug in slugs:
            Membership.objects.create(user=staff[username], hospital=hospitals[slug])
    texts = _consent_texts()
    now = timezone.now()
    coordinators = {"zhongshan": staff["coord.shanghai"], "westchina": staff["coord.chengdu"]}
    for i, p in enumerate(PATIENTS):
        user = _user(p.login, Role.PATIENT, "en", p.zone) if p.login else None
        patient = Patient.objects.create(
            user=user,
            given_name=p.given,
            family_name=p.family,
            native_name=p.native,
            date_of_birth=p.born,
            sex=p.sex,
            nationality=p.nationality,
            languages=p.languages,
            time_zone=p.zone,
            email=f"{(p.login or p.proxy or 'x')}@demo.cartnav.invalid",
            phone=f"+00 555 01{i:02d}",
            passport_number=f"X{1000000 + i * 7919}",
        )
        if p.proxy:
            patient.proxies.add(_user(p.proxy, Role.PROXY, "en", p.zone))
        hospital = hospitals[p.hospital]
        case = Case.objects.create(
            number=f"{p.hospital[:4].upper()}-2026-{i + 1:05d}",
            patient=patient,
            hospital=hospital,
            coordinator=coordinators[p.hospital],
            stage=Stage.INQUIRY,
            stage_changed=now,
            diagnosis=p.diagnosis,
        )
        _history(case, p.stage, now - dt.timedelta(days=120 - i * 7), coordinators[p.hospital])
        purposes = ["treatment", "cross_border", "contact"] + (["research"] if p.research else [])
        for purpose in purposes:
            Consent.objects.create(
                patient=patient,
                purpose=purpose,
                text=texts[purpose, "en"],
                given_at=now - dt.timedelta(days=100),
                given_by=user,
            )
    _profiles()
    _costs(hospitals.values())
    _manufacturing()
    _journey_example()
    _ward_example()
    if extra_cases:
        _generated_cases(extra_cases, list(hospitals.values()), coordinators, texts, seed)
    return {
        "hospitals": len(hospitals),
        "staff": len(staff),
        "patients": Patient.objects.count(),
        "cases": Case.objects.count(),
    }


#: Screening profiles of the demo patients (synthetic), keyed by case number suffix.
PROFILES: dict[str, dict[str, object]] = {
    "maria": {
        "age_years": 58,
        "sex": "female",
        "disease": "DLBCL",
        "icd10": "C83.3",
        "antigens": {"CD19": True},
        "lines": [
            {
                "regimen": "R-CHOP",
                "drug_classes": ["anti-CD20", "anthracycline", "alkylator"],
                "start": "2024-02-01",
                "end": "2024-07-15",
                "best_response": "PR",
            },
            {
                "regimen": "R-GemOx",
                "drug_classes": ["anti-CD20", "other"],
                "start": "2024-10-01",
                "end": "2025-02-01",
                "best_response": "PD",
            },
        ],
        "refractory": True,
        "relapsed": True,
        "prior_car_t": False,
        "transplant": "none",
        "ecog": 1,
        "cns_involvement": False,
        "active_infection": False,
        "hiv": False,
        "hbv": False,
        "hcv": False,
        "pregnant": False,
        "labs": {
            "creatinine": {"value": 0.9, "unit": "mg/dL", "date": "2026-11-01"},
            "anc": {"value": 2.1, "unit": "10*9/L", "date": "2026-11-01"},
            "platelets": {"value": 140, "unit": "10*9/L", "date": "2026-11-01"},
            "hemoglobin": {"value": 11.2, "unit": "g/dL", "date": "2026-11-01"},
        },
        "languages": ["es", "en"],
        "cities": ["Shanghai"],
    },
    "james": {
        "age_years": 67,
        "sex": "male",
        "disease": "MM",
        "antigens": {"BCMA": True},
        "lines": [
            {"regimen": "VRd", "drug_classes": ["PI", "IMiD"]},
            {"regimen": "Dara-Pom-dex", "drug_classes": ["anti-CD38", "IMiD"]},
            {"regimen": "Carfilzomib-dex", "drug_classes": ["PI"]},
            {"regimen": "Teclistamab", "drug_classes": ["bispecific"]},
        ],
        "refractory": True,
        "prior_car_t": False,
        "transplant": "autologous",
        "transplant_date": "2021-05-10",
        "ecog": 1,
        "languages": ["en"],
    },
    "ahmed": {
        "age_years": 51,
        "sex": "male",
        "disease": "MCL",
        "antigens": {"CD19": True},
        "lines": [
            {"regimen": "R-CHOP/R-DHAP", "drug_classes": ["anti-CD20", "anthracycline"]},
            {"regimen": "Ibrutinib", "drug_classes": ["BTKi"]},
        ],
        "refractory": True,
        "ecog": 1,
        "languages": ["ar", "en"],
        "cities": ["Chengdu"],
    },
    "an": {
        "age_years": 36,
        "sex": "male",
        "disease": "DLBCL",
        "lines": [{"regimen": "R-CHOP", "drug_classes": ["anti-CD20", "anthracycline"]}],
        "refractory": True,
        "languages": ["vi"],
    },
    "olga": {
        "age_years": 45,
        "sex": "female",
        "disease": "FL",
        "lines": [
            {"regimen": "R-CVP"},
            {"regimen": "R-bendamustine"},
            {"regimen": "Obinutuzumab-lenalidomide"},
        ],
        "relapsed": True,
        "ecog": 0,
        "pregnant": False,
        "languages": ["ru"],
    },
    "hiroshi": {
        "age_years": 63,
        "sex": "male",
        "disease": "MM",
        "lines": [
            {"regimen": "VRd", "drug_classes": ["PI", "IMiD"]},
            {"regimen": "KPd", "drug_classes": ["PI", "IMiD"]},
            {"regimen": "Isa-Pd", "drug_classes": ["anti-CD38", "IMiD"]},
        ],
        "refractory": True,
        "ecog": 1,
        "languages": ["ja"],
    },
    "minjun": {"age_years": 41, "sex": "male", "disease": "HL", "languages": ["ko", "en"]},
    "sophie": {
        "age_years": 32,
        "sex": "female",
        "disease": "SLE",
        "pregnant": False,
        "languages": ["fr", "en"],
    },
    "lily": {
        "age_years": 10,
        "sex": "female",
        "disease": "B-ALL",
        "antigens": {"CD19": True},
        "lines": [
            {"regimen": "Induction (COG)"},
            {"regimen": "Blinatumomab", "drug_classes": ["bispecific"]},
        ],
        "relapsed": True,
        "languages": ["en", "zh"],
    },
}


#: Demo figures for the cost estimate. Not any hospital's tariff and not a published rate: the
#: demo says so in each row's source, and an admin replaces them with real, dated figures.
DEMO_TARIFF = {
    "ward_day": "3500",
    "assessments": "30000",
    "lymphodepletion": "20000",
    "icu_reserve": "100000",
    "local_stay_day": "400",
    "companion_day": "300",
}
DEMO_RATES = {
    "USD": "7.1",
    "EUR": "7.7",
    "GBP": "9.0",
    "JPY": "0.047",
    "KRW": "0.0051",
    "RUB": "0.09",
}


def _costs(hospitals: Any) -> None:
    """Demo exchange rates and tariffs (labelled as demo figures) for the cost estimate."""
    from decimal import Decimal

    from cartnav.costs.models import ExchangeRate, TariffItem

    day = dt.date(2026, 12, 1)
    for currency, rate in DEMO_RATES.items():
        ExchangeRate.objects.update_or_create(
            currency=currency,
            as_of=day,
            defaults={"cny_per_unit": Decimal(rate), "source": "demo figure, not a published rate"},
        )
    for hospital in hospitals:
        for item, amount in DEMO_TARIFF.items():
            TariffItem.objects.update_or_create(
                hospital=hospital,
                item=item,
                as_of=day,
                defaults={
                    "amount_cny": Decimal(amount),
                    "source": "demo figure, not the hospital's tariff",
                },
            )


#: The ISBT 128 FINs the demo's hospitals use: the standard's own worked examples (ISBT 128
#: ST-001 / the UK Red Book: G1234; the chain-of-identity specification: A9998). A real FIN is
#: assigned by ICCBBA and entered by an admin.
DEMO_FINS = {"zhongshan": "G1234", "westchina": "A9998"}


def _manufacturing() -> None:
    """A demo manufacturing site per maker of the products the demo plans (capacity is a demo
    figure, labelled as such), and the demo hospitals' example FINs."""
    from cartnav.catalog.models import Product
    from cartnav.custody.models import ManufacturingSite

    for slug, fin in DEMO_FINS.items():
        Hospital.objects.filter(slug=slug).update(isbt_fin=fin)
    for maker, slugs in {"JW Therapeutics": ["relma-cel"], "Fosun Kite": ["axi-cel-cn"]}.items():
        site = ManufacturingSite.objects.create(
            name=f"{maker} manufacturing (demo)",
            maker=maker,
            city="demo",
            slots_per_week=4,
            days_to_start=1,
            source="demo figure, not the maker's capacity",
        )
        site.products.set(Product.objects.filter(slug__in=slugs))


def _journey_example() -> None:
    """Olga's case (visa and travel) as a family would see it midway: a treatment plan with
    dates, a cost estimate in roubles, the visa letter, the travel plan, and a conversation with
    the coordinator. Made through the same services as the pages, so it is what they make."""
    from cartnav.catalog.models import Product
    from cartnav.conversations import services as conversations
    from cartnav.costs import services as costs
    from cartnav.plans.models import TreatmentPlan
    from cartnav.travel.models import TravelPlan
    from cartnav.visas import services as visas

    case = Case.objects.select_related("hospital", "patient").get(patient__user__username="olga")
    coordinator = User.objects.get(username="coord.chengdu")
    olga = User.objects.get(username="olga")
    start = timezone.localdate() + dt.timedelta(days=21)
    day = {
        k: start + dt.timedelta(days=v)
        for k, v in {
            "assessment": 0,
            "apheresis": 2,
            "lymphodepletion": 18,
            "infusion": 23,
            "discharge": 33,
            "local_stay_end": 47,
            "home": 48,
        }.items()
    }
    TreatmentPlan.objects.create(
        case=case,
        option="relma-cel (倍诺达 Carteyva)",
        physician=User.objects.get(username="dr.chengdu"),
        stay_days=14,
        stay_within_hours=2,
        stay_source="the hospital's own rule (demo)",
        updated_by=coordinator,
        **day,
    )
    product = Product.objects.filter(slug="relma-cel").first()
    estimate = costs.suggestion(case, product, companions=1)
    costs.issue_quote(
        None,
        case,
        currency="RUB",
        product=product,
        companions=1,
        note="Demo estimate: the tariff and the rate are demo figures.",
        lines=[
            costs.LineIn(
                line.kind, line.quantity, line.unit_cny, line.note, line.source, line.as_of
            )
            for line in estimate.lines
            if line.unit_cny
        ],
        by=coordinator,
    )
    visas.issue_letter(
        None,
        case,
        signer_name="Dr Chen Jing",
        signer_title="Director, International Patient Centre (demo)",
        valid_until=day["home"] + dt.timedelta(days=30),
        by=coordinator,
    )
    TravelPlan.objects.create(
        case=case,
        arrival=timezone.make_aware(
            dt.datetime.combine(day["assessment"] - dt.timedelta(days=1), dt.time(15, 40))
        ),
        arrival_flight="SU 208",
        accommodation="Serviced flat near the hospital (demo)",
        accommodation_address="Guoxue Alley, Wuhou District, Chengdu",
        latitude=30.6425,
        longitude=104.0430,
        check_in=day["assessment"] - dt.timedelta(days=1),
        check_out=day["home"],
        updated_by=olga,
    )
    conversations.post(None, case, "Можно ли моей сестре остаться со мной в палате?", by=olga)
    conversations.post(
        None,
        case,
        "Yes: one companion may stay in the room. We will arrange an interpreter for the "
        "assessment day.",
        by=coordinator,
    )


def _profiles() -> None:
    """Save each demo patient's screening profile (this also screens them)."""
    from cartnav.screening import services as screening

    for case in Case.objects.select_related("patient__user").filter(
        number__regex=r"^(ZHON|WEST)-2026-"
    ):
        login = case.patient.user.username if case.patient.user else "lily"
        if login in PROFILES:
            screening.save_profile(None, case, PROFILES[login])


_GIVEN = [
    "Anna",
    "Luca",
    "Omar",
    "Mei",
    "Ivan",
    "Sara",
    "Tomás",
    "Aiko",
    "Noah",
    "Fatima",
    "Leo",
    "Nina",
]
_FAMILY = [
    "Rossi",
    "Novak",
    "Haddad",
    "Schmidt",
    "Silva",
    "Kowalski",
    "Dubois",
    "Sato",
    "Jensen",
    "Costa",
]
_COUNTRIES = [
    ("IT", "Europe/Rome"),
    ("PL", "Europe/Warsaw"),
    ("LB", "Asia/Beirut"),
    ("DE", "Europe/Berlin"),
    ("BR", "America/Sao_Paulo"),
    ("TH", "Asia/Bangkok"),
    ("NG", "Africa/Lagos"),
    ("GB", "Europe/London"),
]
_DIAGNOSES = [
    "Diffuse large B-cell lymphoma",
    "Multiple myeloma",
    "B-cell acute lymphoblastic leukaemia",
    "Follicular lymphoma",
    "Mantle cell lymphoma",
]


def _generated_cases(
    n: int,
    hospitals: list[Hospital],
    coordinators: dict[str, User],
    texts: dict[tuple[str, str], ConsentText],
    seed: int,
) -> None:
    rng = random.Random(seed)
    now = timezone.now()
    stages = list(Stage)
    patients = []
    for i in range(n):
        country, zone = rng.choice(_COUNTRIES)
        patients.append(
            Patient(
                given_name=rng.choice(_GIVEN),
                family_name=f"{rng.choice(_FAMILY)}-{i:04d}",
                date_of_birth=dt.date(
                    rng.randint(1945, 2010), rng.randint(1, 12), rng.randint(1, 28)
                ),
                sex=rng.choice(["female", "male"]),
                nationality=country,
                languages=["en"],
                time_zone=zone,
            )
        )
    Patient.objects.bulk_create(patients, batch_size=500)
    cases, changes, consents = [], [], []
    for i, patient in enumerate(patients):
        hospital = hospitals[i % len(hospitals)]
        stage = rng.choice(stages)
        at = now - dt.timedelta(days=rng.randint(0, 365))
        case = Case(
            number=f"GEN{hospital.slug[:3].upper()}-{i + 1:06d}",
            patient=patient,
            hospital=hospital,
            coordinator=coordinators[hospital.slug],
            stage=stage,
            stage_changed=at,
            diagnosis=rng.choice(_DIAGNOSES),
        )
        cases.append(case)
        changes.append(
            StageChange(case=case, from_stage="", to_stage=stage, at=at, reason="Generated")
        )
        consents.append(
            Consent(patient=patient, purpose="research", text=texts["research", "en"], given_at=at)
        )
    Case.objects.bulk_create(cases, batch_size=500)
    StageChange.objects.bulk_create(changes, batch_size=500)
    Consent.objects.bulk_create(consents, batch_size=500)


def _ward_example() -> None:
    """Lily's stay on the ward (a child: CAPD, not ICE), four days after infusion: observations
    every four hours charted by the nurse, a grade 2 CRS on day 2 that raised an alert the
    physician acknowledged, and one dose of tocilizumab. Made through the ward's services."""
    from cartnav.ward import services as ward
    from cartnav.ward.models import Alert

    case = Case.objects.select_related("hospital", "patient").get(
        patient__given_name="Lily", patient__family_name="Chen"
    )
    nurse = User.objects.get(username="nurse.shanghai")
    doctor = User.objects.get(username="dr.shanghai")
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    infused = now - dt.timedelta(days=4, hours=2)
    stay = ward.admit(None, case, infused, weight_kg=32.0, physician=doctor)

    def q(value: float, unit: str) -> dict[str, object]:
        return {"value": value, "unit": unit}

    hour = 0
    while infused + dt.timedelta(hours=hour) < now - dt.timedelta(minutes=30):
        at = infused + dt.timedelta(hours=hour)
        sick = 40 <= hour < 64  # day 2: fever with low pressure
        values: dict[str, object] = {
            "temperature": q(39.2 if sick else 37.0 + (hour % 3) * 0.2, "Cel"),
            "heart_rate": q(138 if sick else 96, "/min"),
            "systolic": q(82 if sick else 104, "mm[Hg]"),
            "spo2": q(96, "%"),
            "oxygen_device": "room_air",
            "vasopressors": 0,
            "vasopressin": False,
            "hypotension": sick,
        }
        if hour % 8 == 0:
            values.update(
                capd_total=2 if sick else 0,
                consciousness="alert",
                seizure="none",
                motor_weakness=False,
                raised_icp="none",
            )
        if hour % 24 == 0:
            values.update(
                anc=q(max(0.1, 1.2 - hour / 60), "10*9/L"),
                platelets=q(max(30, 120 - hour), "10*9/L"),
                hemoglobin=q(9.6, "g/dL"),
                crp=q(80 if sick else 12, "mg/L"),
                ferritin=q(2400 if sick else 900, "ng/mL"),
            )
        ward.record(None, stay, at, values, by=nurse)
        if hour == 44:
            from cartnav.ward.models import Dose

            Dose.objects.create(
                stay=stay, drug="tocilizumab", dose_mg=256.0, given_at=at, recorded_by=nurse
            )
        hour += 4
    Alert.objects.filter(stay=stay, rule__in=["crs", "systolic"]).update(
        acknowledged_at=infused + dt.timedelta(hours=41), acknowledged_by=doctor
    )
