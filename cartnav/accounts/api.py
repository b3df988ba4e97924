from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    role: str
    language: str
    time_zone: str
    hospitals: list[str]


@router.get("/me", response=MeOut, summary="Who am I")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        username=user.get_username(),
        role=user.role,
        language=user.language,
        time_zone=user.time_zone,
        hospitals=[h.slug for h in user.hospitals.all()],
    )
