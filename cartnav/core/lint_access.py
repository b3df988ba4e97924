"""``make lint``: personal data may be queried only through the access module.

Fails when code outside the allowed places starts a query on a model holding a person's data
(``Patient.objects``, ``Case.objects`` …). Allowed: ``cartnav/access/`` (the visible-set
functions), services (the one write path), migrations, admin (admins only, audited), the demo
loader and tests. Everything else must start from ``cartnav.access.visible_cases`` and friends.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PERSONAL_MODELS = ("Patient", "Case", "Consent", "StageChange")
PATTERN = re.compile(rf"\b({'|'.join(PERSONAL_MODELS)})\.objects\b")
ALLOWED = (
    "cartnav/access/",
    "/services.py",
    "/migrations/",
    "/admin.py",
    "cartnav/core/demo.py",
    "/tests/",
    "cartnav/core/lint_access.py",
)


def violations(root: Path) -> list[str]:
    found = []
    for path in sorted((root / "cartnav").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if any(part in f"/{rel}" for part in ALLOWED):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if PATTERN.search(line):
                found.append(f"{rel}:{number}: {line.strip()}")
    return found


def main() -> int:
    root = Path(__file__).resolve().parents[2]
    found = violations(root)
    for line in found:
        print(f"direct query on personal data outside cartnav.access: {line}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
