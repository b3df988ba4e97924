"""Clinical sentences that a page can show in the reader's language.

The core writes every sentence of a result (basis, warnings, refusals) in English, as the
reference does, and the API and the CLI answer in English. A :class:`Text` is that English
sentence *and* the template and parameters it was made from, so the grading page can translate
the template from the catalogue and fill it in again (``cartnav.grading.templatetags``). It is a
``str``: everything that compares, prints or serialises results sees the English sentence.

Templates are marked with :func:`gettext_noop` — the name ``makemessages`` looks for — so they
are extracted into the catalogue like any other string; the core itself stays free of Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Text(str):
    """An English sentence that remembers ``template`` and ``params`` (``str.format`` style)."""

    template: str
    params: Mapping[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Text:
        text = super().__new__(cls, template.format(**params) if params else template)
        text.template = template
        text.params = params
        return text


#: Mark a template for translation and fill it in with its parameters — in English here. The
#: name is the one ``makemessages`` looks for; it is :class:`Text` itself, one call per sentence.
gettext_noop = Text


def localize(value: Any, translate: Any) -> Any:
    """``value`` in the reader's language: its template through ``translate`` (a gettext) and
    its parameters localized in turn; anything that is not a :class:`Text` unchanged.

    A translation whose placeholders do not fit the parameters falls back to the English.
    """
    if not isinstance(value, Text):
        return value
    params = {key: localize(param, translate) for key, param in value.params.items()}
    try:
        return translate(value.template).format(**params)
    except (KeyError, IndexError, ValueError):
        return str(value)


def dump(value: Any) -> Any:
    """A :class:`Text` as plain JSON (its template and parameters, nested ones too), so a
    stored sentence can be shown later in the reader's language; anything else unchanged."""
    if not isinstance(value, Text):
        return value
    return {"template": value.template, "params": {k: dump(v) for k, v in value.params.items()}}


def load(data: Any) -> Any:
    """The :class:`Text` that :func:`dump` stored (a plain string stays a string)."""
    if isinstance(data, dict) and set(data) == {"template", "params"}:
        return Text(data["template"], **{k: load(v) for k, v in data["params"].items()})
    return data
