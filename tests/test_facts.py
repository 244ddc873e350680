"""Fact references in copy ([[name]]): plural forms chosen by the count in every language, values
escaped for the text's markup, and the brand's derived shades readable."""

from __future__ import annotations

from pathlib import Path

from generator.brand import _contrast, _rgb, palette
from generator.markup import render_markdown
from generator.models import Brand
from generator.project import load_project
from tests.conftest import replace_in, run_portal


def _localized(project: Path, *codes: str):
    """The content as the readers of each language see it, from one load of the project."""
    loaded = load_project(project, list(codes))
    found = {loc.code: loaded.localized(loc) for loc in loaded.locales}
    return found[codes[0]] if len(codes) == 1 else found


def test_a_count_of_one_reads_as_one_in_every_language(project: Path):
    # given the 30-day notice moved to the day before expiration
    replace_in(project / "content" / "schedule.yml", "day: -30", "day: -1")
    # then each language uses its singular (or its own form for 1), never "1 days"
    localized = _localized(project, "en", "de", "fr", "ja", "ar")
    headings = {code: str(content.emails.emails[1].heading) for code, content in localized.items()}
    assert headings["en"] == "Your maintenance expires in 1 day"
    assert headings["de"] == "Ihr Wartungsvertrag läuft in 1 Tag ab"
    assert headings["fr"] == "Votre maintenance expire dans 1\u00a0jour"
    assert headings["ja"] == "保守契約の有効期限まであと1日です"
    assert headings["ar"] == "تنتهي صلاحية الصيانة لديكم خلال يوم واحد"


def test_a_fact_value_never_becomes_markup(project: Path):
    # given a vendor name with Markdown and HTML characters
    replace_in(project / "content" / "program.yml", "vendor: Symantec", 'vendor: "*Acme* <b>&"')
    content = _localized(project, "en")
    # then Markdown copy shows it as written, as text
    html = render_markdown(content.policies.grace_period.summary)
    assert "*Acme* &lt;b&gt;&amp; is discontinuing" in html and "<em>" not in html
    # and plain copy holds the value as it is (escaped where it is shown)
    assert content.policies.grace_period.faq[2].question == "Why is *Acme* <b>& removing the grace period?"


def test_banner_limits_count_the_text_as_readers_see_it(project: Path):
    """The banner length limit (60 for the short text) counts the facts' values, not the [[name]]
    written in their place."""
    text = "Renew [[vendor]] maintenance before the [[vendor]] deadline now."
    replace_in(project / "content" / "banners.yml", "short: Renew maintenance before it expires.",
               f"short: {text}")
    # given a short vendor name, the text reads shorter (52) than it is written (64)
    replace_in(project / "content" / "program.yml", "vendor: Symantec", "vendor: Acme")
    # then the portal builds
    result = run_portal("build", "--locale", "en", cwd=project)
    assert result.returncode == 0, result.stderr
    # and given a long vendor name, it reads longer (110) than its limit
    replace_in(project / "content" / "program.yml", "vendor: Acme",
               "vendor: Acme Enterprise Security Software")
    # then the build names the line of the source text and the length readers would see
    result = run_portal("build", "--locale", "en", cwd=project)
    assert result.returncode == 2
    assert "content/banners.yml:8:12: banners, item 1, short: too long; expected at most 60 " \
        "characters (short_limit at the top of the file), found 110" in result.stderr


def test_the_readers_language_picks_the_phone_number(project: Path):
    localized = _localized(project, "en", "ja")
    answers = {code: render_markdown(c.policies.grace_period.faq[6].answer)
               for code, c in localized.items()}
    assert "(866) 675-6552" in answers["en"]      # the global number, as dialled in the US
    assert "03-4578-2100" in answers["ja"]        # Japan's, as dialled in Japan


def test_the_brand_shades_read_on_white_and_text_reads_on_the_brand():
    for color in ("#283593", "#ffeb3b", "#00bcd4", "#000000", "#ffffff"):
        shades = palette(Brand(color=color))
        assert _contrast(_rgb(shades.ink), (255, 255, 255)) >= 4.5, color
        assert _contrast(_rgb(shades.on), _rgb(color)) >= 4.5, color


def test_a_translation_keeps_every_fact_reference():
    from generator.i18n.catalogs import message_problems

    assert message_problems("[[vendor]] is changing", "[[vendor]] ändert") == []
    assert message_problems("[[vendor]] is changing", "Symantec ändert") != []        # dropped
    assert message_problems("Renew now", "[[phone]] anrufen") != []                  # added
    # a plural form may leave the number out (Arabic "one day"), never add another reference
    plural = ("[[days]] day left", "[[days]] days left")
    assert message_problems(plural, ("يوم واحد", "[[days]] أيام")) == []
    assert message_problems(plural, ("[[vendor]]", "[[days]] أيام")) != []
