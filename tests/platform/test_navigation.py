"""Each role sees the links to its own work, in its own language."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from cartnav.accounts.roles import Role

EVERYONE = {"/trials/", "/accounts/tokens/"}
EXPECTED = {
    Role.PATIENT: {"/me/"} | EVERYONE,
    Role.PROXY: {"/me/"} | EVERYONE,
    Role.COORDINATOR: {"/cases/", "/grade/", "/inquiries/", "/custody/", "/ward/"} | EVERYONE,
    Role.REVIEWER: {"/cases/", "/grade/", "/reviews/"} | EVERYONE,
    Role.NURSE: {"/cases/", "/grade/", "/ward/"} | EVERYONE,
    Role.PHYSICIAN: {"/cases/", "/grade/", "/ward/"} | EVERYONE,
    Role.ANALYST: {"/registry/"} | EVERYONE,
    Role.ADMIN: {
        "/cases/",
        "/grade/",
        "/inquiries/",
        "/custody/",
        "/ward/",
        "/registry/",
        "/admin/",
    }
    | EVERYONE,
}


def _links(role: str) -> set[str]:
    html = Template("{% load cartnav %}{% nav_links role %}").render(Context({"role": role}))
    return set(re.findall(r'href="([^"]+)"', html))


@pytest.mark.parametrize("role", list(EXPECTED))
def test_a_role_sees_the_links_to_its_work(role: str) -> None:
    assert _links(role) == EXPECTED[role]


def test_the_links_speak_the_readers_language() -> None:
    template = Template("{% load cartnav %}{% nav_links role %}")
    with translation.override("zh-hans"):
        chinese = template.render(Context({"role": Role.COORDINATOR}))
    with translation.override("en"):
        english = template.render(Context({"role": Role.COORDINATOR}))
    assert ">病例</a>" in chinese and ">Cases</a>" in english
