from django.test import Client

from cartnav.api import api


def test_the_schema_is_served_and_lists_every_route(db: None) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    served = set(schema["paths"])
    routes = set()
    for prefix, router in api._routers:
        for path in router.path_operations:
            routes.add(
                (
                    "/api/v1/"
                    + (prefix.strip("/") + "/" if prefix.strip("/") else "")
                    + path.lstrip("/")
                ).rstrip("/")
            )
    assert {r.replace("//", "/") for r in routes} <= {p.rstrip("/") for p in served}
    assert "/api/v1/cases/{case_id}/stage" in served
    assert schema["components"]["securitySchemes"].keys() >= {"VerifiedSessionAuth", "TokenAuth"}
