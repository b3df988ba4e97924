"""``POST /api/v1/grade/{kind}``: the stateless grading contract of reference/grading-io.md.

One JSON object in, one result out, computed by the pure core in ``cartnav.clinical``. Nothing is
stored and no person is named, so nothing is audited; recording graded observations on a ward
belongs to the monitoring app, which will call the same core.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Body, Router, Status

from cartnav.api_errors import ErrorOut
from cartnav.clinical.contract import KINDS, grade

router = Router(tags=["grading"])


@router.post(
    "/{kind}",
    summary="Grade one assessment (crs, icans, tls, hematotox, easix, icaht)",
    response={200: dict[str, Any], 404: ErrorOut},
)
def grade_one(request: HttpRequest, kind: str, payload: Body[dict[str, Any]]) -> Any:
    """A refused input (``ClinicalInputError``) is a 422 naming the field."""
    if kind not in KINDS:
        return Status(404, {"detail": f"Unknown kind “{kind}”. Use one of: {', '.join(KINDS)}."})
    return Status(200, grade(kind, payload).to_dict())
