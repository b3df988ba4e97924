"""The queries compiled once (``core.prepared``) answer exactly what Django's own would."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from cartnav.access import policy
from cartnav.accounts.backends import CartnavBackend
from cartnav.core.prepared import Prepared
from cartnav.patients.models import Case, StageChange
from tests.cast import Cast


def _verified(user: object) -> object:
    user.is_verified = lambda: True  # type: ignore[attr-defined]
    return user


def test_each_roles_case_lookup_agrees_with_visible_cases(cast: Cast) -> None:
    cases = list(Case.objects.all())
    for name, user in cast.users.items():
        _verified(user)
        for case in cases:
            expected = policy.visible_cases(user).filter(pk=case.pk).first()
            got = policy._visible_case(user, case.pk)
            assert got == expected, (name, case.number)
            summary = policy._visible_case(user, case.pk, summary=True)
            assert summary == expected, (name, case.number)
            if got is not None:  # the related rows come along, as with select_related
                assert got.patient.family_name and got.hospital.slug
                assert (summary.patient.display_name, summary.hospital.slug, summary.stage) == (
                    got.patient.display_name,
                    got.hospital.slug,
                    got.stage,
                )


@pytest.mark.parametrize(
    "bad", ["not-a-uuid", "", None, 5, "5c2a61c3-0f4e-4a55-9a2e-3f4f0a8b1c2d", "1" * 200]
)
def test_a_malformed_or_unknown_case_id_finds_nothing(cast: Cast, bad: object) -> None:
    assert policy._visible_case(_verified(cast.users["cora"]), bad) is None


def test_the_person_behind_a_session_is_loaded_like_django_does(cast: Cast) -> None:
    backend = CartnavBackend()
    ana = cast.users["ana"]
    assert backend.get_user(ana.pk) == ana
    assert backend.get_user(10**15) is None
    assert backend.get_user("x") is None
    ana.is_active = False
    ana.save()
    assert backend.get_user(ana.pk) is None


def test_an_expired_session_is_not_read(cast: Cast) -> None:
    client = cast.client("ana")
    assert client.get("/me/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    assert client.get("/me/").status_code == 302


def test_a_query_whose_value_does_not_reach_the_sql_is_refused(cast: Cast) -> None:
    broken = Prepared(lambda pk: Case.objects.all(), Case._meta.pk)
    with pytest.raises(ValueError, match="does not reach the SQL"):
        broken.first(cast.ana_case.pk)


def test_the_first_rows_and_counts_agree_with_the_orm_for_every_role(cast: Cast) -> None:
    from cartnav.patients import selectors

    for name, user in cast.users.items():
        _verified(user)
        for n in selectors.FIRST_ROWS:
            assert selectors.first_rows(user, n) == list(selectors.case_rows(user)[:n]), name
        expected: dict[str, int] = {}
        for case in policy.visible_cases(user):
            expected[case.stage] = expected.get(case.stage, 0) + 1
        assert selectors.counts_by_stage(user) == expected, name
    assert selectors.first_rows(cast.users["cora"], 7) is None


def test_the_portal_shows_exactly_the_persons_own_rows(cast: Cast) -> None:
    from cartnav import access

    for name in ("ana", "carla", "ben", "cora", "ali"):
        user = cast.users[name]
        patients, cases = access.portal(user)
        if user.role in ("patient", "proxy"):
            assert patients == list(policy.visible_patients(user))
            assert cases == list(policy.visible_cases(user))
            for case in cases:
                assert list(case.stage_changes.all()) == list(
                    StageChange.objects.filter(case=case).order_by("at", "id")
                )
        else:
            assert (patients, cases) == ([], [])


def test_rows_attached_by_the_portal_cannot_be_narrowed_into_other_peoples_rows(
    cast: Cast,
) -> None:
    """The attached rows carry no filter of their own: narrowing them must fail, not query
    every case's rows."""
    from cartnav import access

    _, cases = access.portal(cast.users["ana"])
    assert cases and cases[0].documents.count() == len(list(cases[0].documents.all()))
    with pytest.raises(RuntimeError, match="cannot be queried further"):
        cases[0].documents.filter(kind="pathology")
