from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from cartnav import access
from cartnav.registry import services

router = Router(tags=["registry"])


class RegistryRowOut(Schema):
    subject: str
    hospital: str
    stage: str
    age_band: str
    sex: str
    diagnosis: str
    year_opened: int


@router.get(
    "/cases",
    response=list[RegistryRowOut],
    summary="De-identified cases (consenting patients only)",
)
def registry_cases(request: HttpRequest) -> list[dict[str, object]]:
    try:
        return services.as_dicts(services.export_rows(request, request.user))
    except services.NotAnAnalyst as exc:
        raise access.Forbidden from exc
