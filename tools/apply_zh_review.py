"""Apply a reviewed list of Chinese corrections to the catalogue (issue 12, item 9).

Usage: .venv/bin/python tools/apply_zh_review.py corrections.json — each item {"msgid", "msgctxt",
"proposed"} replaces that entry's msgstr. Prints what it could not find. The .po stays the one
place translations live; this only edits it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fill_zh import PO, _field, _quote, _unquote  # the catalogue's own reading and writing


def _key(lines: list[str]) -> tuple[str | None, str] | None:
    span = _field(lines, "msgid")
    if span is None:
        return None
    msgid = _unquote([lines[span[0]][len("msgid ") :], *lines[span[0] + 1 : span[1]]])
    ctx_span = _field(lines, "msgctxt")
    ctx = (
        _unquote([lines[ctx_span[0]][len("msgctxt ") :], *lines[ctx_span[0] + 1 : ctx_span[1]]])
        if ctx_span
        else None
    )
    return ctx, msgid


def apply(
    text: str, corrections: dict[tuple[str | None, str], str]
) -> tuple[str, set[tuple[str | None, str]]]:
    done: set[tuple[str | None, str]] = set()
    blocks = text.split("\n\n")
    for i, block in enumerate(blocks):
        lines = block.split("\n")
        key = _key(lines)
        if key is None or key not in corrections or _field(lines, "msgid_plural"):
            continue
        target = _field(lines, "msgstr")
        if target is None:
            continue
        lines[target[0] : target[1]] = [f"msgstr {_quote(corrections[key])}"]
        blocks[i] = "\n".join(lines)
        done.add(key)
    return "\n\n".join(blocks), done


def main() -> int:
    items = json.loads(Path(sys.argv[1]).read_text())
    corrections = {
        (item.get("msgctxt"), item["msgid"]): item["proposed"]
        for item in items
        if item.get("proposed")
    }
    text, done = apply(PO.read_text(), corrections)
    PO.write_text(text)
    for key in sorted(set(corrections) - done, key=str):
        print(f"not found: {key!r}")
    print(f"applied {len(done)} of {len(corrections)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
