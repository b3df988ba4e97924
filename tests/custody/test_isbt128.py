"""ISBT 128 DINs and chain-of-identity identifiers: the published vectors, refusals, properties.

Vectors: the UK Blood Services Red Book, Annex 2 (G123 498 654 321 -> H, flags 77) and the
feature's specification (A999818123456 -> N, flags 83).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cartnav.custody.isbt128 import (
    ALPHABET,
    EXAMPLE_FINS,
    ChainOfIdentity,
    Din,
    IdentifierError,
    Invalid,
    build_coi,
    build_din,
    check_character,
    check_flag,
    mod37_2,
    parse,
)

VECTORS = [("G123498654321", "H", 77), ("A999818123456", "N", 83)]
UPPER_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

fins = st.text(alphabet=UPPER_ALNUM, min_size=5, max_size=5)
years = st.text(alphabet="0123456789", min_size=2, max_size=2)
sequences = st.text(alphabet="0123456789", min_size=6, max_size=6)


@pytest.mark.parametrize(("din", "character", "flag"), VECTORS)
def test_published_vectors_give_their_check_character_and_flag(
    din: str, character: str, flag: int
) -> None:
    assert check_character(din) == character
    assert check_flag(din) == flag
    assert mod37_2(din) == flag - 60


@pytest.mark.parametrize(("din", "character", "flag"), VECTORS)
@pytest.mark.parametrize("form", ["{din}", "={din}", "{din}{flag}", "={din}{flag}"])
def test_published_vectors_parse_with_and_without_flags_and_data_identifier(
    din: str, character: str, flag: int, form: str
) -> None:
    text = form.format(din=din, flag=flag)
    result = parse(text)
    assert isinstance(result, Din), result
    assert (result.fin, result.year, result.sequence) == (din[:5], din[5:7], din[7:])
    assert result.check_character == character
    assert result.flag == flag
    assert result.verified == text.endswith(str(flag))
    assert result.eye_readable() == f"{din[:5]} {din[5:7]} {din[7:]} {character}"
    out = result.to_dict()
    assert out["kind"] == "din" and out["valid"] is True
    assert out["check_character"] == character and out["flag"] == flag


def test_the_example_fins_are_the_published_ones() -> None:
    assert {din[:5] for din, _, _ in VECTORS} == set(EXAMPLE_FINS)


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        ("G12349865432", None, "12 characters"),
        ("G1234986543217", None, "14 characters"),
        ("=G12349865432", "din", "has 12"),
        ("=G1234986543217", "din", "has 14"),
        ("&/CHG12349865432", "coi", "has 14"),
        ("&/CHG123498654321XY", "coi", "has 17"),
        ("", None, "empty"),
    ],
)
def test_a_wrong_length_is_named(text: str, kind: str | None, words: str) -> None:
    result = parse(text)
    assert isinstance(result, Invalid)
    assert words in result.reason
    assert result.kind == kind


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("G12349865432!", "'!' at position 13 is not allowed"),
        ("=G12349865432!", "'!' at position 14 is not allowed"),
        ("G1234 9865432", "' ' at position 6 is not allowed"),
        ("g123498654321", "'g' at position 1 is lower case"),
        ("G12349865432177".replace("G", "É"), "'É' at position 1"),
        ("&/CHG12349865432!", "'!' at position 17"),
        ("&/CHG123498654321h", "'h' at position 18 is lower case"),
        ("*123498654321", "'*' at position 1"),
    ],
)
def test_a_wrong_character_is_named_with_its_position(text: str, words: str) -> None:
    result = parse(text)
    assert isinstance(result, Invalid)
    assert words in result.reason


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("G12349A654321", "the year must be two digits; got '9A'"),
        ("G1234986543Z1", "the sequence number must be six digits; got '6543Z1'"),
        ("&/CHG12349A654321", "the year must be two digits; got '9A'"),
        ("&/CHG1234986543Z1", "sequence number must be six digits"),
        ("&/XYG123498654321", "starts 'CH'; this one starts 'XY'"),
    ],
)
def test_a_wrong_field_is_named(text: str, words: str) -> None:
    result = parse(text)
    assert isinstance(result, Invalid)
    assert words in result.reason


def test_a_wrong_flag_is_refused_with_the_right_one() -> None:
    result = parse("G12349865432178")
    assert isinstance(result, Invalid)
    assert result.kind == "din"
    assert "flag is 78 but should be 77" in result.reason


@pytest.mark.parametrize("flags", ["00", "01", "59"])
def test_flags_without_a_check_are_accepted_but_not_verified(flags: str) -> None:
    result = parse(f"=G123498654321{flags}")
    assert isinstance(result, Din)
    assert not result.verified
    assert result.flags_read == flags
    assert "carry no check" in result.to_dict()["note"]


@pytest.mark.parametrize(("flags", "words"), [("97", "97-99"), ("7X", "two digits")])
def test_flags_that_cannot_be_interpreted_are_refused(flags: str, words: str) -> None:
    result = parse(f"G123498654321{flags}")
    assert isinstance(result, Invalid)
    assert words in result.reason


def test_chain_of_identity_forms() -> None:
    coi = build_coi("G1234", "98", "654321")
    assert coi.data_content == "CHG123498654321"
    assert coi.check_character == check_character("CHG123498654321")
    for text in ("&/CHG123498654321", f"&/CHG123498654321{coi.check_character}"):
        parsed = parse(text)
        assert isinstance(parsed, ChainOfIdentity), parsed
        assert parsed.verified == (len(text) == 18)
    without_identifier = parse(f"CHG123498654321{coi.check_character}")
    assert isinstance(without_identifier, ChainOfIdentity) and without_identifier.verified
    assert coi.eye_readable() == f"CH G1234 98 654321 {coi.check_character}"


def test_a_wrong_coi_check_character_is_refused_with_the_right_one() -> None:
    right = check_character("CHG123498654321")
    wrong = "X" if right != "X" else "Y"
    result = parse(f"&/CHG123498654321{wrong}")
    assert isinstance(result, Invalid)
    assert result.kind == "coi"
    assert f"check character is '{wrong}' but should be '{right}'" in result.reason


def test_fifteen_characters_starting_ch_without_a_data_identifier_is_ambiguous() -> None:
    result = parse("CHG123498654321")
    assert isinstance(result, Invalid)
    assert result.kind is None
    assert "ambiguous" in result.reason and "'&/'" in result.reason and "'='" in result.reason
    # A 13-character DIN whose FIN starts CH is not ambiguous.
    assert isinstance(parse("CH12398654321"), Din)


@pytest.mark.parametrize(
    ("fin", "year", "sequence", "words"),
    [
        ("G123", "98", "654321", "must be 5 characters"),
        ("g1234", "98", "654321", "lower case"),
        ("G12-4", "98", "654321", "'-' at position 4"),
        ("G1234", "9", "654321", "year must be two digits"),
        ("G1234", "1998", "654321", "year must be two digits"),
        ("G1234", "98", "65432", "six digits"),
        ("G1234", "98", "65432A", "six digits"),
    ],
)
def test_building_refuses_each_bad_part(fin: str, year: str, sequence: str, words: str) -> None:
    for build in (build_din, build_coi):
        with pytest.raises(IdentifierError, match=words):
            build(fin, year, sequence)


def test_mod37_2_refuses_what_it_cannot_weigh() -> None:
    with pytest.raises(IdentifierError, match="nothing"):
        mod37_2("")
    with pytest.raises(IdentifierError, match="lower case"):
        mod37_2("g1")


@settings(max_examples=200)
@given(fin=fins, year=years, sequence=sequences)
def test_a_built_din_parses_back_to_the_same_fields(fin: str, year: str, sequence: str) -> None:
    din = build_din(fin, year, sequence)
    for text in (din.data_content, f"={din.data_content}{din.flag}"):
        parsed = parse(text)
        assert isinstance(parsed, Din), parsed
        assert (parsed.fin, parsed.year, parsed.sequence) == (fin, year, sequence)
        assert parsed.check_character == din.check_character
        assert parsed.flag == din.flag
        assert parsed.to_dict()["valid"] is True


@settings(max_examples=200)
@given(fin=fins, year=years, sequence=sequences)
def test_a_built_coi_parses_back_to_the_same_fields(fin: str, year: str, sequence: str) -> None:
    coi = build_coi(fin, year, sequence)
    for text in (
        f"&/{coi.data_content}",
        f"&/{coi.data_content}{coi.check_character}",
        f"{coi.data_content}{coi.check_character}",
    ):
        parsed = parse(text)
        assert isinstance(parsed, ChainOfIdentity), parsed
        assert (parsed.fin, parsed.year, parsed.sequence) == (fin, year, sequence)
        assert parsed.check_character == coi.check_character
        assert parsed.to_dict()["valid"] is True


@settings(max_examples=300)
@given(
    data=st.text(alphabet=UPPER_ALNUM, min_size=1, max_size=20),
    position=st.integers(min_value=0),
    replacement=st.sampled_from(UPPER_ALNUM),
)
def test_mod37_2_detects_every_single_substitution(
    data: str, position: int, replacement: str
) -> None:
    position %= len(data)
    if data[position] == replacement:
        replacement = UPPER_ALNUM[(UPPER_ALNUM.index(replacement) + 1) % len(UPPER_ALNUM)]
    changed = data[:position] + replacement + data[position + 1 :]
    assert mod37_2(changed) != mod37_2(data)
    assert 0 <= mod37_2(data) < len(ALPHABET)


@settings(max_examples=200)
@given(
    fin=fins,
    year=years,
    sequence=sequences,
    position=st.integers(min_value=0, max_value=12),
    replacement=st.sampled_from(UPPER_ALNUM),
)
def test_a_single_substitution_in_a_checked_din_or_coi_is_refused(
    fin: str, year: str, sequence: str, position: int, replacement: str
) -> None:
    din = build_din(fin, year, sequence)
    coi = build_coi(fin, year, sequence)
    if din.data_content[position] == replacement:
        return
    changed = din.data_content[:position] + replacement + din.data_content[position + 1 :]
    assert isinstance(parse(f"={changed}{din.flag}"), Invalid)
    assert isinstance(parse(f"&/CH{changed}{coi.check_character}"), Invalid)


@settings(max_examples=500)
@given(st.text())
def test_parse_never_raises(text: str) -> None:
    result = parse(text)
    assert isinstance(result, Din | ChainOfIdentity | Invalid)
    assert isinstance(result.to_dict()["valid"], bool)


@settings(max_examples=300)
@given(
    st.one_of(
        st.text(),
        st.text(alphabet=UPPER_ALNUM + "=&/*a!", min_size=12, max_size=19),
        st.builds(lambda s: "=" + s, st.text(alphabet=UPPER_ALNUM, min_size=13, max_size=15)),
        st.builds(lambda s: "&/CH" + s, st.text(alphabet=UPPER_ALNUM + "*", max_size=16)),
    )
)
def test_parse_never_raises_on_near_identifiers(text: str) -> None:
    result = parse(text)
    assert isinstance(result, Din | ChainOfIdentity | Invalid)
    if isinstance(result, Invalid):
        assert result.reason
