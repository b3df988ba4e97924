"""A signed-in HTTP session for the benchmarks: one cookie jar on one keep-alive connection,
signing in with the demo password and, for staff, the current second-factor code."""

from __future__ import annotations

import http.client
import json
import re
import time
from collections.abc import Callable
from urllib.parse import urlencode

PASSWORD = "-".join(("cartnav", "demo", "2026"))
STAFF_PREFIXES = ("coord", "dr.", "nurse", "reviewer", "admin", "analyst")


class Session:
    """A signed-in HTTP session (cookie jar of one) on a keep-alive connection to one server.

    bench_pages.Session, with the server's port as a parameter and JSON posts for the API."""

    def __init__(self, port: int, code_for: Callable[[str], str] = lambda name: "") -> None:
        self.port = port
        self.code_for = code_for
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.last_used = time.monotonic()

    def reconnect(self) -> None:
        self.conn.close()
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        payload: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        hdrs = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if form is not None or payload is not None:
            hdrs["Referer"] = f"http://127.0.0.1:{self.port}{path}"
            hdrs["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        if form is not None:
            data = urlencode(form)
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        elif payload is not None:
            data = json.dumps(payload)
            hdrs["Content-Type"] = "application/json"
        idle = time.monotonic() - self.last_used
        try:
            self.conn.request(method, path, body=data, headers=hdrs)
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # gunicorn closes a keep-alive connection left idle for 2 s (as while a second
            # factor's code is fetched); a browser then opens a new one, and so do we. A
            # connection dropped while busy is an error, and the load counts it.
            if idle < 1:
                raise
            self.reconnect()
            self.conn.request(method, path, body=data, headers=hdrs)
            response = self.conn.getresponse()
        text = response.read().decode(errors="replace")
        self.last_used = time.monotonic()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text

    def csrf(self, path: str) -> str:
        _, page = self.request("GET", path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def sign_in(self, username: str) -> None:
        token = self.csrf("/accounts/login/")
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        assert status == 302, f"sign-in of {username} on :{self.port} gave {status}"
        if not username.startswith(STAFF_PREFIXES):  # the demo's staff accounts
            return
        for attempt in range(2):
            code = self.code_for(username)
            token = self.csrf("/accounts/otp/")
            status, _ = self.request(
                "POST", "/accounts/otp/", {"code": code, "csrfmiddlewaretoken": token}
            )
            if status == 302:
                return
            if attempt == 0:
                # A TOTP code is accepted once: the same person signed in within the same
                # 30-second step (the previous phase) must wait for the next code.
                time.sleep(31 - time.time() % 30)
        raise AssertionError(f"second factor of {username} on :{self.port} gave {status}")
