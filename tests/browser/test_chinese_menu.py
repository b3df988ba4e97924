"""Issue 12, item 9: the Chinese menu does not wrap a character per line on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_hardened_pages import _fits, _staff
from tests.cast import build_cast


@pytest.mark.parametrize("width", [390, 1366])
def test_each_menu_link_stays_on_one_line_in_chinese(
    page: Any, transactional_db: None, settings: Any, width: int
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    cast = build_cast()
    _staff(page, cast, "adam", "zh-hans", width)  # the administrator has the most links
    page.goto("/cases/")
    heights = page.evaluate(
        """() => [...document.querySelectorAll('header.top nav a')].map(a => {
             const r = a.getClientRects();
             return {text: a.textContent, lines: r.length,
                     height: a.getBoundingClientRect().height,
                     line: parseFloat(getComputedStyle(a).lineHeight) || 24};
           })"""
    )
    assert heights, "the menu has links"
    for link in heights:
        assert link["lines"] == 1 and link["height"] < 2 * link["line"], link
    _fits(page, width)
