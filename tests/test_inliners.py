"""Both CSS inliners give the same inline styles on every element of every golden email."""

from __future__ import annotations

import pytest

from generator.kit.inline import inline_css
from tests.kit_support import inline_styles, shipped_output

EMAIL_IDS = [e.touchpoint.email for e in shipped_output().kit.emails]


@pytest.mark.parametrize("email_id", EMAIL_IDS)
def test_premailer_and_css_inline_agree(email_id: str) -> None:
    fast = shipped_output("css-inline").kit.files[f"emails/{email_id}/neutral.html"]
    slow = shipped_output("premailer").kit.files[f"emails/{email_id}/neutral.html"]
    styles_fast, styles_slow = inline_styles(fast), inline_styles(slow)
    assert len(styles_fast) > 10
    assert styles_fast == styles_slow


@pytest.mark.parametrize("inliner", ["css-inline", "premailer"])
def test_important_in_head_rules_is_kept_and_merge_tokens_survive(inliner: str) -> None:
    html = ('<!DOCTYPE html><html lang="en"><head><style data-premailer="ignore">'
            "@media (max-width: 600px) { .c { width: 100% !important; } }</style></head>"
            '<body><table class="c"><tr><td><a class="b" href="ZZMERGE4ZZ">ZZMERGE0ZZ</a>'
            "</td></tr></table></body></html>")
    out = inline_css(html, ".c { width: 600px; } a.b { color: #ffffff; }", inliner)  # type: ignore[arg-type]
    assert "width: 100% !important" in out
    assert 'href="ZZMERGE4ZZ"' in out and ">ZZMERGE0ZZ</a>" in out
    assert inline_styles(out) == [("table.c", ("width: 600px",)), ("a.b", ("color: #ffffff",))]


def test_unknown_inliner_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown inliner 'nope'"):
        inline_css("<p>x</p>", "", "nope")  # type: ignore[arg-type]
