from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.utils import translation

from tests.cast import Cast, build_cast


@pytest.fixture
def cast(db: None) -> Cast:
    return build_cast()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is deliberately slow; tests that do not test hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _media_outside_the_checkout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Documents and pending imports written by tests go to a temporary folder, not var/."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(autouse=True)
def _audit_checkpoints_of_this_test(settings: Any, tmp_path: Path) -> None:
    """Each test's audit checkpoints start empty, like its database."""
    settings.AUDIT_CHECKPOINTS = str(tmp_path / "audit-checkpoints.log")


@pytest.fixture(autouse=True)
def _language_does_not_leak_between_tests() -> Iterator[None]:
    """A request leaves its person's language active in the thread; the next test starts afresh."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)
