"""cartnav's pure eligibility core: products, trials, criteria, profiles, screening.

No Django, no I/O beyond reading the shipped data files. See docs/eligibility.md.
"""

from cartnav.eligibility.criteria import KINDS, Criterion, extract
from cartnav.eligibility.ctgov import (
    StudyFormatError,
    TrialRecord,
    parse_studies,
    read_monitor_tables,
)
from cartnav.eligibility.profile import PROFILE_JSON_SCHEMA, PatientProfile, ProfileError
from cartnav.eligibility.screen import (
    Catalog,
    HospitalEntry,
    Option,
    ScreeningResult,
    TrialEntry,
    screen,
)

__all__ = [
    "KINDS",
    "PROFILE_JSON_SCHEMA",
    "Catalog",
    "Criterion",
    "HospitalEntry",
    "Option",
    "PatientProfile",
    "ProfileError",
    "ScreeningResult",
    "StudyFormatError",
    "TrialEntry",
    "TrialRecord",
    "extract",
    "parse_studies",
    "read_monitor_tables",
    "screen",
]
