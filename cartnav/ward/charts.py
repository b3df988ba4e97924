"""The stay's pictures as inline SVG, built on the server: no script, so they render under the
strict content security policy, and the same markup prints. Each chart is one series over the
stay's days, with the CRS or ICANS grade of each day as a band behind it and the doses marked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from cartnav.clinical import ward as core

WIDTH, HEIGHT = 600, 140


@dataclass(frozen=True)
class Chart:
    code: str
    unit: str
    low: float
    high: float
    points: str
    bands: list[tuple[float, float, int, str]]  # x, width, grade, syndrome
    marks: list[tuple[float, str]]  # x, drug
    limits: list[float]  # y of reference lines
    count: int


#: What each chart shows: the code, its unit and the axis range.
SERIES = (
    ("temperature", "°C", 35.0, 41.0, "crs", (38.0,)),
    ("spo2", "%", 80.0, 100.0, "crs", (92.0,)),
    ("systolic", "mmHg", 60.0, 180.0, "crs", (90.0,)),
    ("ice_total", "/10", 0.0, 10.0, "icans", ()),
    ("anc", "× 10⁹/L", 0.0, 5.0, "", (0.5,)),
    ("platelets", "× 10⁹/L", 0.0, 200.0, "", (50.0,)),
)


def _x(at: dt.datetime, start: dt.datetime, span: float) -> float:
    return round((at - start).total_seconds() / span * WIDTH, 1)


def _y(value: float, low: float, high: float) -> float:
    clipped = min(max(value, low), high)
    return round(HEIGHT - (clipped - low) / (high - low) * HEIGHT, 1)


def charts(
    readings: Sequence[core.Reading],
    given: Sequence[core.Given],
    days: Sequence[core.Day],
    start: dt.datetime,
    end: dt.datetime,
) -> list[Chart]:
    span = max((end - start).total_seconds(), 3600.0)
    day_width = 86400 / span * WIDTH
    out = []
    for code, unit, low, high, syndrome, limits in SERIES:
        series = sorted((r for r in readings if r.code == code), key=lambda r: r.at)
        bands = []
        if syndrome:
            for d in days:
                grade = d.crs if syndrome == "crs" else d.icans
                if grade:
                    x = round(d.day * day_width, 1)
                    bands.append((x, round(day_width, 1), grade, syndrome))
        out.append(
            Chart(
                code=code,
                unit=unit,
                low=low,
                high=high,
                points=" ".join(
                    f"{_x(r.at, start, span)},{_y(float(r.value), low, high)}" for r in series
                ),
                bands=bands,
                marks=[
                    (_x(g.at, start, span), g.drug)
                    for g in given
                    if g.drug in core.MASKING and start <= g.at <= end
                ],
                limits=[_y(v, low, high) for v in limits],
                count=len(series),
            )
        )
    return out
