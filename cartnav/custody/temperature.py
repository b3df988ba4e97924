"""A shipper's temperature-logger file, read into a trace, and the excursions found in it.

The cell product travels in a shipper with a data logger. At receipt its file (a CSV of time
and temperature) is uploaded; readings outside the product's range, and periods the logger did
not cover, put the product in quarantine until a responsible person decides, with a reason.
This module is the pure core of that: it takes the file's bytes or text and the product's range
as arguments and returns frozen results; storing the file, the range per product and the
decision belong to the callers.

Choices, and why:

* **All or nothing.** :func:`read_logger` returns a complete :class:`LoggerTrace` or raises one
  :class:`LoggerError` naming the first problem and its row (the 1-based line of the file, as
  a spreadsheet or text editor numbers it). A trace with rows silently dropped could drop the
  very reading that was out of range, so no row is ever skipped except blank lines.
* **Times are UTC.** Every time must carry its UTC offset (``Z`` or ``+08:00``); the chain of
  custody runs on one UTC clock, and a logger's local time cannot be placed on it (the logger
  may have crossed time zones, or a DST change, on the way). A caller who knows the logger's
  offset may pass it as ``assume_utc_offset``; it is applied to every time without an offset,
  and the trace records that it was (``assumed_offset``, ``assumed_rows``), so the basis says so.
* **Celsius as float.** Readings are ``float`` degrees Celsius rounded to 9 decimal places, as
  :mod:`cartnav.clinical.units` does: a logger resolves 0.1 degree, pint converts in floats, and
  the rounding stops binary noise from moving a value across a bound (46.4 F converts to
  8.000000000000057 C, which is 8.0 C and in a 2-8 C range).
* **Plausible values.** Below absolute zero (-273.15 C) is not a temperature; above +100 C is
  not a plausible reading for a cell-therapy shipper. The lower limit is deliberately that far
  down: CAR-T products usually travel in liquid-nitrogen vapour dry shippers at about -150 to
  -196 C, and those readings are real.
* **Unsorted and duplicated rows are refused**, not sorted: a logger writes its readings in
  order, so a file out of order has been edited or concatenated, and nothing here can tell
  which copy of a duplicated time is the true one.
* **Gaps.** The usual spacing is the median interval between readings; a spacing larger than
  ``max(3 x median, min_gap)`` (15 minutes by default) is a gap. An excursion could hide in a
  gap, so by default a file with a gap is refused, naming it (the issue lists "a logger file
  with gaps" as bad input). A responsible person may accept such a file (``allow_gaps=True``):
  the gaps are then listed as not monitored, counted as unknown and never as in range, so the
  report's ``in_range`` is ``None`` (or ``False`` if an excursion was seen anyway) and the
  product goes to quarantine.
* **Excursions** are runs of consecutive readings outside the range on the same side; the
  bounds themselves are in range (2-8 C accepts 8.0 C). Each reading stands for the time until
  the next one (the usual sample-and-hold reading of a logger), so an excursion lasts from its
  first reading outside the range to the first reading back in range (or on the other side).
  If the file ends while outside, it lasts until the last reading and is ``open_ended``: its
  true duration is at least that.

Every sentence shown to a person (refusals, basis) is a :class:`~cartnav.clinical.text.Text`
made with ``gettext_noop``, so a page can translate it. Unit symbols (C, F, h, min, s) and times
(ISO 8601, UTC) are not translated. Pure Python: no Django, no I/O.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Literal, TypeAlias

import pint

from cartnav.clinical.text import Text, gettext_noop

#: The largest logger file read: a 5-minute logger writes about 30 bytes a reading, so this is
#: more than a year of 5-minute readings; anything bigger is the wrong file.
MAX_BYTES = 5 * 1024 * 1024
#: The most readings read: 200,000 one-minute readings are more than four months of travel.
MAX_ROWS = 200_000
#: A spacing above ``GAP_FACTOR`` times the median interval is a gap, but never one below
#: ``MIN_GAP``: a one-minute logger that skips a few minutes has not lost the product.
GAP_FACTOR = 3
MIN_GAP = timedelta(minutes=15)
ABSOLUTE_ZERO_C = -273.15
#: No cell-therapy shipper, chilled or cryogenic, reads above this.
HIGHEST_PLAUSIBLE_C = 100.0
DECIMALS = 9

#: One registry for the module; Celsius and Fahrenheit are offset units, so conversions go
#: through ``Quantity(value, "degF").to("degC")``, never a multiplication.
UREG: pint.UnitRegistry = pint.UnitRegistry()
Q_ = UREG.Quantity

Side: TypeAlias = Literal["high", "low"]
Unit: TypeAlias = Literal["°C", "°F"]

_TIME_NAMES = frozenset(
    {"time", "timestamp", "datetime", "timeutc", "timestamputc", "datetimeutc", "utc"}
)
_CELSIUS_SUFFIXES = ("", "c", "°c", "degc", "degreesc", "celsius")
_FAHRENHEIT_SUFFIXES = ("f", "°f", "degf", "degreesf", "fahrenheit")
#: Header names (after :func:`_name_key`) of a temperature column, with the unit they say.
_TEMPERATURE_NAMES: dict[str, Unit] = {
    **{base + suffix: "°C" for base in ("temperature", "temp") for suffix in _CELSIUS_SUFFIXES},
    **{base + suffix: "°F" for base in ("temperature", "temp") for suffix in _FAHRENHEIT_SUFFIXES},
    **dict.fromkeys(_CELSIUS_SUFFIXES[2:], "°C"),
    **dict.fromkeys(_FAHRENHEIT_SUFFIXES[1:], "°F"),
}
_NAME_NOISE = re.compile(r"[\s_\-/.()\[\]]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
#: An ISO 8601 date and time of day (extended or basic form); fromisoformat reads the rest.
_TIME = re.compile(r"[0-9]{4}-?[0-9]{2}-?[0-9]{2}[Tt ][0-9]{2}")
_SHOWN = 40  # characters of a cell quoted in a message


class LoggerError(ValueError):
    """A logger file refused, and why. ``row`` is the 1-based line of the file, if one is at
    fault; ``message`` the reason; ``text`` (also ``str(error)``) the sentence with its row."""

    def __init__(self, row: int | None, message: Text) -> None:
        text = (
            message
            if row is None
            else gettext_noop("row {row}: {message}", row=row, message=message)
        )
        super().__init__(text)
        self.row = row
        self.message = message
        self.text = text


@dataclass(frozen=True)
class Reading:
    """One logger reading: an aware UTC time, degrees Celsius, and the file line it came from."""

    time: datetime
    celsius: float
    row: int


@dataclass(frozen=True)
class Gap:
    """A spacing between two readings longer than the trace's gap threshold: not monitored.

    ``start`` and ``end`` are the readings either side (rows ``after_row`` and ``before_row``);
    what happened between them is unknown, never assumed in range.
    """

    start: datetime
    end: datetime
    after_row: int
    before_row: int

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": _iso(self.start),
            "end": _iso(self.end),
            "duration_s": self.duration.total_seconds(),
            "after_row": self.after_row,
            "before_row": self.before_row,
        }


@dataclass(frozen=True)
class LoggerTrace:
    """A logger file, read whole: readings in strictly increasing UTC time, at least two.

    ``interval`` is the median spacing (the logger's usual interval), ``gap_threshold`` the
    spacing above which a gap was called, ``unit`` the unit the file recorded (readings are
    always Celsius), ``header`` the header row if there was one, and ``assumed_offset`` the
    UTC offset the caller gave for the ``assumed_rows`` times that had none.
    """

    readings: tuple[Reading, ...]
    interval: timedelta
    gaps: tuple[Gap, ...]
    gap_threshold: timedelta
    unit: Unit = "°C"
    header: tuple[str, ...] | None = None
    delimiter: str = ","
    assumed_offset: timedelta | None = None
    assumed_rows: int = 0

    @property
    def start(self) -> datetime:
        return self.readings[0].time

    @property
    def end(self) -> datetime:
        return self.readings[-1].time

    def basis(self) -> tuple[Text, ...]:
        """What the trace is, in sentences: span, interval, unit conversion, assumed offset."""
        lines = [
            gettext_noop(
                "{count} readings from {start} to {end} (UTC), usually every {interval}.",
                count=len(self.readings),
                start=_iso(self.start),
                end=_iso(self.end),
                interval=_span(self.interval),
            )
        ]
        if self.unit == "°F":
            lines.append(gettext_noop("The logger recorded °F; the readings were converted to °C."))
        if self.assumed_rows:
            lines.append(
                gettext_noop(
                    "{count} times without a UTC offset were taken as UTC{offset}, as the "
                    "person uploading the file stated; the logger itself did not say.",
                    count=self.assumed_rows,
                    offset=_offset(self.assumed_offset or timedelta(0)),
                )
            )
        return tuple(lines)


@dataclass(frozen=True)
class Excursion:
    """A run of consecutive readings outside the range on one side.

    From ``start`` (its first reading outside) to ``end`` (the first reading back in range or
    on the other side; or, if ``open_ended``, the last reading of the file, the true duration
    being at least this). ``extreme_c`` is the highest (``side="high"``) or lowest reading, at
    ``extreme_at``; ``readings`` how many readings were outside, rows ``first_row``-``last_row``.
    """

    side: Side
    start: datetime
    end: datetime
    extreme_c: float
    extreme_at: datetime
    readings: int
    first_row: int
    last_row: int
    open_ended: bool = False

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    def to_dict(self) -> dict[str, Any]:
        return {
            "side": self.side,
            "start": _iso(self.start),
            "end": _iso(self.end),
            "duration_s": self.duration.total_seconds(),
            "extreme_c": self.extreme_c,
            "extreme_at": _iso(self.extreme_at),
            "readings": self.readings,
            "first_row": self.first_row,
            "last_row": self.last_row,
            "open_ended": self.open_ended,
        }


@dataclass(frozen=True)
class ExcursionReport:
    """The trace judged against one range.

    ``in_range`` is ``True`` only for a trace without gaps and without excursions; ``False``
    when an excursion was seen; ``None`` when there were gaps and nothing was seen outside,
    because a gap is unknown, never in range. ``quarantine`` is true for any excursion or any
    gap: the product waits for a responsible person's decision. ``short_excursions`` are those
    shorter than the ``min_duration`` the caller allowed; they are listed in the basis but do
    not quarantine (an open-ended excursion is never short: its duration is not known).
    """

    low_c: float
    high_c: float
    range_source: str | None
    in_range: bool | None
    quarantine: bool
    excursions: tuple[Excursion, ...]
    short_excursions: tuple[Excursion, ...]
    gaps: tuple[Gap, ...]
    basis: tuple[Text, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "low_c": self.low_c,
            "high_c": self.high_c,
            "range_source": self.range_source,
            "in_range": self.in_range,
            "quarantine": self.quarantine,
            "excursions": [e.to_dict() for e in self.excursions],
            "short_excursions": [e.to_dict() for e in self.short_excursions],
            "gaps": [g.to_dict() for g in self.gaps],
            "basis": [str(line) for line in self.basis],
        }


def read_logger(
    data: bytes | str,
    *,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    assume_utc_offset: timedelta | None = None,
    allow_gaps: bool = False,
    min_gap: timedelta = MIN_GAP,
) -> LoggerTrace:
    """Read a logger CSV (time, temperature) into a trace, or raise :class:`LoggerError`.

    ``data`` is the file's bytes (UTF-8, a BOM allowed) or its text. The delimiter is ``;`` if
    the first non-blank line holds one, else ``,``; with ``;`` a decimal comma is accepted too
    (5,2), since that is why a file uses ``;``. The first non-blank row is a header when it
    holds no reading (its first cell is not a time and its second not a number); its columns
    are then found by name (see :func:`_name_key`), and a name such as ``temp_f`` or
    ``Temperature (°F)`` makes the column Fahrenheit. Without a header, column 1 is the time
    and column 2 the temperature in Celsius. ``max_bytes`` and ``max_rows`` bound the work a
    wrong or hostile file can cause. See the module docstring for times, gaps and refusals.
    """
    zone = _zone(assume_utc_offset)
    if max_bytes < 1 or max_rows < 2:
        raise ValueError("max_bytes must be at least 1 and max_rows at least 2")
    if min_gap <= timedelta(0):
        raise ValueError("min_gap must be a positive time")
    text = _decode(data, max_bytes)
    delimiter = _delimiter(text)
    rows = _rows(text, delimiter)
    first = next(rows, None)
    if first is None:
        raise LoggerError(
            1,
            gettext_noop(
                "the file is empty: expected a header (time, temperature) or a first reading, "
                "such as 2027-01-20T08:00:00Z,5.0"
            ),
        )
    header_row, cells = first
    header: tuple[str, ...] | None = None
    time_column, temperature_column = 0, 1
    unit: Unit = "°C"
    if _is_header(cells):
        header = tuple(cells)
        time_column, temperature_column, unit = _columns(header, header_row)
        width = len(header)
    else:
        rows = _chain(first, rows)
        width = 2
    decimal_comma = delimiter == ";"
    fahrenheit: dict[float, float] = {}
    readings: list[Reading] = []
    assumed = 0
    last_row = header_row
    previous_cell = ""
    for row, cells in rows:
        last_row = row
        if len(readings) >= max_rows:
            raise LoggerError(
                row,
                gettext_noop(
                    "more than {limit} readings; a shipper's logger file holds far fewer, so "
                    "this is probably not the logger file of this shipment",
                    limit=max_rows,
                ),
            )
        if len(cells) != width:
            raise LoggerError(row, _cell_count_problem(len(cells), width, header_row, header))
        time, was_naive = _time(cells[time_column], row, zone)
        assumed += was_naive
        celsius = _temperature(cells[temperature_column], row, unit, decimal_comma, fahrenheit)
        if readings:
            _check_order(readings[-1], cells[time_column], time, row, previous_cell)
        readings.append(Reading(time, celsius, row))
        previous_cell = cells[time_column]
    if len(readings) < 2:
        raise LoggerError(
            last_row,
            gettext_noop(
                "the file ends with {count} reading(s); at least two are needed to tell how "
                "long the product was at a temperature",
                count=len(readings),
            ),
        )
    interval, threshold, gaps = _gaps(readings, min_gap)
    if gaps and not allow_gaps:
        gap = gaps[0]
        raise LoggerError(
            gap.before_row,
            gettext_noop(
                "{duration} without a reading after row {after} ({start} to {end}), more than "
                "{threshold} (3 times the logger's usual {interval}, and never less than "
                "{min_gap}); an excursion could hide in a gap, so a file with gaps is refused. "
                "A responsible person may accept it; the gap then counts as not monitored, "
                "never as in range",
                duration=_span(gap.duration),
                after=gap.after_row,
                start=_iso(gap.start),
                end=_iso(gap.end),
                threshold=_span(threshold),
                interval=_span(interval),
                min_gap=_span(min_gap),
            ),
        )
    return LoggerTrace(
        readings=tuple(readings),
        interval=interval,
        gaps=tuple(gaps),
        gap_threshold=threshold,
        unit=unit,
        header=header,
        delimiter=delimiter,
        assumed_offset=assume_utc_offset if assumed else None,
        assumed_rows=assumed,
    )


def find_excursions(
    trace: LoggerTrace,
    low_c: float,
    high_c: float,
    *,
    min_duration: timedelta = timedelta(0),
    range_source: str | None = None,
) -> ExcursionReport:
    """The excursions of ``trace`` outside [``low_c``, ``high_c``] (bounds in range).

    ``range_source`` says where the range came from (for example "product data: 2-8 °C") and
    is quoted in the basis, so the person deciding sees which range was applied.
    ``min_duration`` is an allowance from the product's data for brief excursions: shorter ones
    are listed but do not quarantine. The default, zero, counts every excursion. Raises
    ``ValueError`` for a range that is not two finite numbers with ``low_c < high_c``.
    """
    low, high = _range(low_c, high_c)
    if min_duration < timedelta(0):
        raise ValueError("min_duration must not be negative")
    found = list(_runs(trace.readings, low, high))
    counted = tuple(e for e in found if e.open_ended or e.duration >= min_duration)
    short = tuple(e for e in found if not (e.open_ended or e.duration >= min_duration))
    in_range: bool | None = False if counted else (None if trace.gaps else True)
    quarantine = bool(counted or trace.gaps)
    source = range_source if range_source else gettext_noop("a source the caller did not state")
    basis: list[Text] = [
        gettext_noop(
            "Range {low} to {high} °C, both bounds in range, from {source}.",
            low=_c(low),
            high=_c(high),
            source=source,
        ),
        *trace.basis(),
    ]
    basis += [
        gettext_noop(
            "Not monitored from {start} to {end} ({duration}, between rows {after} and "
            "{before}): counted as unknown, not as in range.",
            start=_iso(gap.start),
            end=_iso(gap.end),
            duration=_span(gap.duration),
            after=gap.after_row,
            before=gap.before_row,
        )
        for gap in trace.gaps
    ]
    basis += [_excursion_line(e, low, high) for e in counted]
    basis += [
        gettext_noop(
            "{excursion} It is shorter than the {allowed} the product's data allow, so it "
            "does not count towards quarantine.",
            excursion=_excursion_line(e, low, high),
            allowed=_span(min_duration),
        )
        for e in short
    ]
    if counted:
        basis.append(
            gettext_noop(
                "Out of range: the product is in quarantine until a responsible person "
                "decides, with a reason."
            )
        )
    elif trace.gaps:
        basis.append(
            gettext_noop(
                "Not known to be in range: the logger did not cover the whole trip, so the "
                "product is in quarantine until a responsible person decides, with a reason."
            )
        )
    else:
        basis.append(gettext_noop("In range at every reading of the trace."))
    return ExcursionReport(
        low_c=low,
        high_c=high,
        range_source=range_source,
        in_range=in_range,
        quarantine=quarantine,
        excursions=counted,
        short_excursions=short,
        gaps=trace.gaps,
        basis=tuple(basis),
    )


def chart_points(
    trace: LoggerTrace, max_points: int = 500, *, report: ExcursionReport | None = None
) -> list[tuple[str, float]]:
    """At most ``max_points`` (ISO UTC time, Celsius) points of ``trace`` to draw, in order.

    Short traces are returned whole. Longer ones keep the first and last readings, the
    readings either side of every gap (so a chart can shade it as not monitored) and, with
    ``report``, every excursion's extreme reading; the rest of the budget goes to equal-count
    buckets, each keeping its lowest and highest reading, so no peak or trough is smoothed
    away. A chart must never hide an excursion: if the kept points alone exceed
    ``max_points``, they are all returned.
    """
    if max_points < 2:
        raise ValueError("max_points must be at least 2")
    readings = trace.readings
    count = len(readings)
    if count <= max_points:
        return [(_iso(r.time), r.celsius) for r in readings]
    index = {r.time: i for i, r in enumerate(readings)}
    keep = {0, count - 1}
    for gap in trace.gaps:
        keep.update((index[gap.start], index[gap.end]))
    if report is not None:
        for excursion in (*report.excursions, *report.short_excursions):
            if excursion.extreme_at not in index:
                raise ValueError("the report is not of this trace")
            keep.add(index[excursion.extreme_at])
    buckets = (max_points - len(keep)) // 2
    if buckets > 0:
        inner = count - 2
        for j in range(buckets):
            lo, hi = 1 + inner * j // buckets, 1 + inner * (j + 1) // buckets
            if lo >= hi:
                continue
            span = range(lo, hi)
            keep.add(min(span, key=lambda i: readings[i].celsius))
            keep.add(max(span, key=lambda i: readings[i].celsius))
    return [(_iso(readings[i].time), readings[i].celsius) for i in sorted(keep)]


# --- reading the file ------------------------------------------------------------------------


def _zone(offset: timedelta | None) -> timezone | None:
    """The fixed zone of a caller-stated offset; refused unless strictly within a day."""
    if offset is None:
        return None
    if not isinstance(offset, timedelta) or not -timedelta(hours=24) < offset < timedelta(hours=24):
        raise LoggerError(
            None,
            gettext_noop(
                "the logger's UTC offset must be less than a day either way, such as +01:00 "
                "or -05:00; got {offset}",
                offset=str(offset),
            ),
        )
    return timezone(offset)


def _decode(data: bytes | str, max_bytes: int) -> str:
    """The file's text: bounded in size, UTF-8 with or without a BOM."""
    if isinstance(data, str):
        size = len(data) if len(data) > max_bytes else len(data.encode("utf-8", "surrogatepass"))
    elif isinstance(data, bytes | bytearray | memoryview):
        data = bytes(data)
        size = len(data)
    else:
        raise LoggerError(
            None,
            gettext_noop(
                "expected the logger file's bytes or text, got {kind}", kind=type(data).__name__
            ),
        )
    if size > max_bytes:
        raise LoggerError(
            None,
            gettext_noop(
                "the file is {size} bytes, more than the {limit} a logger file may be; a "
                "shipper's logger file is far smaller, so check that the right file was chosen",
                size=size,
                limit=max_bytes,
            ),
        )
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoggerError(
            1,
            gettext_noop(
                "the file is UTF-16 text; export the logger data as CSV in UTF-8 and upload that"
            ),
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LoggerError(
            data.count(b"\n", 0, error.start) + 1,
            gettext_noop(
                "the file is not UTF-8 text (byte 0x{byte}); export the logger data as CSV "
                "in UTF-8 and upload that",
                byte=f"{data[error.start]:02X}",
            ),
        ) from None


def _delimiter(text: str) -> str:
    """``;`` if the first non-blank line holds one, else ``,``.

    A ``;`` file is one written where the comma is the decimal separator, and its first line
    always holds a ``;``; a ``,`` file has no reason to hold one. Deciding on one line, not by
    guessing over the whole file, keeps the rule explainable.
    """
    for line in io.StringIO(text, newline=""):
        if line.strip():
            return ";" if ";" in line else ","
    return ","


def _rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """The non-blank rows of ``text`` as (first line number, stripped cells)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    while True:
        row = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise LoggerError(
                max(row, reader.line_num),
                gettext_noop(
                    "the row cannot be read as CSV ({error}); check its quotes",
                    error=str(error),
                ),
            ) from None
        cells = [cell.strip() for cell in cells]
        if any(cells):
            yield row, cells


def _chain(
    first: tuple[int, list[str]], rest: Iterator[tuple[int, list[str]]]
) -> Iterator[tuple[int, list[str]]]:
    yield first
    yield from rest


def _is_header(cells: list[str]) -> bool:
    """A row that holds no reading: its first cell is not a time, its second not a number."""
    looks_like_time = bool(_TIME.match(cells[0]))
    looks_like_number = len(cells) > 1 and bool(_NUMBER.fullmatch(cells[1].replace(",", ".")))
    return not looks_like_time and not looks_like_number


def _name_key(name: str) -> str:
    """A header name compared without case, spaces, ``_-/.`` or brackets.

    ``Temperature (°C)``, ``temp_c`` and ``TEMP C`` all become a temperature in Celsius;
    ``temp_f``, ``Temp [°F]`` and ``Fahrenheit`` one in Fahrenheit; ``Date/Time``,
    ``timestamp`` and ``Time (UTC)`` the time.
    """
    key = name.casefold().replace("℃", "°c").replace("℉", "°f").replace("º", "°")
    return _NAME_NOISE.sub("", key)


def _columns(header: tuple[str, ...], row: int) -> tuple[int, int, Unit]:
    """The time column, the temperature column and its unit, found by name in the header."""
    times = [i for i, name in enumerate(header) if _name_key(name) in _TIME_NAMES]
    temperatures = [i for i, name in enumerate(header) if _name_key(name) in _TEMPERATURE_NAMES]
    found = ", ".join(_quote(name) for name in header)
    if len(times) != 1:
        raise LoggerError(
            row,
            gettext_noop(
                "the header needs exactly one time column (time, timestamp or datetime); "
                "found {count} among {found}",
                count=len(times),
                found=found,
            ),
        )
    if len(temperatures) != 1:
        raise LoggerError(
            row,
            gettext_noop(
                "the header needs exactly one temperature column (temperature, temp, "
                "temperature_c, temp_c or °C; temp_f or °F for Fahrenheit); found {count} "
                "among {found}",
                count=len(temperatures),
                found=found,
            ),
        )
    return times[0], temperatures[0], _TEMPERATURE_NAMES[_name_key(header[temperatures[0]])]


def _cell_count_problem(
    count: int, width: int, header_row: int, header: tuple[str, ...] | None
) -> Text:
    if header is None:
        return gettext_noop(
            "{count} cell(s) where 2 were expected (time, temperature); a cell may be missing, "
            "or a decimal comma may have split a number (use ; between cells then)",
            count=count,
        )
    return gettext_noop(
        "{count} cell(s) where {width} were expected, as in the header in row {header_row}; a "
        "cell may be missing, or a decimal comma may have split a number (use ; between cells "
        "then)",
        count=count,
        width=width,
        header_row=header_row,
    )


def _time(cell: str, row: int, zone: timezone | None) -> tuple[datetime, bool]:
    """The cell's time in UTC, and whether the caller's offset had to be assumed for it."""
    unreadable = gettext_noop(
        "the time {cell} is not one this reads: expected an ISO 8601 date and time with its "
        "UTC offset, such as 2027-01-20T08:00:00Z or 2027-01-20 08:00:00+08:00",
        cell=_quote(cell),
    )
    if not cell.isascii() or not _TIME.match(cell):
        raise LoggerError(row, unreadable)
    try:
        parsed = datetime.fromisoformat(cell.upper())
    except ValueError:
        raise LoggerError(row, unreadable) from None
    naive = parsed.tzinfo is None
    if naive:
        if zone is None:
            raise LoggerError(
                row,
                gettext_noop(
                    "the time {cell} has no UTC offset; a logger's local time cannot be placed "
                    "on the chain of custody's UTC clock. Export the file with offsets (such as "
                    "2027-01-20T08:00:00Z or +08:00), or state the logger's UTC offset",
                    cell=_quote(cell),
                ),
            )
        parsed = parsed.replace(tzinfo=zone)
    try:
        return parsed.astimezone(UTC), naive
    except OverflowError:
        raise LoggerError(row, unreadable) from None


def _temperature(
    cell: str, row: int, unit: Unit, decimal_comma: bool, fahrenheit: dict[float, float]
) -> float:
    """The cell in Celsius, refused unless a plain decimal number of a plausible temperature.

    Fahrenheit goes through pint once per distinct value (``fahrenheit`` remembers them): a
    logger resolves 0.1 degree, so a file holds few distinct values however long it is.
    """
    text = cell.replace(",", ".") if decimal_comma and "." not in cell else cell
    if not _NUMBER.fullmatch(text):
        example = "5.2 or 5,2" if decimal_comma else "5.2"
        raise LoggerError(
            row,
            gettext_noop(
                "the temperature {cell} is not a number; expected a decimal number of degrees, "
                "such as {example}",
                cell=_quote(cell) if cell else gettext_noop("(empty)"),
                example=example,
            ),
        )
    value = float(text)
    if unit == "°F":
        if value not in fahrenheit:
            converted = float(Q_(value, "degF").to("degC").magnitude)
            fahrenheit[value] = round(converted, DECIMALS) if math.isfinite(converted) else value
        celsius = fahrenheit[value]
        shown = f"{_quote_bare(cell)} °F ({_c(celsius)} °C)"
    else:
        celsius = round(value, DECIMALS) if math.isfinite(value) else value
        shown = f"{_quote_bare(cell)} °C"
    if celsius < ABSOLUTE_ZERO_C:
        raise LoggerError(
            row,
            gettext_noop(
                "{reading} is below absolute zero (-273.15 °C), which no thermometer can read, "
                "so the cell is misread or in another unit",
                reading=shown,
            ),
        )
    if not math.isfinite(celsius) or celsius > HIGHEST_PLAUSIBLE_C:
        raise LoggerError(
            row,
            gettext_noop(
                "{reading} is not a plausible shipper temperature: a cell-therapy shipper reads "
                "between -273.15 °C and +100 °C, so the cell is misread or in another unit",
                reading=shown,
            ),
        )
    return celsius


def _check_order(previous: Reading, cell: str, time: datetime, row: int, prior: str) -> None:
    """Refuse a time that does not come strictly after the previous row's."""
    if time > previous.time:
        return
    if time == previous.time:
        raise LoggerError(
            row,
            gettext_noop(
                "{cell} is the same time as row {previous_row}'s {previous} — the file has "
                "duplicated rows, and which of them is true cannot be told",
                cell=_quote_bare(cell),
                previous_row=previous.row,
                previous=_quote_bare(prior),
            ),
        )
    raise LoggerError(
        row,
        gettext_noop(
            "{cell} comes before row {previous_row}'s {previous} — the file is unsorted or has "
            "duplicated rows",
            cell=_quote_bare(cell),
            previous_row=previous.row,
            previous=_quote_bare(prior),
        ),
    )


def _gaps(readings: list[Reading], min_gap: timedelta) -> tuple[timedelta, timedelta, list[Gap]]:
    """The median interval, the gap threshold and the gaps of readings in increasing time."""
    micro = timedelta(microseconds=1)
    spacings = [(b.time - a.time) // micro for a, b in itertools.pairwise(readings)]
    interval = timedelta(microseconds=int(statistics.median(spacings)))
    threshold = max(GAP_FACTOR * interval, min_gap)
    gaps = [
        Gap(a.time, b.time, a.row, b.row)
        for a, b in itertools.pairwise(readings)
        if b.time - a.time > threshold
    ]
    return interval, threshold, gaps


# --- excursions ------------------------------------------------------------------------------


def _range(low_c: float, high_c: float) -> tuple[float, float]:
    try:
        low, high = float(low_c), float(high_c)
    except (TypeError, ValueError):
        raise ValueError(
            gettext_noop(
                "the product's range must be two numbers of °C; got {low} and {high}",
                low=repr(low_c),
                high=repr(high_c),
            )
        ) from None
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValueError(
            gettext_noop(
                "the product's range must have its low bound below its high bound; got {low} "
                "to {high} °C",
                low=_c(low),
                high=_c(high),
            )
        )
    return low, high


def _runs(readings: tuple[Reading, ...], low: float, high: float) -> Iterator[Excursion]:
    """Runs of consecutive readings outside [low, high] on one side, in order."""
    run: list[Reading] = []
    run_side: Side | None = None
    for reading in readings:
        side: Side | None = (
            "high" if reading.celsius > high else "low" if reading.celsius < low else None
        )
        if run and side != run_side:
            yield _excursion(run, run_side or "high", reading.time, open_ended=False)
            run = []
        if side is not None:
            run.append(reading)
            run_side = side
    if run:
        yield _excursion(run, run_side or "high", run[-1].time, open_ended=True)


def _excursion(run: list[Reading], side: Side, end: datetime, *, open_ended: bool) -> Excursion:
    pick = max if side == "high" else min
    extreme = pick(run, key=lambda r: r.celsius)
    return Excursion(
        side=side,
        start=run[0].time,
        end=end,
        extreme_c=extreme.celsius,
        extreme_at=extreme.time,
        readings=len(run),
        first_row=run[0].row,
        last_row=run[-1].row,
        open_ended=open_ended,
    )


def _excursion_line(excursion: Excursion, low: float, high: float) -> Text:
    values = {
        "start": _iso(excursion.start),
        "end": _iso(excursion.end),
        "duration": _span(excursion.duration),
        "count": excursion.readings,
        "first": excursion.first_row,
        "last": excursion.last_row,
        "extreme": _c(excursion.extreme_c),
        "at": _iso(excursion.extreme_at),
    }
    if excursion.side == "high" and excursion.open_ended:
        return gettext_noop(
            "Above {bound} °C from {start} until the file ends at {end} (at least {duration}, "
            "{count} readings, rows {first}-{last}); highest {extreme} °C at {at}.",
            bound=_c(high),
            **values,
        )
    if excursion.side == "high":
        return gettext_noop(
            "Above {bound} °C from {start} to {end} ({duration}, {count} readings, rows "
            "{first}-{last}); highest {extreme} °C at {at}.",
            bound=_c(high),
            **values,
        )
    if excursion.open_ended:
        return gettext_noop(
            "Below {bound} °C from {start} until the file ends at {end} (at least {duration}, "
            "{count} readings, rows {first}-{last}); lowest {extreme} °C at {at}.",
            bound=_c(low),
            **values,
        )
    return gettext_noop(
        "Below {bound} °C from {start} to {end} ({duration}, {count} readings, rows "
        "{first}-{last}); lowest {extreme} °C at {at}.",
        bound=_c(low),
        **values,
    )


# --- formatting ------------------------------------------------------------------------------


def _iso(time: datetime) -> str:
    """ISO 8601 in UTC with ``Z``: the chain of custody's clock, the same in every language."""
    return time.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _c(value: float) -> str:
    """Degrees to at most two decimals, at least one: 8.0, 9.5, 8.06, -196.0."""
    if not math.isfinite(value):
        return str(value)
    text = f"{value:.2f}"
    text = text[:-1] if text.endswith("0") else text
    return "0.0" if text == "-0.0" else text


def _span(duration: timedelta) -> str:
    """A duration in h, min and s (unit symbols, not translated): 20 min, 1 h 5 min, 30 s."""
    seconds = round(duration.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{hours} h" if hours else "", f"{minutes} min" if minutes else ""]
    parts.append(f"{seconds} s" if seconds or not (hours or minutes) else "")
    return " ".join(part for part in parts if part)


def _offset(offset: timedelta) -> str:
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(offset) // timedelta(minutes=1)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _quote(cell: str) -> str:
    """A cell as shown in a message: quoted, control characters escaped, long ones cut."""
    return repr(cell if len(cell) <= _SHOWN else cell[:_SHOWN] + "…")


def _quote_bare(cell: str) -> str:
    """A cell that is a time or a number, shown as written when it is printable."""
    shown = cell if len(cell) <= _SHOWN else cell[:_SHOWN] + "…"
    return shown if shown.isprintable() else repr(shown)
