"""cartnav's pure clinical core: one function per published definition, no Django, no I/O.

Scalar graders take keyword inputs in canonical units (``None`` = not known) and return a
:class:`GradeResult`; ``grade(kind, payload)`` takes the grading-io JSON; ``cartnav.clinical.bulk``
grades whole Polars tables with the same results. Definitions: reference/clinical.md; contract:
reference/grading-io.md; choices: docs/grading.md.
"""

from cartnav.clinical.bulk import (
    daily_worst_crs,
    daily_worst_icans,
    easix_frame,
    grade_crs_frame,
    grade_icans_frame,
    hematotox_frame,
)
from cartnav.clinical.bulk_tls import tls_frame
from cartnav.clinical.contract import (
    KINDS,
    CrsInput,
    EasixInput,
    HematotoxInput,
    IcansInput,
    TlsInput,
    grade,
    parse,
    parse_crs,
    parse_easix,
    parse_hematotox,
    parse_icans,
    parse_tls,
)
from cartnav.clinical.crs import grade_crs
from cartnav.clinical.easix import grade_easix
from cartnav.clinical.guidance import (
    Guidance,
    crs_guidance,
    guidance_for,
    icans_guidance,
    tocilizumab_dose,
)
from cartnav.clinical.hematotox import grade_hematotox
from cartnav.clinical.icans import grade_icans
from cartnav.clinical.result import Basis, GradeResult
from cartnav.clinical.stream import run_stream
from cartnav.clinical.tls import grade_tls
from cartnav.clinical.units import ClinicalInputError, normalise

__all__ = [
    "KINDS",
    "Basis",
    "ClinicalInputError",
    "CrsInput",
    "EasixInput",
    "GradeResult",
    "Guidance",
    "HematotoxInput",
    "IcansInput",
    "TlsInput",
    "crs_guidance",
    "daily_worst_crs",
    "daily_worst_icans",
    "easix_frame",
    "grade",
    "grade_crs",
    "grade_crs_frame",
    "grade_easix",
    "grade_hematotox",
    "grade_icans",
    "grade_icans_frame",
    "grade_tls",
    "guidance_for",
    "hematotox_frame",
    "icans_guidance",
    "normalise",
    "parse",
    "parse_crs",
    "parse_easix",
    "parse_hematotox",
    "parse_icans",
    "parse_tls",
    "run_stream",
    "tls_frame",
    "tocilizumab_dose",
]
