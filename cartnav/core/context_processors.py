from django.conf import settings
from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, object]:
    return {"HOSPITAL_TIME_ZONE": settings.HOSPITAL_TIME_ZONE, "DEMO_MODE": settings.DEMO_MODE}
