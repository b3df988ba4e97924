"""Is this bundle about this patient? The bundle's Patient compared with the case's patient.

A FHIR bundle about someone else must never become this patient's record without a person
deciding so. :func:`patient_identity` reads what a bundle's Patient says (names, birth date, sex,
identifiers); :func:`compare` lists every difference from the case's patient. An empty list means
the bundle agrees on everything both sides state; any difference stops the import until a
coordinator has seen the differences and confirmed (``records.services.import_bundle``).

What counts as the same (cartnav's choices, each tested):

* **Names** are compared after folding case, accents and punctuation ("José-María" = "jose
  maria"). A bundle name agrees when its family name is the case's and its given names contain
  the case's (or the other way round: a middle name on one side only is not a different person).
  Any one of the bundle's names agreeing is enough (a maiden name beside the married one). A
  name written in the patient's own script agrees with the case's name in own script.
* **Birth date** must be the same day when both sides have one.
* **Sex** must agree when both sides say female or male; other or unknown is not compared.
* **Passport**: an identifier of type ``PPN`` (HL7 v2 table 0203) must equal the case's
  passport number, ignoring case, spaces and punctuation, when both are known.
* **Nothing to compare** — a bundle with no Patient, or one with neither name nor birth date —
  is itself a difference: nobody can tell whom such a bundle is about.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Identity:
    """Whom a bundle says it is about: its Patient's names, birth date, sex and identifiers."""

    names: tuple[tuple[str, str], ...] = ()  # (family, given) pairs, as written
    birth_date: str | None = None
    sex: str | None = None
    identifiers: tuple[tuple[str, str], ...] = ()  # (type code or system, value)

    def to_dict(self) -> dict[str, Any]:
        return {
            "names": [{"family": f, "given": g} for f, g in self.names],
            "birth_date": self.birth_date,
            "sex": self.sex,
            "identifiers": [{"type": t, "value": v} for t, v in self.identifiers],
        }


@dataclass(frozen=True)
class CasePerson:
    """The case's patient, as plain values (so that the comparison needs no database)."""

    family_name: str
    given_name: str
    native_name: str = ""
    date_of_birth: dt.date | None = None
    sex: str = ""
    passport_number: str = ""

    @property
    def display(self) -> str:
        latin = f"{self.given_name} {self.family_name}".strip()
        return f"{latin} ({self.native_name})" if self.native_name else latin


@dataclass(frozen=True)
class Difference:
    """One way the bundle's patient differs from the case's: the fact, and both sides."""

    fact: str  # "patient", "name", "birth_date", "sex", "passport"
    case: str
    bundle: str

    def to_dict(self) -> dict[str, str]:
        return {"fact": self.fact, "case": self.case, "bundle": self.bundle}


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _codings(concept: Any) -> list[dict[str, Any]]:
    coding = concept.get("coding") if isinstance(concept, dict) else None
    return [c for c in coding or [] if isinstance(c, dict)]


def patient_identity(res: dict[str, Any]) -> Identity:
    """The identifying facts of a FHIR Patient resource, as written."""
    names = []
    for name in res.get("name") or []:
        if isinstance(name, dict):
            family = " ".join(_strings(name.get("family")))
            given = " ".join(_strings(name.get("given")))
            if not (family or given) and isinstance(name.get("text"), str):
                family = name["text"]
            names.append((family[:200], given[:200]))
    identifiers = []
    for ident in res.get("identifier") or []:
        if isinstance(ident, dict) and isinstance(ident.get("value"), str):
            kind = next(
                (str(c.get("code")) for c in _codings(ident.get("type")) if c.get("code")),
                str(ident.get("system") or ""),
            )
            identifiers.append((kind[:100], ident["value"][:100]))
    gender, born = res.get("gender"), res.get("birthDate")
    return Identity(
        names=tuple(names),
        birth_date=born[:10] if isinstance(born, str) and born else None,
        sex=gender if isinstance(gender, str) else None,
        identifiers=tuple(identifiers),
    )


def fold(text: str) -> list[str]:
    """A name as comparable words: no accents, no case, no punctuation."""
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).casefold()
    return "".join(c if c.isalnum() else " " for c in plain).split()


def _name_agrees(family: str, given: str, person: CasePerson) -> bool:
    their_family, their_given = fold(family), fold(given)
    if person.native_name and "".join(fold(family + given)) == "".join(fold(person.native_name)):
        return True  # the name in own script (王 + 小明 = 王小明)
    if their_family != fold(person.family_name):
        return False
    ours = set(fold(person.given_name))
    theirs = set(their_given)
    return bool(ours and theirs) and (ours <= theirs or theirs <= ours)


def _passport(text: str) -> str:
    return "".join(c for c in text if c.isalnum()).upper()


def compare(person: CasePerson, identity: Identity | None) -> list[Difference]:
    """Every difference between the case's patient and whom the bundle names (empty: the same
    person as far as both sides say)."""
    if identity is None:
        return [Difference("patient", person.display, "the bundle names no patient")]
    if not identity.names and not identity.birth_date:
        return [
            Difference("patient", person.display, "the bundle's patient has no name or birth date")
        ]
    out: list[Difference] = []
    if identity.names and not any(_name_agrees(f, g, person) for f, g in identity.names):
        shown = "; ".join(f"{g} {f}".strip() for f, g in identity.names)
        out.append(Difference("name", person.display, shown))
    born = person.date_of_birth.isoformat() if person.date_of_birth else None
    if identity.birth_date and born and identity.birth_date != born:
        out.append(Difference("birth_date", born, identity.birth_date))
    known = ("female", "male")
    if identity.sex in known and person.sex in known and identity.sex != person.sex:
        out.append(Difference("sex", person.sex, str(identity.sex)))
    passports = [v for kind, v in identity.identifiers if kind == "PPN"]
    on_file = _passport(person.passport_number) if person.passport_number else ""
    if passports and on_file and on_file not in {_passport(p) for p in passports}:
        out.append(Difference("passport", "(on file)", ", ".join(passports)))
    return out
