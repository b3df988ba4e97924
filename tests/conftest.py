from collections.abc import Iterator
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


@pytest.fixture(autouse=True)
def _language_does_not_leak_between_tests() -> Iterator[None]:
    """A request leaves its person's language active in the thread; the next test starts afresh."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)
