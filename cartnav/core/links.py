"""Addresses of views, reversed once per view and filled in for each object.

``reverse`` walks the URL patterns every time it is called; a page that links each of its rows
(documents, to-dos, consents) called it a dozen times, a tenth of the patient home's CPU
(docs/performance.md). :func:`link` reverses a view once with marker arguments and then puts
each real argument where its marker landed, quoted as ``reverse`` quotes a path argument.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import quote

from django.urls import get_script_prefix, reverse

#: Markers that every path converter of this project accepts (``str`` and ``id``) and no real
#: address contains.
_MARKERS = tuple(f"97531086420000{i}" for i in range(1, 6))

#: What ``reverse`` leaves unquoted in a path argument (django.urls.resolvers).
_SAFE = "!$&'()*+,;=/~:@"


def link(name: str, *args: Any) -> str:
    """``reverse(name, args=args)``, for arguments that are ids, numbers or slugs."""
    template, parts = _template(name, len(args), get_script_prefix())
    if not args:
        return template
    out = [parts[0]]
    for arg, rest in zip(args, parts[1:], strict=True):
        out.append(quote(str(arg), safe=_SAFE))
        out.append(rest)
    return "".join(out)


@lru_cache(maxsize=256)
def _template(name: str, count: int, prefix: str) -> tuple[str, tuple[str, ...]]:
    """The address with markers, split around them in argument order."""
    url = reverse(name, args=_MARKERS[:count])
    parts: list[str] = []
    rest = url
    for marker in _MARKERS[:count]:
        before, found, rest = rest.partition(marker)
        if not found:
            raise ValueError(f"{name}: argument {marker} does not reach the path in order")
        parts.append(before)
    parts.append(rest)
    return url, tuple(parts)
