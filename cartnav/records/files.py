"""What an uploaded file really is: its content is checked against the type it claims.

Only PDF, PNG, JPEG and DICOM are accepted, each recognised by its magic bytes; the claimed
name's extension must agree. The file is never opened by anything that could execute it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

#: content type → (accepted extensions, test on the first bytes)
TYPES: dict[str, tuple[tuple[str, ...], Callable[[bytes], bool]]] = {
    "application/pdf": ((".pdf",), lambda b: b.startswith(b"%PDF-")),
    "image/png": ((".png",), lambda b: b.startswith(b"\x89PNG\r\n\x1a\n")),
    "image/jpeg": ((".jpg", ".jpeg"), lambda b: b.startswith(b"\xff\xd8\xff")),
    "application/dicom": ((".dcm", ".dicom"), lambda b: len(b) >= 132 and b[128:132] == b"DICM"),
}
INLINE = {"application/pdf", "image/png", "image/jpeg"}


class FileRefused(ValueError):
    pass


#: The longest display name kept; a longer one is shortened before its extension, which the
#: content check needs.
MAX_NAME = 120


def sanitise(name: str) -> str:
    """A display name safe to show and to put in a header: no path, no control characters,
    at most ``MAX_NAME`` characters with its extension kept."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f\"<>|:*?]", "_", name).strip(" .") or "document"
    if len(name) <= MAX_NAME:
        return name
    stem, dot, extension = name.rpartition(".")
    if dot and 0 < len(extension) <= 10:
        return stem[: MAX_NAME - len(extension) - 1] + "." + extension
    return name[:MAX_NAME]


def detect(name: str, head: bytes, *, csv: bool = False) -> str:
    """The verified content type, or FileRefused saying what is wrong. With ``csv`` (a shipper's
    temperature logger file, already read line by line by ``custody.temperature``), a ``.csv``
    whose start is UTF-8 text without NUL bytes is accepted as ``text/csv``."""
    lower = name.lower()
    if csv and lower.endswith(".csv") and b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 3:  # not just a character cut at the end of the sample
                raise FileRefused(f"“{name}” is not UTF-8 text.") from exc
        return "text/csv"
    for content_type, (extensions, test) in TYPES.items():
        if test(head):
            if any(lower.endswith(ext) for ext in extensions) or (
                content_type == "application/dicom" and "." not in lower
            ):
                return content_type
            raise FileRefused(
                f"“{name}” is named like another type of file than its content ({content_type})."
            )
    if any(lower.endswith(ext) for exts, _ in TYPES.values() for ext in exts):
        raise FileRefused(
            f"The content of “{name}” is not what its name says: it is not a valid PDF, PNG, JPEG or DICOM file."
        )
    raise FileRefused(
        f"“{name}” is not a PDF, PNG, JPEG or DICOM file; only those can be uploaded."
    )
