"""The fixed cast every platform test uses (STYLE.md: "a cast, not random users").

* Ana — patient at hospital A; sees only her own case.
* Ben — patient at hospital A too; must never see Ana's case.
* Carla — Ana's daughter, a proxy acting for Ana; sees Ana's case only.
* Cora — coordinator at hospital A; sees A's cases (Ana's and Ben's), not B's.
* Dan — coordinator at hospital B; sees only Bea's case.
* Bea — patient at hospital B.
* Rita — specialist reviewer at A; Nils — nurse at A; Phil — physician at A.
* Ali — registry analyst; sees no case and no name, only the de-identified registry.
* Adam — administrator; sees everything, after his second factor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cartnav.accounts.models import Membership, User
from cartnav.accounts.roles import SECOND_FACTOR_ROLES
from cartnav.catalog.models import Hospital
from cartnav.patients import services
from cartnav.patients.models import Case, ConsentText, Patient

PASSWORD = "a-long-test-password-1"


@dataclass
class Cast:
    hospital_a: Hospital
    hospital_b: Hospital
    users: dict[str, User]
    ana: Patient
    ben: Patient
    bea: Patient
    ana_case: Case
    ben_case: Case
    bea_case: Case
    texts: dict[tuple[str, str], ConsentText]

    def client(self, name: str) -> Client:
        """A client signed in as this person, past the second factor if their role needs it."""
        client = Client()
        user = self.users[name]
        client.force_login(user, backend="cartnav.accounts.backends.CartnavBackend")
        if user.needs_second_factor:
            device = TOTPDevice.objects.get(user=user)
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
        return client


def code_for(user: User) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def make_user(username: str, role: str, hospitals: list[Hospital] = (), **extra: object) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, role=role, **extra)
    for hospital in hospitals:
        Membership.objects.create(user=user, hospital=hospital)
    if role in SECOND_FACTOR_ROLES:
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def build_cast() -> Cast:
    a = Hospital.objects.create(slug="alpha", name="Alpha Hospital", city="Shanghai")
    b = Hospital.objects.create(slug="beta", name="Beta Hospital", city="Chengdu")
    users = {
        "ana": make_user("ana", "patient", time_zone="Europe/Madrid"),
        "ben": make_user("ben", "patient"),
        "bea": make_user("bea", "patient"),
        "carla": make_user("carla", "proxy"),
        "cora": make_user("cora", "coordinator", [a]),
        "dan": make_user("dan", "coordinator", [b]),
        "rita": make_user("rita", "reviewer", [a]),
        "nils": make_user("nils", "nurse", [a]),
        "phil": make_user("phil", "physician", [a]),
        "ali": make_user("ali", "analyst"),
        "adam": make_user("adam", "admin", is_staff=True, is_superuser=True),
    }
    texts = {}
    for purpose in ("treatment", "cross_border", "research", "contact"):
        for lang in ("en", "zh-hans"):
            texts[purpose, lang] = ConsentText.objects.create(
                purpose=purpose,
                version="1.0",
                language=lang,
                title=f"{purpose} {lang}",
                body="text",
                published=dt.date(2026, 1, 1),
            )

    def patient(user: User, given: str, family: str, **kw: object) -> Patient:
        return services.create_patient(
            None,
            user=user,
            given_name=given,
            family_name=family,
            date_of_birth=dt.date(1970, 1, 1),
            sex="female",
            nationality="ES",
            passport_number=f"PASS-{given.upper()}",
            **kw,
        )

    ana = patient(users["ana"], "Ana", "Alvarez", time_zone="Europe/Madrid")
    ana.proxies.add(users["carla"])
    ben = patient(users["ben"], "Ben", "Brown")
    bea = patient(users["bea"], "Bea", "Bauer")
    ana_case = services.open_case(None, ana, a, coordinator=users["cora"], diagnosis="DLBCL")
    ben_case = services.open_case(None, ben, a, coordinator=users["cora"], diagnosis="MM")
    bea_case = services.open_case(None, bea, b, coordinator=users["dan"], diagnosis="B-ALL")
    for p in (ana, ben, bea):
        services.give_consent(None, p, "research", texts["research", "en"], by=p.user)
    return Cast(a, b, users, ana, ben, bea, ana_case, ben_case, bea_case, texts)
