"""ISBT 128 identifiers for a cell product's chain of identity: DINs and CoI identifiers.

A CAR-T product is only safe if the bag infused is the patient's own cells. Two ISBT 128
identifiers carry that link across the apheresis centre, the manufacturer and the ward:

* each container's **donation identification number (DIN)**, ISBT 128 ST-001 data structure 001:
  data identifier ``=``, then 13 characters: the 5-character Facility Identification Number
  (FIN), a 2-digit year and a 6-digit sequence number (ST-001 writes them alpha-pppp yy nnnnnn,
  the alpha being the FIN's first character), then two flag characters ``ff`` in the bar code;
* the **chain-of-identity (CoI) identifier** of one therapy event, ISBT 128 ST-028 (data
  structure 040), which links every collection made for that therapy: data identifier ``&/``,
  then ``CH`` + FIN (5) + year (2) + sequence (6), 15 characters.

Both are protected by an ISO/IEC 7064 MOD 37-2 check character, computed over the data content
without its data identifier and without flags (:func:`mod37_2`). It is what turns a misread or
mistyped identifier into a refusal instead of a wrong bag.

Choices, and why:

* **Character set.** The data characters are the digits ``0``-``9`` and the upper-case letters
  ``A``-``Z`` (the FIN may hold either; the year and sequence are digits). ``*`` exists only as a
  check character (checksum value 36). Lower case is **refused**, not upper-cased: ISBT 128 bar
  codes and eye-readable text carry upper case only, so lower case means the identifier was
  re-keyed by hand, and the reason says so instead of silently turning it into something else.
  Surrounding white space (the Enter a keyboard-wedge scanner sends) is ignored.
* **Flags.** A DIN's two flag characters are checked when they are a check value, 60-96 (= 60 +
  the MOD 37-2 checksum, ST-001 Type 2 flags): a mismatch is invalid. ``00`` (no flag
  information) and ``01``-``59`` (process-control flags such as container identification) are
  accepted, but the result says the flags carry no check and ``verified`` is false. ``97``-``99``
  and non-digit flags are refused: they are not a value this module can interpret, and an
  identifier it cannot interpret is not one it should call valid.
* **CoI check character.** The CoI identifier's eye-readable form carries the MOD 37-2 check
  character, as a DIN's does: it is computed over the 15 characters after ``&/`` (``CH``
  included) and shown after the data, because chain-of-identity text is exactly what people
  read aloud and re-key at the bedside. Input may come with it (16 characters, which must match)
  or without it (15 characters, accepted but not ``verified``).
* **Eye-readable text** groups the fields and separates the check character by a space,
  ``G1234 98 654321 H`` for a DIN and ``CH G1234 98 654321 8`` for a CoI identifier; on a label
  the check character is printed boxed, which plain text cannot do.
* **Telling them apart.** A leading ``&/`` means CoI, a leading ``=`` means DIN. Without a data
  identifier: 16 characters starting ``CH`` is a CoI identifier with its check character (a DIN
  is never 16); 13 or 15 characters is a DIN; but 15 characters starting ``CH`` is **refused as
  ambiguous**, because it is both a CoI identifier without its check character and a DIN with
  flags whose FIN starts ``CH``. Guessing between two patients' identifiers is the failure this
  module exists to prevent.

FINs are assigned by ICCBBA and are configuration: nothing here invents one, and
:data:`EXAMPLE_FINS` holds only the FINs of published worked examples, for demos and tests.

Pure Python: no Django, no I/O. References: ISBT 128 ST-001 (DIN, data structure 001, flag
characters), ISBT 128 ST-028 (chain-of-identity identifier), ISO/IEC 7064 MOD 37-2; worked
example: UK Blood Services "Red Book", Annex 2 (G123 498 654 321, check character H, flags 77).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal, TypeAlias

#: ISO/IEC 7064 MOD 37-2 values: a character's index is its value; ``*`` (36) is a check only.
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*"
#: Characters allowed in the data of a DIN or CoI identifier (not ``*``, a check character only).
DATA_CHARACTERS = frozenset(ALPHABET[:36])
CHECK_CHARACTERS = frozenset(ALPHABET)
DIGITS = frozenset("0123456789")

DIN_DATA_IDENTIFIER = "="
COI_DATA_IDENTIFIER = "&/"
COI_PREFIX = "CH"
FIN_LENGTH = 5
DIN_LENGTH = 13  # FIN (5) + year (2) + sequence (6)
COI_LENGTH = 15  # "CH" + FIN (5) + year (2) + sequence (6)
#: Flag values that are a check: 60 + the MOD 37-2 checksum (ST-001 Type 2 flags).
CHECK_FLAGS = range(60, 97)
#: Flag values that carry no check: 00 = no flag information, 01-59 process-control flags.
UNCHECKED_FLAGS = range(0, 60)

#: FINs of published worked examples, for demos and tests only, never for a real label:
#: ``G1234`` is the FIN of the DIN ``G123498654321`` (check character H, flags 77) worked in the
#: UK Blood Services Red Book, Annex 2; ``A9998`` is the FIN of the DIN ``A999818123456``
#: (check character N, flags 83) given with it in this feature's specification. A real
#: facility's FIN is assigned by ICCBBA and comes from configuration.
EXAMPLE_FINS: tuple[str, ...] = ("G1234", "A9998")

Kind: TypeAlias = Literal["din", "coi"]


class IdentifierError(ValueError):
    """An identifier, or a part given to build one, that ISBT 128 does not allow; says why."""


def mod37_2(data: str) -> int:
    """The ISO/IEC 7064 MOD 37-2 checksum (0-36) of ``data`` (digits and upper-case A-Z).

    Each character's value (0-9, A-Z = 10-35) is weighted by 2**n, n its position counted from
    the right starting at 1; the checksum is (38 - sum mod 37) mod 37. Every weight is non-zero
    modulo the prime 37, so any single substituted character changes the checksum. ISBT 128
    uses it for the DIN (ST-001) and the CoI identifier (ST-028). Raises :class:`IdentifierError`
    for an empty string or a character outside the data alphabet.
    """
    if not data:
        raise IdentifierError("there is nothing to compute a check character over")
    problem = _characters_problem(data, "the data", 0)
    if problem:
        raise IdentifierError(problem)
    total = 0
    for n, character in enumerate(reversed(data), start=1):
        total += ALPHABET.index(character) * pow(2, n, 37)
    return (38 - total % 37) % 37


def check_character(data: str) -> str:
    """The eye-readable ISO/IEC 7064 MOD 37-2 check character of ``data``: 0-9, A-Z or ``*``."""
    return ALPHABET[mod37_2(data)]


def check_flag(data: str) -> int:
    """The bar-code check flag of a DIN's 13 characters: 60 + the MOD 37-2 checksum (60-96)."""
    return 60 + mod37_2(data)


@dataclass(frozen=True)
class Din:
    """A container's donation identification number (ISBT 128 ST-001, data structure 001).

    ``flag`` is the check flag (60 + checksum) that a bar code carries for this DIN;
    ``flags_read`` the two flag characters that came with it, if any. ``verified`` says whether
    anything read was checked against the data: only flags 60-96 are a check.
    """

    fin: str
    year: str
    sequence: str
    check_character: str
    flag: int
    flags_read: str | None = None

    kind: ClassVar[Kind] = "din"
    valid: ClassVar[bool] = True

    @property
    def data_content(self) -> str:
        """The 13 characters FIN + year + sequence, without the ``=`` and without flags."""
        return f"{self.fin}{self.year}{self.sequence}"

    @property
    def verified(self) -> bool:
        return self.flags_read is not None and int(self.flags_read) in CHECK_FLAGS

    def note(self) -> str | None:
        """Why a valid DIN was not verified, for the person reading the result."""
        if self.flags_read is None:
            return (
                "no flag characters were given, so nothing was checked: the check character "
                f"{self.check_character!r} (flag {self.flag}) is computed, not verified"
            )
        if not self.verified:
            return (
                f"flags {self.flags_read!r} carry no check (ISBT 128 flags 00-59 are not a "
                "check value), so the DIN's characters were not verified"
            )
        return None

    def eye_readable(self) -> str:
        """FIN, year, sequence and check character separated by spaces: ``G1234 98 654321 H``."""
        return f"{self.fin} {self.year} {self.sequence} {self.check_character}"

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self, flag=self.flag, flags_read=self.flags_read)


@dataclass(frozen=True)
class ChainOfIdentity:
    """A therapy event's chain-of-identity identifier (ISBT 128 ST-028, data structure 040).

    ``check_character`` is the MOD 37-2 check character of the 15 characters after ``&/``;
    ``check_character_read`` the one that came with the identifier, if any (then it matched).
    """

    fin: str
    year: str
    sequence: str
    check_character: str
    check_character_read: str | None = None

    kind: ClassVar[Kind] = "coi"
    valid: ClassVar[bool] = True

    @property
    def data_content(self) -> str:
        """The 15 characters after the data identifier ``&/``: ``CH`` + FIN + year + sequence."""
        return f"{COI_PREFIX}{self.fin}{self.year}{self.sequence}"

    @property
    def verified(self) -> bool:
        return self.check_character_read is not None

    def note(self) -> str | None:
        if self.verified:
            return None
        return (
            "no check character was given, so nothing was checked: the check character "
            f"{self.check_character!r} is computed, not verified"
        )

    def eye_readable(self) -> str:
        """Prefix, FIN, year, sequence and check character: ``CH G1234 98 654321 8``."""
        return f"{COI_PREFIX} {self.fin} {self.year} {self.sequence} {self.check_character}"

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


def _as_dict(parsed: Din | ChainOfIdentity, **extra: Any) -> dict[str, Any]:
    """A valid identifier as the CLI prints it: its parts, its check character, whether it was
    verified, its eye-readable text, the kind's own ``extra`` fields, and a note if any."""
    out: dict[str, Any] = {
        "kind": parsed.kind,
        "valid": True,
        "fin": parsed.fin,
        "year": parsed.year,
        "sequence": parsed.sequence,
        "check_character": parsed.check_character,
        **extra,
        "verified": parsed.verified,
        "eye_readable": parsed.eye_readable(),
    }
    if note := parsed.note():
        out["note"] = note
    return out


@dataclass(frozen=True)
class Invalid:
    """Text that is not a valid identifier, and why, in words a person can act on.

    ``kind`` is ``"din"`` or ``"coi"`` when the text said which it meant to be (its data
    identifier or its form), ``None`` when it could not be told.
    """

    reason: str
    kind: Kind | None = None

    valid: ClassVar[bool] = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"valid": False, "reason": self.reason}
        if self.kind is not None:
            out["kind"] = self.kind
        return out


Parsed: TypeAlias = Din | ChainOfIdentity | Invalid


def build_din(fin: str, year: str, sequence: str) -> Din:
    """The DIN of FIN, two-digit year and six-digit sequence, with its check character and flag.

    Raises :class:`IdentifierError` naming the part that ISBT 128 ST-001 does not allow.
    """
    _raise_field_problems(fin, year, sequence)
    data = f"{fin}{year}{sequence}"
    checksum = mod37_2(data)
    return Din(fin, year, sequence, ALPHABET[checksum], 60 + checksum)


def build_coi(fin: str, year: str, sequence: str) -> ChainOfIdentity:
    """The chain-of-identity identifier of FIN, two-digit year and six-digit sequence.

    Raises :class:`IdentifierError` naming the part that ISBT 128 ST-028 does not allow.
    """
    _raise_field_problems(fin, year, sequence)
    return ChainOfIdentity(
        fin, year, sequence, check_character(f"{COI_PREFIX}{fin}{year}{sequence}")
    )


def parse(text: str) -> Parsed:
    """Read a DIN or a chain-of-identity identifier; never raises, an error is an :class:`Invalid`.

    Accepted: a DIN as 13 characters or 15 with its flags, either after ``=``; a CoI identifier
    as 15 characters or 16 with its check character, after ``&/`` (or, at 16 characters
    starting ``CH``, without it). See the module docstring for why 15 characters starting
    ``CH`` without a data identifier is refused as ambiguous.
    """
    if not isinstance(text, str):
        return Invalid(f"expected text, got {type(text).__name__}")
    stripped = text.strip()
    offset = len(text) - len(text.lstrip())
    if not stripped:
        return Invalid("empty: expected a DIN or a chain-of-identity identifier")
    if stripped.startswith(COI_DATA_IDENTIFIER):
        return _parse_coi(stripped[len(COI_DATA_IDENTIFIER) :], offset + len(COI_DATA_IDENTIFIER))
    if stripped.startswith(DIN_DATA_IDENTIFIER):
        return _parse_din(stripped[len(DIN_DATA_IDENTIFIER) :], offset + len(DIN_DATA_IDENTIFIER))
    if stripped.startswith(COI_PREFIX) and len(stripped) == COI_LENGTH + 1:
        return _parse_coi(stripped, offset)
    if stripped.startswith(COI_PREFIX) and len(stripped) == COI_LENGTH:
        return Invalid(
            "ambiguous: 15 characters starting 'CH' may be a chain-of-identity identifier "
            "without its check character or a DIN with flags whose FIN starts 'CH'; give the "
            "chain-of-identity identifier with its data identifier '&/' or its check character, "
            "or the DIN with its data identifier '='"
        )
    if len(stripped) in (DIN_LENGTH, DIN_LENGTH + 2):
        return _parse_din(stripped, offset)
    return Invalid(
        f"{len(stripped)} characters is not the length of an identifier read here: a DIN is 13 "
        "characters, or 15 with its 2 flag characters (optionally after '='); a "
        "chain-of-identity identifier is '&/' then 15 characters, or 16 with its check character"
    )


def _parse_din(body: str, offset: int) -> Parsed:
    """A DIN's 13 characters and optional 2 flags; ``offset`` = characters before ``body``."""
    if len(body) not in (DIN_LENGTH, DIN_LENGTH + 2):
        return Invalid(
            f"wrong length: a DIN is 13 characters, or 15 with its 2 flag characters; this one "
            f"has {len(body)} (the eye-readable check character is not part of the DIN: give "
            "the 13 characters, or the 15 with the flags)",
            "din",
        )
    data, flags = body[:DIN_LENGTH], body[DIN_LENGTH:] or None
    fin, year, sequence = data[:5], data[5:7], data[7:13]
    problem = (
        _characters_problem(data, "DIN", offset)
        or _year_problem(year, offset + 5)
        or _sequence_problem(sequence, offset + 7)
    )
    if problem:
        return Invalid(problem, "din")
    checksum = mod37_2(data)
    expected_flag = 60 + checksum
    if flags is not None:
        first = offset + DIN_LENGTH + 1
        if not set(flags) <= DIGITS:
            return Invalid(
                f"the flag characters must be two digits; got {flags!r} at positions "
                f"{first}-{first + 1}",
                "din",
            )
        value = int(flags)
        if value in CHECK_FLAGS and value != expected_flag:
            return Invalid(
                f"flag is {flags} but should be {expected_flag}: flags 60-96 are the check "
                f"(60 + MOD 37-2 checksum {checksum}, check character {ALPHABET[checksum]!r}), "
                "so the DIN or its flags were misread or mistyped",
                "din",
            )
        if value not in CHECK_FLAGS and value not in UNCHECKED_FLAGS:
            return Invalid(
                f"flag {flags} is not one this reads: 00-59 carry no check, 60-96 are the "
                "check (60 + MOD 37-2 checksum); 97-99 are not interpreted",
                "din",
            )
    return Din(fin, year, sequence, ALPHABET[checksum], expected_flag, flags)


def _parse_coi(body: str, offset: int) -> Parsed:
    """A CoI identifier's 15 characters and optional check character, after ``&/`` if any."""
    if len(body) not in (COI_LENGTH, COI_LENGTH + 1):
        return Invalid(
            "wrong length: a chain-of-identity identifier is 15 characters after '&/' ('CH', "
            "5-character FIN, 2-digit year, 6-digit sequence), or 16 with its check character; "
            f"this one has {len(body)}",
            "coi",
        )
    data, given = body[:COI_LENGTH], body[COI_LENGTH:] or None
    problem = _characters_problem(data, "chain-of-identity identifier", offset)
    if problem is None and given is not None:
        problem = _characters_problem(
            given, "check character", offset + COI_LENGTH, CHECK_CHARACTERS
        )
    if problem:
        return Invalid(problem, "coi")
    if not data.startswith(COI_PREFIX):
        return Invalid(
            f"a chain-of-identity identifier starts 'CH'; this one starts {data[:2]!r}", "coi"
        )
    fin, year, sequence = data[2:7], data[7:9], data[9:15]
    problem = _year_problem(year, offset + 7) or _sequence_problem(sequence, offset + 9)
    if problem:
        return Invalid(problem, "coi")
    expected = check_character(data)
    if given is not None and given != expected:
        return Invalid(
            f"check character is {given!r} but should be {expected!r} (ISO/IEC 7064 MOD 37-2 "
            "of the 15 characters after '&/'), so the identifier was misread or mistyped",
            "coi",
        )
    return ChainOfIdentity(fin, year, sequence, expected, given)


def _characters_problem(
    text: str, what: str, offset: int, allowed: frozenset[str] = DATA_CHARACTERS
) -> str | None:
    """The first character of ``text`` not in ``allowed``, named with its 1-based position."""
    for index, character in enumerate(text):
        if character in allowed:
            continue
        position = offset + index + 1
        if "a" <= character <= "z":
            return (
                f"{what}: {character!r} at position {position} is lower case; ISBT 128 "
                f"identifiers use upper-case letters only ({character.upper()!r})"
            )
        extra = " (and '*' as a check character)" if "*" in allowed else ""
        return (
            f"{what}: {character!r} at position {position} is not allowed; ISBT 128 "
            f"identifiers use the digits 0-9 and upper-case letters A-Z{extra}"
        )
    return None


def _year_problem(year: str, offset: int) -> str | None:
    if len(year) == 2 and set(year) <= DIGITS:
        return None
    where = f" at positions {offset + 1}-{offset + 2}" if offset >= 0 else ""
    return f"the year must be two digits; got {year!r}{where}"


def _sequence_problem(sequence: str, offset: int) -> str | None:
    if len(sequence) == 6 and set(sequence) <= DIGITS:
        return None
    where = f" at positions {offset + 1}-{offset + 6}" if offset >= 0 else ""
    return f"the sequence number must be six digits; got {sequence!r}{where}"


def _raise_field_problems(fin: str, year: str, sequence: str) -> None:
    """For the builders: the parts as given, each with its own message."""
    for part, name in ((fin, "fin"), (year, "year"), (sequence, "sequence")):
        if not isinstance(part, str):
            raise IdentifierError(f"the {name} must be text; got {type(part).__name__}")
    if len(fin) != FIN_LENGTH:
        raise IdentifierError(
            f"the facility identification number (FIN) must be 5 characters; {fin!r} has {len(fin)}"
        )
    problem = (
        _characters_problem(fin, "the FIN", 0)
        or _year_problem(year, -1)
        or _sequence_problem(sequence, -1)
    )
    if problem:
        raise IdentifierError(problem)
