"""Issue 12, item 4: the estimate's money rules — exact decimals, half-up rounding to the
currency's minor unit, conversion through a dated rate, and lines refused with the field named."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cartnav.costs import money

D = Decimal
RATE_USD = money.Rate("USD", D("7.1"), dt.date(2026, 12, 1), "PBOC central parity")
RATE_JPY = money.Rate("JPY", D("0.047"), dt.date(2026, 12, 1), "bank")
DAY = dt.date(2026, 12, 1)


def test_the_core_imports_no_django() -> None:
    code = "import sys, cartnav.costs.money; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_amounts_are_exact_and_rounded_half_up_to_the_minor_unit() -> None:
    assert money.round_to(D("0.005"), "CNY") == D("0.01")  # half up, not to even
    assert money.round_to(D("0.015"), "CNY") == D("0.02")
    assert money.convert(D("1200000"), RATE_USD) == D("169014.08")  # 1,200,000 / 7.1
    assert money.convert(D("1200000"), RATE_JPY) == D("25531915")  # yen: no decimals
    assert money.convert(D("0.1") + D("0.2"), money.IDENTITY) == D("0.30")
    line = money.Line("hospital_stay", D("12"), D("3500.00"), "tariff", DAY)
    assert line.amount_cny == D("42000.00")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (1.5, "decimal string"),
        ("abc", "not a number"),
        ("NaN", "not a number"),
        ("Infinity", "not a number"),
        ("-1", "cannot be negative"),
        ("1e20", "more than"),
        ("1.001", "more than two decimals"),
        (None, "not a number"),
        (True, "decimal string"),
    ],
)
def test_an_amount_that_cannot_be_money_is_refused_naming_the_field(
    value: object, message: str
) -> None:
    with pytest.raises(money.MoneyError, match=message) as caught:
        money.amount(value, "lines[1].unit_cny")
    assert caught.value.field == "lines[1].unit_cny"


def test_a_rate_or_a_price_without_a_date_is_refused() -> None:
    with pytest.raises(money.MoneyError, match="date it was published"):
        money.Rate("USD", D("7.1"), None, "bank").check()
    with pytest.raises(money.MoneyError, match="not a currency"):
        money.Rate("XXX", D("7.1"), DAY, "bank").check()
    with pytest.raises(money.MoneyError, match="more than zero"):
        money.Rate("USD", D("0"), DAY, "bank").check()
    with pytest.raises(money.MoneyError, match="date it was valid on"):
        money.check_lines([money.Line("product", D(1), D("1200000"), "trade press", None)])
    with pytest.raises(money.MoneyError, match="its source"):
        money.check_lines([money.Line("product", D(1), D("1200000"), " ", DAY)])
    with pytest.raises(money.MoneyError, match="not a kind of line"):
        money.check_lines([money.Line("caviar", D(1), D("1"), "menu", DAY)])
    with pytest.raises(money.MoneyError, match="at least one line"):
        money.check_lines([])
    money.check_lines([money.Line("travel", D(1), D(0))])  # an unpriced line needs no source


def test_the_suggestion_counts_days_from_the_plan_and_names_what_is_missing() -> None:
    dates = {
        "assessment": dt.date(2027, 1, 4),
        "lymphodepletion": dt.date(2027, 1, 20),
        "infusion": dt.date(2027, 1, 25),
        "discharge": dt.date(2027, 2, 1),
        "local_stay_end": dt.date(2027, 2, 8),
        "home": dt.date(2027, 2, 9),
    }
    tariff = {
        item: money.Price(D(amount), "CNY", DAY, "tariff")
        for item, amount in {
            "ward_day": "3500",
            "assessments": "30000",
            "lymphodepletion": "20000",
            "icu_reserve": "100000",
            "local_stay_day": "400",
        }.items()
    }
    price = money.Price(D("1200000"), "CNY", DAY, "trade press")
    est = money.suggest(dates, price, "Yikaida", tariff, companions=1)
    by_kind = {line.kind: line for line in est.lines}
    assert by_kind["hospital_stay"].quantity == 12  # lymphodepletion (20 Jan) to discharge
    assert by_kind["local_stay"].quantity == 7  # discharge to the end of the local stay
    assert by_kind["product"].amount_cny == D("1200000.00")
    assert "companions" not in by_kind  # no tariff for companions: named, not guessed
    assert any("companion_day" in m for m in est.missing)
    assert est.total_cny == D("1200000") + 12 * D(3500) + D(30000) + D(20000) + D(100000) + 7 * D(
        400
    )
    no_dates = money.suggest({}, None, "Fucaso", tariff, companions=0)
    assert "a dated list price of Fucaso" in no_dates.missing
    assert "the plan's lymphodepletion and discharge dates" in no_dates.missing


@given(
    st.decimals(min_value=0, max_value=10**11, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([RATE_USD, RATE_JPY, money.IDENTITY]),
)
def test_conversion_is_exact_to_the_minor_unit(value: Decimal, rate: money.Rate) -> None:
    converted = money.convert(value, rate)
    assert converted == money.round_to(value / rate.cny_per_unit, rate.currency)
    assert converted.as_tuple().exponent == -money.CURRENCIES[rate.currency]
    # within half a minor unit of the exact quotient
    assert abs(converted - value / rate.cny_per_unit) <= money.minor_unit(rate.currency) / 2


@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.none(), st.booleans()))
def test_any_outside_value_is_an_amount_or_a_clear_error(value: object) -> None:
    try:
        result = money.amount(value, "amount")
    except money.MoneyError as exc:
        assert exc.field == "amount" and str(exc.message)
    else:
        assert isinstance(result, Decimal) and 0 <= result <= money.MAX_AMOUNT


def test_the_currency_follows_the_nationality() -> None:
    assert money.currency_for("DE") == "EUR"
    assert money.currency_for("kr") == "KRW"
    assert money.currency_for("NG") == "USD"  # not quoted in naira: US dollars
