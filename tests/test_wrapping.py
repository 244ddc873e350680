"""Plain-text wrapping for every script: display widths (wcwidth), CJK phrase breaks (BudouX) and
kinsoku, checked on examples and as properties over random CJK, Latin and Arabic text."""

from __future__ import annotations

import re

import budoux
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.kit.assemble import Language
from generator.kit.emails import render_email
from generator.kit.merge import TOKEN_SYNTAX, Marked, TextWrapper
from generator.kit.slots import drop_slots
from generator.kit.wrapping import (GLUE, NO_LINE_END, NO_LINE_START, TEXT_WIDTH, _is_wide,
                                    _Phrases, wrap_text)
from generator.markup import display_width
from tests.benchmarks.emails import localized
from tests.conftest import REPO

WIDTH = 40


# --- examples -----------------------------------------------------------------------------------

def test_widths_come_from_wcwidth():
    assert display_width("日本語") == 6
    assert display_width("l’équipe") == 8            # "’" is narrow
    assert display_width("e\u0301") == 1              # a combining accent takes no column
    assert display_width("\u2066+1 555\u2069") == 6   # bidi isolates take none
    assert display_width("👍") == 2


def test_the_wide_characters_are_wcwidths_own():
    """The wrapper finds wide characters with one character class made from wcwidth's table; it
    agrees with wcwidth on every code point."""
    disagree = [hex(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000
                and _is_wide(chr(code)) != (display_width(chr(code)) == 2)]
    assert disagree == []


def test_a_japanese_line_that_fits_is_not_broken():
    line = "保守契約の有効期限は2016年6月30日です。"
    assert wrap_text(line, 78) == line


def test_japanese_breaks_between_phrases_not_inside_a_word():
    line = "{{company}}でご利用中の{{product}}の保守契約は、{{expiry_date}}に有効期限を迎えます。"
    wrapped = wrap_text(line, 78).splitlines()
    assert len(wrapped) == 2
    assert wrapped[1] == "迎えます。"  # BudouX's phrase, never "迎" / "えます"


def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one():
    line = "お電話（{{partner_phone}}）またはメール（{{partner_email}}）でご連絡ください。" * 2
    for width in range(20, 70):
        for out in wrap_text(line, width).splitlines():
            assert out[:1] not in NO_LINE_START and out[-1:] not in NO_LINE_END, (width, out)


def test_french_apostrophe_is_narrow_and_no_break_point():
    line = "Vous pouvez contacter l’équipe des renouvellements à tout moment pour obtenir de l’aide."
    wrapped = wrap_text(line, 30)
    assert "l’\n" not in wrapped and "\néquipe" not in wrapped
    assert all(display_width(out) <= 30 for out in wrapped.splitlines())


def test_a_no_break_space_never_breaks():
    line = "vous bénéficiez du support technique 24\u00a0h/24, 7\u00a0j/7 et de votre revendeur\u00a0:"
    for width in range(20, 60):
        wrapped = wrap_text(line, width)
        assert "24\u00a0h/24" in wrapped and "revendeur\u00a0:" in wrapped, width


def test_a_merge_token_inside_japanese_is_never_split():
    token = "{{ contact.company }}"
    line = ("このお知らせは、" + token + "様を通じてライセンスまたは保守契約をお持ちのお客様に") * 2
    glued = line.replace(token, token.replace(" ", GLUE))
    wrapped = wrap_text(glued, 30).replace(GLUE, " ")
    assert wrapped.count(token) == 2


def test_bulleted_lines_keep_their_indent():
    line = "- " + "これはとても長い箇条書きの項目で、二行に分けて表示されるはずの文章です。" * 2
    wrapped = wrap_text(line, 40).splitlines()
    assert len(wrapped) > 1 and all(out.startswith("  ") for out in wrapped[1:])


# --- properties ---------------------------------------------------------------------------------

_CJK = st.sampled_from(list("保守契約の有効期限が迫っています更新手続きをお願いします日本語テキスト株式会社様")
                       + list("、。（）「」"))
_LATIN = st.text(alphabet="abcdefghijklmnopqrstuvwxyzé’", min_size=1, max_size=10)
_ARABIC = st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي\u064e\u0651", min_size=1, max_size=8)
_RUN = st.one_of(
    st.lists(_CJK, min_size=1, max_size=30).map(lambda chars: ("cjk", "".join(chars))),
    _LATIN.map(lambda text: ("latin", text)),
    _ARABIC.map(lambda text: ("arabic", text)),
    st.just(("latin", "+1 555 0100")),
    st.just(("latin", "\u2066{{partner_phone}}\u2069")),
)


@st.composite
def lines(draw) -> str:
    """Runs of Japanese, Latin and Arabic; Japanese touches its neighbours, the rest are spaced."""
    runs = draw(st.lists(_RUN, min_size=1, max_size=25))
    text = runs[0][1]
    for (kind_before, _), (kind, run) in zip(runs, runs[1:]):
        glued = "cjk" in (kind_before, kind) and draw(st.booleans())
        text += ("" if glued else " ") + run
    return text


def _is_wide(char: str) -> bool:
    return display_width(char) == 2


@settings(max_examples=150, deadline=None)
@given(lines())
def test_wrapping_properties(line: str):
    wrapped = wrap_text(line, WIDTH).splitlines()
    # nothing is lost but the spaces a break replaced
    assert re.sub(r"\s", "", "".join(wrapped)) == re.sub(r"\s", "", line)
    for i, out in enumerate(wrapped):
        # every line fits (the words drawn here are all shorter than a line)
        assert display_width(out) <= WIDTH, out
        # kinsoku: no closing mark starts a line, no opening mark ends one
        # (a narrow mark, such as "’" in Latin text, may start a line after a space)
        start = out.lstrip()
        if i and start[:1] in NO_LINE_START:
            assert not _is_wide(start[0]) and " " + start[:2] in line, out
        if i < len(wrapped) - 1 and out[-1:] in NO_LINE_END:
            assert not _is_wide(out[-1]) and out[-2:] + " " in line, out
            # a break inside CJK text only where the next line could not have been joined on
            following = wrapped[i + 1].lstrip()
            if _is_wide(out[-1]) or _is_wide(following[:1]):
                assert display_width(out) + 1 + display_width(following) > WIDTH, (out, following)
            # a number stays whole
            assert not (out.endswith("+1") or out.endswith("555")), out


# --- BudouX's phrases, scored in a third of the time ------------------------------------------

_PHRASE_TEXT = st.text(st.sampled_from(
    list("保守契約の有効期限が迫っています更新手続きをお願いします日本語テキスト株式会社様中文简体维护合同")
    + list("、。（）「」ー") + list("ab1 {}") + ["\u2068", "\u2069"]), max_size=60)


def _budoux_ends(parser: budoux.Parser, word: str) -> list[int]:
    ends, at = [], 0
    for phrase in parser.parse(word):
        at += len(phrase)
        ends.append(at)
    return ends


@settings(max_examples=400, deadline=None)
@given(word=_PHRASE_TEXT)
def test_phrases_end_where_budoux_ends_them(word: str):
    for japanese, parser in ((True, budoux.load_default_japanese_parser()),
                             (False, budoux.load_default_simplified_chinese_parser())):
        assert _Phrases.of(japanese).boundaries(word) == _budoux_ends(parser, word)


def test_phrases_of_every_shipped_japanese_string_end_where_budoux_ends_them():
    parser = budoux.load_default_japanese_parser()
    catalog = (REPO / "locales/ja/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    strings = re.findall(r'^msgstr "(.+)"$', catalog, re.M)
    assert len(strings) > 100
    for text in strings:
        assert _Phrases.of(True).boundaries(text) == _budoux_ends(parser, text), text


# --- wrapped once per email, for every email system -------------------------------------------

def test_every_shipped_text_part_wrapped_once_fits_every_system():
    """The kit wraps an email's text once, each merge field as wide as the widest system's token
    for it (TextWrapper): in every language, each system's lines keep within the width, hold the
    same words as its text unwrapped, and never split a token."""
    compared = 0
    for code in ("en", "de", "fr", "es", "pt_BR", "ja", "ar"):
        project, loc, content = localized(REPO, code)
        language = Language.of(content, loc, project.templates, "css-inline")
        for touchpoint in (tp for tp in content.schedule.touchpoints if tp.email):
            email = render_email(content, content.email(touchpoint.email), loc, language.html_env,
                                 language.text_env, language.merge, language.styles, "css-inline")
            text = drop_slots(email.text)
            once = language.text_wrapper.wrap(text)
            for system in language.systems:
                wrapped = once.fill(system.text)
                unwrapped = Marked(text).fill(system.text).replace(GLUE, " ")
                assert re.sub(r"\s", "", wrapped) == re.sub(r"\s", "", unwrapped)
                assert max(map(display_width, wrapped.splitlines())) <= TEXT_WIDTH, wrapped
                for value in filter(None, system.text):  # a token whole; a line of them may break
                    for token in TOKEN_SYNTAX.findall(value.replace(GLUE, " ")) or [value]:
                        assert wrapped.count(token) == unwrapped.count(token), (code, token)
                compared += 1
    assert compared == 7 * 4 * 5


_SYSTEM_VALUE = st.text(st.sampled_from("ab{}|*% 日"), min_size=0, max_size=30).map(
    lambda token: token.replace(" ", GLUE))


@settings(max_examples=150, deadline=None)
@given(words=st.lists(st.sampled_from(["word", "longerword", "、", "日本語の文章です", "ZZMERGE0ZZ",
                                       "ZZMERGE1ZZ", "ZZOPEN1ZZ", "ZZCLOSE1ZZ", "\n", "x" * 30]),
                      max_size=40),
       systems=st.lists(st.lists(st.none() | _SYSTEM_VALUE, min_size=2, max_size=2),
                        min_size=1, max_size=4))
def test_a_text_wrapped_once_is_no_wider_for_any_system_than_wrapped_for_it(words, systems):
    """Whatever the systems' tokens: a system's line passes the width only where wrapping its own
    filled text leaves a line that long too (a token or word wider than a line), and the text
    holds the same words."""
    text = " ".join(words)
    once = TextWrapper(systems).wrap(text)
    for values in systems:
        wrapped = once.fill(values)
        filled = Marked(text).fill(values)
        alone = wrap_text(filled).replace(GLUE, " ")
        assert re.sub(r"\s", "", wrapped) == re.sub(r"\s", "", alone)
        widest = max(map(display_width, alone.splitlines()), default=0)
        assert all(display_width(line) <= max(TEXT_WIDTH, widest) for line in wrapped.splitlines())


def test_a_heading_with_a_merge_field_is_underlined_to_its_width_in_every_system():
    """The text part's heading is underlined as the template wrote it, with the sentinel; each
    system's underline is as wide as its own heading once its token is in."""
    heading = "Renew ZZMERGE0ZZ now"
    text = f"{heading}\n{'=' * display_width(heading)}\n\nHello ZZMERGE0ZZ.\n"
    systems = [["*|P|*"], ["{{ contact.product_name }}".replace(" ", GLUE)], [None]]
    once = TextWrapper(systems).wrap(text)
    for values in systems:
        title, underline, *_ = once.fill(values).splitlines()
        assert underline == "=" * display_width(title), (title, underline)


def test_private_use_characters_in_the_copy_come_out_as_written():
    """The wrapping's stand-ins are private-use characters; copy may hold such characters too
    (U+F8FF is Apple's logo in Apple's fonts): they are kept, never taken for a merge field."""
    text = ("Works on every \uf8ff device and \ue100\ue0ff\ue900 ZZMERGE0ZZ " * 4).strip() + "\n"
    systems = [["*|P|*"], ["{{ contact.product_name }}".replace(" ", GLUE)]]
    once = TextWrapper(systems).wrap(text)
    for values in systems:
        filled = once.fill(values)
        assert re.sub(r"\s", "", filled) == re.sub(r"\s", "", Marked(text).fill(values).replace(GLUE, " "))
