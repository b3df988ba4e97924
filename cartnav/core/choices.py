"""Cheap ``get_FOO_display`` methods for fields whose choices are a Django ``Choices`` enum.

Django's generated ``get_FOO_display`` builds a dictionary of *all* the field's choices on every
call, translating each label to hash it; a page showing nine stage or purpose names translated
about 130 labels, a tenth of the patient home's render time under load (bench/bench_pages.py).
These look up the one label. Django keeps a ``get_FOO_display`` a model defines itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models


def choice_display(field: str, choices: type[models.Choices]) -> Callable[[Any], Any]:
    """A ``get_<field>_display`` method: the label of the field's value, or the value itself
    when it is not one of ``choices`` (as Django's own method answers)."""

    def get_display(self: Any) -> Any:
        value = getattr(self, field)
        try:
            return choices(value).label
        except ValueError:
            return value

    get_display.__name__ = f"get_{field}_display"
    get_display.__doc__ = f"The label of ``{field}`` in the current language."
    return get_display
