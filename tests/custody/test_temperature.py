"""The shipper's temperature-logger reader and excursion finder: readings, refusals, properties.

Pure tests: no database, no files; each builds the logger file's text itself.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cartnav.clinical.text import Text
from cartnav.custody.temperature import (
    ExcursionReport,
    LoggerError,
    LoggerTrace,
    chart_points,
    find_excursions,
    read_logger,
)

START = datetime(2027, 1, 20, 8, 0, tzinfo=UTC)
SOURCE = "product data: 2–8 °C"


def iso(time: datetime) -> str:
    return time.isoformat().replace("+00:00", "Z")


def logger_file(
    temperatures: Sequence[object],
    *,
    header: str | None = "time,temperature",
    step: timedelta = timedelta(minutes=5),
    start: datetime = START,
    delimiter: str = ",",
    time_text: Callable[[datetime], str] = iso,
) -> str:
    lines = [header] if header is not None else []
    lines += [
        f"{time_text(start + i * step)}{delimiter}{value}" for i, value in enumerate(temperatures)
    ]
    return "\n".join(lines) + "\n"


def refusal(data: bytes | str, **options: object) -> LoggerError:
    with pytest.raises(LoggerError) as caught:
        read_logger(data, **options)  # type: ignore[arg-type]
    return caught.value


# --- a clean trace and an excursion ------------------------------------------------------------


def test_a_clean_2_to_8_trace_is_in_range_and_not_quarantined() -> None:
    temperatures = [5.0, 4.8, 2.0, 8.0, 6.1, 3.3] * 20  # the bounds themselves are in range
    trace = read_logger(logger_file(temperatures))
    assert len(trace.readings) == 120
    assert trace.interval == timedelta(minutes=5)
    assert trace.gaps == ()
    assert trace.readings[0].time == START and trace.readings[0].time.tzinfo is UTC
    assert trace.readings[0].row == 2  # line 1 is the header
    report = find_excursions(trace, 2.0, 8.0, range_source=SOURCE)
    assert report.in_range is True
    assert report.quarantine is False
    assert report.excursions == () and report.gaps == ()
    assert all(isinstance(line, Text) for line in report.basis)
    assert SOURCE in report.basis[0]
    assert report.basis[-1] == "In range at every reading of the trace."


def test_an_excursion_to_9_5_for_20_minutes_is_one_high_excursion_and_quarantines() -> None:
    temperatures = [5.0] * 12 + [9.0, 9.5, 9.2, 8.4] + [5.0] * 8
    trace = read_logger(logger_file(temperatures))
    report = find_excursions(trace, 2.0, 8.0, range_source=SOURCE)
    assert report.in_range is False
    assert report.quarantine is True
    (excursion,) = report.excursions
    assert excursion.side == "high"
    assert excursion.start == START + timedelta(minutes=60)
    assert excursion.end == START + timedelta(minutes=80)  # the first reading back in range
    assert excursion.duration == timedelta(minutes=20)
    assert excursion.extreme_c == 9.5
    assert excursion.extreme_at == START + timedelta(minutes=65)
    assert excursion.readings == 4
    assert (excursion.first_row, excursion.last_row) == (14, 17)
    assert not excursion.open_ended
    line = next(line for line in report.basis if line.startswith("Above"))
    assert "20 min" in line and "9.5 °C" in line and "rows 14-17" in line
    assert "quarantine" in report.basis[-1]
    assert report.to_dict()["excursions"][0]["duration_s"] == 1200


def test_a_low_excursion_and_a_trace_that_ends_outside() -> None:
    temperatures = [5.0] * 6 + [1.5, 1.2] + [5.0] * 6 + [8.5, 9.0]
    report = find_excursions(read_logger(logger_file(temperatures)), 2.0, 8.0)
    low, high = report.excursions
    assert (low.side, low.extreme_c, low.duration) == ("low", 1.2, timedelta(minutes=10))
    assert high.side == "high" and high.open_ended
    assert high.end == START + timedelta(minutes=5 * 15)  # the last reading: at least 5 min
    assert high.duration == timedelta(minutes=5)
    assert any("until the file ends" in line for line in report.basis)
    assert "a source the caller did not state" in report.basis[0]


def test_a_jump_from_high_to_low_is_two_excursions() -> None:
    report = find_excursions(read_logger(logger_file([5, 9, 1, 5])), 2.0, 8.0)
    assert [e.side for e in report.excursions] == ["high", "low"]
    assert report.excursions[0].end == report.excursions[1].start


def test_min_duration_lists_short_excursions_without_quarantine() -> None:
    trace = read_logger(logger_file([5.0] * 6 + [8.6] + [5.0] * 6))
    report = find_excursions(trace, 2.0, 8.0, min_duration=timedelta(minutes=15))
    assert report.excursions == ()
    assert len(report.short_excursions) == 1
    assert report.in_range is True and report.quarantine is False
    assert any("shorter than the 15 min" in line for line in report.basis)
    # an excursion at the end of the file is never short: its duration is not known
    ends_outside = read_logger(logger_file([5.0] * 6 + [8.6]))
    report = find_excursions(ends_outside, 2.0, 8.0, min_duration=timedelta(minutes=15))
    assert len(report.excursions) == 1 and report.quarantine


@pytest.mark.parametrize(("low", "high"), [(8.0, 2.0), (5.0, 5.0), (float("nan"), 8.0)])
def test_a_range_that_is_not_low_below_high_is_refused(low: float, high: float) -> None:
    trace = read_logger(logger_file([5.0, 5.0]))
    with pytest.raises(ValueError, match="low bound below its high bound"):
        find_excursions(trace, low, high)


def test_cryogenic_shipper_readings_are_accepted() -> None:
    report = find_excursions(read_logger(logger_file([-190.5, -185.0, -140.2])), -273.15, -150)
    (excursion,) = report.excursions
    assert excursion.extreme_c == -140.2 and excursion.side == "high"


# --- units, delimiters, encodings, headers and times -------------------------------------------


@pytest.mark.parametrize("name", ["temp_f", "Temperature (°F)", "°F", "Fahrenheit", "TEMP F"])
def test_a_fahrenheit_header_is_converted_by_pint(name: str) -> None:
    trace = read_logger(logger_file([46.4, 35.6, 32], header=f"time,{name}"))
    assert trace.unit == "°F"
    assert [r.celsius for r in trace.readings] == [8.0, 2.0, 0.0]  # no floating-point noise
    report = find_excursions(trace, 2.0, 8.0)
    assert len(report.excursions) == 1 and report.excursions[0].side == "low"
    assert any("converted to °C" in line for line in report.basis)


@pytest.mark.parametrize("name", ["temperature", "temp", "temperature_c", "temp_c", "°C", "℃"])
def test_celsius_header_names(name: str) -> None:
    trace = read_logger(logger_file([5.5, 6], header=f"Timestamp,{name}"))
    assert trace.unit == "°C" and [r.celsius for r in trace.readings] == [5.5, 6.0]


def test_semicolon_delimiter_with_decimal_commas_and_a_bom() -> None:
    text = logger_file(["5,2", "7,9", "8,0"], header="datetime;temp_c", delimiter=";")
    for data in ("\ufeff" + text, ("\ufeff" + text).encode("utf-8"), text.encode("utf-8-sig")):
        trace = read_logger(data)
        assert trace.delimiter == ";"
        assert trace.header == ("datetime", "temp_c")
        assert [r.celsius for r in trace.readings] == [5.2, 7.9, 8.0]


def test_a_decimal_comma_is_refused_with_comma_delimiters() -> None:
    error = refusal(logger_file(['"5,2"', '"5,3"']))
    assert error.row == 2 and "'5,2' is not a number" in str(error)


def test_columns_are_found_by_name_in_any_order_and_extra_columns_are_ignored() -> None:
    text = "Temp (°C),Humidity,Time (UTC)\n5.0,40,2027-01-20T08:00:00Z\n6.0,41,2027-01-20T08:05Z\n"
    trace = read_logger(text)
    assert [(r.time, r.celsius) for r in trace.readings] == [
        (START, 5.0),
        (START + timedelta(minutes=5), 6.0),
    ]


def test_without_a_header_column_one_is_time_and_column_two_celsius() -> None:
    trace = read_logger(logger_file([5.0, 6.0], header=None))
    assert trace.header is None and trace.readings[0].row == 1


def test_offsets_are_converted_to_utc_and_blank_lines_skipped() -> None:
    text = (
        "\n2027-01-20 16:00:00+08:00,5\n\n2027-01-20T08:05:00Z,5\n2027-01-20T03:10:00-05:00,5\n\n"
    )
    trace = read_logger(text)
    assert [r.time for r in trace.readings] == [START + timedelta(minutes=m) for m in (0, 5, 10)]
    assert [r.row for r in trace.readings] == [2, 4, 5]


def test_a_stated_offset_places_times_without_one_and_says_so() -> None:
    text = logger_file([5, 6, 7], time_text=lambda t: t.strftime("%Y-%m-%d %H:%M:%S"))
    trace = read_logger(text, assume_utc_offset=timedelta(hours=8))
    assert trace.readings[0].time == START - timedelta(hours=8)
    assert trace.assumed_rows == 3 and trace.assumed_offset == timedelta(hours=8)
    assert any("UTC+08:00" in line for line in find_excursions(trace, 2, 8).basis)
    assert refusal(text, assume_utc_offset=timedelta(hours=24)).row is None


# --- refusals, each with its row -------------------------------------------------------------


ROWS = [f"{iso(START + timedelta(minutes=5 * i))},5.0" for i in range(12)]


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize(
    ("data", "row", "words"),
    [
        pytest.param(
            lines(*ROWS[:10], ROWS[11], ROWS[10]),
            12,
            "comes before row 11's 2027-01-20T08:55:00Z — the file is unsorted",
            id="unsorted",
        ),
        pytest.param(
            lines(*ROWS[:5], ROWS[4], *ROWS[5:]), 6, "duplicated rows", id="duplicate-time"
        ),
        pytest.param(
            lines(*ROWS[:3], f"{iso(START + timedelta(minutes=15))},warm"),
            4,
            "'warm' is not a number",
            id="non-numeric",
        ),
        pytest.param(
            lines(*ROWS[:3], f"{iso(START + timedelta(minutes=15))},"),
            4,
            "(empty) is not a number",
            id="empty-temperature",
        ),
        pytest.param(
            lines(*ROWS[:2], "2027-01-20T08:10:00,5.0"),
            3,
            "has no UTC offset; a logger's local time cannot be placed",
            id="missing-offset",
        ),
        pytest.param(
            lines(*ROWS[:2], "20/01/2027 08:10,5.0"), 3, "not one this reads", id="bad-time"
        ),
        pytest.param(
            lines(*ROWS[:2], ROWS[2] + ",1"), 3, "3 cell(s) where 2 were expected", id="cells"
        ),
        pytest.param("", 1, "the file is empty", id="empty"),
        pytest.param("\n \n\n", 1, "the file is empty", id="blank-lines"),
        pytest.param(lines(ROWS[0]), 1, "at least two are needed", id="one-reading"),
        pytest.param(lines("time,temp", ROWS[0]), 2, "at least two", id="one-after-header"),
        pytest.param(
            lines(*ROWS[:4], f"{iso(START + timedelta(minutes=20))},-300"),
            5,
            "-300 °C is below absolute zero",
            id="below-absolute-zero",
        ),
        pytest.param(
            lines(*ROWS[:4], f"{iso(START + timedelta(minutes=20))},150"),
            5,
            "150 °C is not a plausible shipper temperature",
            id="too-hot",
        ),
        pytest.param(
            lines(*ROWS[:4], *ROWS[8:]),
            5,
            "25 min without a reading after row 4",
            id="gap",
        ),
        pytest.param(
            lines("time,value", *ROWS[:3]), 1, "exactly one temperature column", id="header"
        ),
        pytest.param(
            lines("time,temp,temp_f", *(row + ",41" for row in ROWS[:3])),
            1,
            "found 2 among",
            id="two-probes",
        ),
        pytest.param(b"2027-01-20T08:00:00Z,5\n\xb0\n", 2, "not UTF-8", id="not-utf8"),
    ],
)
def test_bad_files_are_refused_naming_their_row(data: str | bytes, row: int, words: str) -> None:
    error = refusal(data)
    assert error.row == row
    assert str(error).startswith(f"row {row}: ")
    assert words in str(error)
    assert isinstance(error.text, Text) and error.text.template == "row {row}: {message}"


def test_too_big_and_too_many_rows_are_refused() -> None:
    text = lines(*ROWS)
    assert "more than the 100 a logger file may be" in str(refusal(text, max_bytes=100))
    assert "more than the 100 a logger" in str(refusal(text.encode(), max_bytes=100))
    error = refusal(text, max_rows=5)
    assert error.row == 6 and "more than 5 readings" in str(error)


def test_a_gap_accepted_by_a_responsible_person_is_unknown_never_in_range() -> None:
    text = lines(*ROWS[:4], *ROWS[8:])
    trace = read_logger(text, allow_gaps=True)
    (gap,) = trace.gaps
    assert (gap.after_row, gap.before_row) == (4, 5)
    assert gap.duration == timedelta(minutes=25)
    assert trace.gap_threshold == timedelta(minutes=15)
    report = find_excursions(trace, 2.0, 8.0, range_source=SOURCE)
    assert report.in_range is None
    assert report.quarantine is True
    assert report.gaps == trace.gaps
    assert any(line.startswith("Not monitored from") for line in report.basis)
    assert report.basis[-1].startswith("Not known to be in range")


def test_the_gap_threshold_is_three_median_intervals_with_a_floor() -> None:
    minute = [iso(START + timedelta(minutes=i)) + ",5" for i in range(30)]
    assert (
        read_logger(lines(*minute[:10], *minute[24:])).gaps == ()
    )  # 15 min is not more than the 15 min floor
    assert refusal(lines(*minute[:10], *minute[26:])).row == 11  # 17 min
    slow = lines(*(iso(START + timedelta(hours=i)) + ",5" for i in (0, 1, 2, 3, 6, 7)))
    assert read_logger(slow).gaps == ()  # hourly logger: 3 h is not more than 3 intervals
    assert read_logger(lines(*ROWS[:4], *ROWS[8:]), min_gap=timedelta(hours=1)).gaps == ()


def test_a_gap_and_an_excursion_is_out_of_range_not_unknown() -> None:
    text = lines(*ROWS[:4], f"{iso(START + timedelta(minutes=20))},9", *ROWS[10:])
    report = find_excursions(read_logger(text, allow_gaps=True), 2.0, 8.0)
    assert report.in_range is False and report.quarantine is True


# --- chart points ----------------------------------------------------------------------------


def test_chart_points_of_a_short_trace_are_every_reading() -> None:
    trace = read_logger(logger_file([5.0, 6.0, 7.0]))
    assert chart_points(trace) == [
        ("2027-01-20T08:00:00Z", 5.0),
        ("2027-01-20T08:05:00Z", 6.0),
        ("2027-01-20T08:10:00Z", 7.0),
    ]


def test_chart_points_are_bounded_and_keep_every_excursion_extreme() -> None:
    temperatures = [5.0 + (i % 7) / 10 for i in range(3000)]
    for at, value in ((1000, 9.1), (1003, 9.7), (2000, 1.1), (2002, 0.4)):
        temperatures[at] = value
    trace = read_logger(logger_file(temperatures, header=None, step=timedelta(minutes=1)))
    report = find_excursions(trace, 2.0, 8.0)
    assert len(report.excursions) == 4
    points = chart_points(trace, max_points=50, report=report)
    assert len(points) <= 50
    assert points[0][0] == iso(START) and points[-1][0] == iso(START + timedelta(minutes=2999))
    assert [p[0] for p in points] == sorted(p[0] for p in points)
    for excursion in report.excursions:
        assert (iso(excursion.extreme_at), excursion.extreme_c) in points
    values = [p[1] for p in points]
    assert max(values) == 9.7 and min(values) == 0.4  # kept even without the report
    assert max(p[1] for p in chart_points(trace, max_points=50)) == 9.7


# --- properties ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), st.binary()))
def test_any_input_is_a_trace_or_a_logger_error(data: str | bytes) -> None:
    try:
        trace = read_logger(data)
    except LoggerError as error:
        assert isinstance(error.message, Text) and str(error)
        return
    assert isinstance(trace, LoggerTrace) and len(trace.readings) >= 2


csvish = st.lists(
    st.one_of(
        st.sampled_from(
            ["time,temp", "2027-01-20T08:00:00Z", "2027-01-20 08:05:00+08:00", "5.0", "-1,5"]
        ),
        st.text(alphabet="0123456789-+:.,;TZ \"\n'°F", max_size=30),
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(csvish, st.sampled_from([",", ";", "\n", "\r\n"]))
def test_csv_like_input_is_a_trace_or_a_logger_error(parts: list[str], joiner: str) -> None:
    with contextlib.suppress(LoggerError):
        read_logger(joiner.join(parts), allow_gaps=True)


in_range_tenths = st.integers(min_value=20, max_value=80)  # 2.0-8.0 °C
out_of_range_tenths = st.one_of(
    st.integers(min_value=81, max_value=1000), st.integers(min_value=-2731, max_value=19)
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(in_range_tenths, min_size=2, max_size=60),
    out_of_range_tenths,
    st.data(),
)
def test_in_range_readings_have_no_excursion_and_one_outlier_makes_exactly_one(
    tenths: list[int], outlier: int, data: st.DataObject
) -> None:
    step = timedelta(minutes=10)
    rows = [(START + i * step, t / 10) for i, t in enumerate(tenths)]
    report = find_excursions(read_logger(lines(*(f"{iso(t)},{c}" for t, c in rows))), 2.0, 8.0)
    assert report.in_range is True and report.excursions == () and not report.quarantine

    position = data.draw(st.integers(min_value=0, max_value=len(rows)))
    at = START + position * step - step / 2  # halfway between two readings, or before the first
    value = outlier / 10
    rows.insert(position, (at, value))
    trace = read_logger(lines(*(f"{iso(t)},{c}" for t, c in rows)))
    report = find_excursions(trace, 2.0, 8.0)
    (excursion,) = report.excursions
    assert excursion.start == at and excursion.readings == 1
    assert excursion.start <= at <= excursion.end
    assert excursion.extreme_c == value and excursion.extreme_at == at
    assert excursion.side == ("high" if value > 8.0 else "low")
    assert excursion.open_ended == (position == len(rows) - 1)
    assert report.in_range is False and report.quarantine is True


def test_the_module_imports_no_django() -> None:
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, cartnav.custody.temperature; print('django' in sys.modules)",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "False"


def test_results_are_frozen() -> None:
    trace = read_logger(logger_file([5.0, 6.0]))
    report: ExcursionReport = find_excursions(trace, 2.0, 8.0)
    with pytest.raises(AttributeError):
        trace.interval = timedelta(0)  # type: ignore[misc]
    with pytest.raises(AttributeError):
        report.in_range = False  # type: ignore[misc]
