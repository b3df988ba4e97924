"""How far the local stay is from the hospital, checked against the label's proximity rule, as
pure rules (no Django).

The US labels since June 2025 ask patients to stay "within 2 hours" of the treating centre for
2 weeks; other labels and hospitals have their own rules (the plan holds the one that applies).
cartnav cannot know the traffic, so the travel time is an **estimate**, labelled as such
everywhere it is shown: the great-circle distance (haversine) times a detour factor for roads,
at an average city driving speed. The figures are cartnav's choice, written here and in every
result: 1.4 for the detour (city road networks run about 1.2 to 1.6 times the straight line)
and 30 km/h (Chinese city traffic, stops included), so the estimate errs towards "too far".
A missing coordinate is "unknown", never "near enough".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from cartnav.clinical.text import Text, gettext_noop

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)
DETOUR = 1.4
CITY_KMH = 30.0


class CoordinateError(ValueError):
    def __init__(self, field: str, message: Text) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def check_coordinates(latitude: float | None, longitude: float | None, field: str) -> None:
    """Both or neither; a latitude within ±90 and a longitude within ±180."""
    if (latitude is None) != (longitude is None):
        raise CoordinateError(
            field, gettext_noop("give both the latitude and the longitude, or neither")
        )
    if latitude is None or longitude is None:
        return
    if not (math.isfinite(latitude) and -90 <= latitude <= 90):
        raise CoordinateError(field, gettext_noop("a latitude is between -90 and 90 degrees"))
    if not (math.isfinite(longitude) and -180 <= longitude <= 180):
        raise CoordinateError(field, gettext_noop("a longitude is between -180 and 180 degrees"))


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance by the haversine formula, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class Proximity:
    """The estimate and its verdict: ``within`` is True, False or None (unknown)."""

    distance_km: float | None
    estimated_hours: float | None
    limit_hours: float | None
    within: bool | None
    basis: tuple[Text, ...]
    missing: tuple[Text, ...]


def check(
    stay: tuple[float, float] | None,
    hospital: tuple[float, float] | None,
    limit_hours: float | None,
    rule_source: str,
) -> Proximity:
    missing: list[Text] = []
    if stay is None:
        missing.append(gettext_noop("the coordinates of the accommodation"))
    if hospital is None:
        missing.append(gettext_noop("the coordinates of the hospital"))
    basis = [
        gettext_noop(
            "estimate: straight-line distance x {detour} for roads at {speed:g} km/h (cartnav's "
            "choice; traffic is not known)",
            detour=DETOUR,
            speed=CITY_KMH,
        )
    ]
    if stay is None or hospital is None:
        return Proximity(None, None, limit_hours, None, tuple(basis), tuple(missing))
    km = distance_km(stay, hospital)
    hours = km * DETOUR / CITY_KMH
    if limit_hours is None:
        missing.append(gettext_noop("the plan's proximity rule (hours from the hospital)"))
        return Proximity(km, hours, None, None, tuple(basis), tuple(missing))
    basis.append(
        gettext_noop(
            "the rule: within {hours:g} hours of the hospital ({source})",
            hours=limit_hours,
            source=rule_source,
        )
    )
    return Proximity(km, hours, limit_hours, hours <= limit_hours, tuple(basis), ())
