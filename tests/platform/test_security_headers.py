from tests.cast import Cast


def test_pages_carry_a_content_security_policy_and_the_usual_headers(cast: Cast) -> None:
    response = cast.client("ana").get("/me/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert (
        "HttpOnly" in str(response.cookies.get("sessionid", ""))
        or "sessionid" not in response.cookies
    )
