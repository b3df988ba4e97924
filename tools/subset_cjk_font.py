"""Make the CJK fallback font the summary PDF ships with (cartnav/records/fonts/).

Usage: python tools/subset_cjk_font.py /path/to/NotoSansCJK-Regular.ttc

The source is Debian's ``fonts-noto-cjk`` (``apt-get download fonts-noto-cjk``, then
``dpkg-deb -x``): Noto Sans CJK, SIL Open Font License 1.1. It keeps the Simplified Chinese face
(number 2 in the collection) and only the blocks a Chinese summary prints — Basic Latin and
Latin-1 (spaces and digits between Chinese words are shaped in the same run), general and CJK
punctuation, the unified ideographs U+4E00 to U+9FFF and full-width forms — without hinting or
OpenType layout features, as WOFF2: 19 MB become about 3.5 MB.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

OUT = (
    Path(__file__).resolve().parents[1] / "cartnav/records/fonts/NotoSansCJKsc-Regular-subset.woff2"
)
UNICODES = "U+0020-007E,U+00A0-00FF,U+2000-206F,U+3000-303F,U+4E00-9FFF,U+FF00-FFEF"


def main(source: str) -> None:
    subset.main(
        [
            source,
            "--font-number=2",
            f"--unicodes={UNICODES}",
            "--layout-features=",
            "--no-hinting",
            "--flavor=woff2",
            f"--output-file={OUT}",
        ]
    )
    print(f"{OUT}: {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
