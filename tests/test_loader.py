"""Unit tests of generator/loader.py: each YAML pitfall of issue 5, read the strict way."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content import load_content
from generator.errors import Problem
from generator.loader import Document, load_config_yaml, load_yaml
from tests.conftest import replace_in

SHOWN = "content/sample.yml"


def load(tmp_path: Path, source: str | bytes) -> tuple[Document | None, list[Problem]]:
    """Write `source` to a file and read it with the content loader."""
    path = tmp_path / "sample.yml"
    path.write_bytes(source.encode("utf-8") if isinstance(source, str) else source)
    return load_yaml(path, SHOWN)


def only_problem(tmp_path: Path, source: str | bytes) -> str:
    doc, problems = load(tmp_path, source)
    assert doc is None
    assert len(problems) == 1, problems
    return str(problems[0])


# --- what is read, and where it was written ---------------------------------------------------

@pytest.mark.parametrize("written", ["NO", "no", "yes", "Off", "on", "y", "true", "02142", "0o17",
                                     "0x1F", "10:30", "1_000", "1e3", ".inf", ".nan", "~", "null",
                                     "-60", "2016-05-09", "2016-05-09 10:00:00"])
def test_every_plain_scalar_stays_the_text_written(tmp_path, written):
    # YAML 1.1 would read these as False, True, 1122, 15, 31, 630, 1000, 1000.0, inf, nan, None,
    # a date or a datetime; the models decide what a value means, so the loader keeps the text.
    doc, problems = load(tmp_path, f"value: {written}\nlisted: [{written}]\n")
    assert problems == []
    assert doc.data == {"value": written, "listed": [written]}


def test_yaml11_words_reach_the_content_as_written(project: Path):
    # given the Norway problem and friends in fields that expect text
    replace_in(project / "content" / "policies.yml", "region_code: JP", "region_code: NO")
    replace_in(project / "content" / "schedule.yml", "cadence: Quarterly", "cadence: yes")
    replace_in(project / "content" / "merge_fields.yml", "sample: Example Corp", "sample: 02142")
    replace_in(project / "content" / "merge_fields.yml", "sample: Alex", "sample: 10:30")
    # when
    content = load_content(project)
    # then each stays the text written, not False, True, 1122 or 630
    assert content.policies.grace_period.effective[1].region_code == "NO"
    assert content.schedule.partner_notice.cadence == "yes"
    samples = {f.id: f.sample for f in content.merge_fields.fields}
    assert [samples["first_name"], samples["company"]] == ["10:30", "02142"]


def test_quoted_and_block_scalars_keep_their_text(tmp_path):
    doc, problems = load(tmp_path, 'a: "tab\\there"\nb: \'it\'\'s\'\nc: >-\n  one\n  two\nd: |\n  x\n')
    assert problems == []
    assert doc.data == {"a": "tab\there", "b": "it's", "c": "one two", "d": "x\n"}


def test_marks_give_line_and_column_of_every_key_and_value(tmp_path):
    doc, _ = load(tmp_path, "# comment\ntitle: Portal\nitems:\n  - id: a\n    day:   -60\n")
    assert doc.mark(("title",), key=True) == (2, 1)
    assert doc.mark(("title",)) == (2, 8)
    assert doc.mark(("items",)) == (4, 3)
    assert doc.mark(("items", 0)) == (4, 5)
    assert doc.mark(("items", 0, "day"), key=True) == (5, 5)
    assert doc.mark(("items", 0, "day")) == (5, 12)


def test_a_mark_falls_back_to_the_nearest_written_ancestor(tmp_path):
    # given a key that is not written (a missing required key is reported where its mapping starts)
    doc, _ = load(tmp_path, "top: 1\nitems:\n  - id: a\n")
    # then
    assert doc.mark(("items", 0, "title")) == (3, 5)
    assert doc.mark(("nowhere",)) == (1, 1)


def test_a_utf8_byte_order_mark_is_accepted_and_does_not_shift_columns(tmp_path):
    doc, problems = load(tmp_path, b"\xef\xbb\xbftitle: Caf\xc3\xa9\n")
    assert problems == []
    assert doc.data == {"title": "Café"}
    assert doc.mark(("title",), key=True) == (1, 1)


def test_windows_line_endings_are_read_like_unix_ones(tmp_path):
    doc, problems = load(tmp_path, b"a: 1\r\nb: two\r\n")
    assert problems == []
    assert doc.data == {"a": "1", "b": "two"}
    assert doc.mark(("b",)) == (2, 4)


# --- pitfalls that are rejected, each with its place ---------------------------------------------

def test_a_duplicate_key_is_rejected_naming_both_lines(tmp_path):
    problem = only_problem(tmp_path, "contacts:\n  - id: a\n    label: One\n    label: Two\n")
    assert problem == ("content/sample.yml:4:5: contacts, item 1, label: duplicate key 'label', first "
                       "written at line 3; expected each key once")


def test_a_tab_used_for_indentation_is_rejected(tmp_path):
    problem = only_problem(tmp_path, "a:\n\tb: 1\n")
    assert problem == ("content/sample.yml:2:1: YAML syntax error: a tab character; expected "
                       "spaces (YAML does not allow tabs for indentation)")


def test_bytes_that_are_not_utf8_are_rejected_naming_the_file_and_place(tmp_path):
    problem = only_problem(tmp_path, "title: Portal\nvendor: Café\n".encode("latin-1"))
    assert problem == ("content/sample.yml:2:12: expected UTF-8 text, found byte 0xe9; save the "
                       "file with the UTF-8 encoding")


def test_a_utf16_file_is_rejected(tmp_path):
    problem = only_problem(tmp_path, "title: Portal\n".encode("utf-16"))
    assert problem.startswith("content/sample.yml:1:1: expected UTF-8 text, found byte 0xff")


@pytest.mark.parametrize("source", ["", "\n\n", "   \n", "# nothing yet\n", "---\n"])
def test_an_empty_file_is_rejected(tmp_path, source):
    problem = only_problem(tmp_path, source)
    assert problem == "content/sample.yml:1:1: the file is empty; expected a mapping of keys"


@pytest.mark.parametrize("source, found", [("- a\n- b\n", "a list"),
                                           ("just words\n", "the text 'just words'")])
def test_the_top_of_a_file_must_be_a_mapping(tmp_path, source, found):
    problem = only_problem(tmp_path, source)
    assert problem == ("content/sample.yml:1:1: expected a mapping of keys (key: value) at the top "
                       f"of the file, found {found}")


def test_several_documents_in_one_file_are_rejected(tmp_path):
    problem = only_problem(tmp_path, "a: 1\n---\nb: 2\n")
    assert problem == ("content/sample.yml:2:1: YAML syntax error: several YAML documents (---) "
                       "in one file; expected one document per file")


def test_one_document_with_explicit_markers_is_fine(tmp_path):
    doc, problems = load(tmp_path, "---\na: 1\n...\n")
    assert problems == [] and doc.data == {"a": "1"}


@pytest.mark.parametrize("source, expected", [
    ('a: 1\nb: "never closed\n',
     "2:4: YAML syntax error: the quoted text that starts here is never closed; expected a "
     "closing quote"),
    ('a: "runs on\nb: 1\nc: "x"\n',
     '1:4: YAML syntax error: the quoted text that starts here runs on to line 3; expected a '
     'closing " on this line'),
    ("title: Notice: discontinued\n",
     "1:14: YAML syntax error: unexpected ':' here; put text that contains ': ' in quotes, or "
     "start the key on its own line"),
    ("a:\n  b: 1\n c: 2\n",
     "3:2: YAML syntax error: the indentation does not line up with the lines above; expected "
     "the same number of spaces as the other keys at this level"),
    ("a: 1\nb\nc: 2\n",
     "2:1: YAML syntax error: expected 'key: value' on this line, found no ':' after the key"),
    ("a: [1, 2\n",
     "1:4: YAML syntax error: the list that starts here is never closed; expected ']' before the "
     "end of the file"),
    ("a: @home\n",
     "1:4: YAML syntax error: a value cannot start with '@'; put the value in quotes"),
    ('a: "C:\\docs"\n',
     "1:8: YAML syntax error: found unknown escape character 'd' in double quotes; write \\\\ "
     "for a backslash, or use single quotes"),
])
def test_a_syntax_error_is_explained_at_its_place(tmp_path, source, expected):
    assert only_problem(tmp_path, source) == f"{SHOWN}:{expected}"


# --- tags, anchors and aliases: rejected, never constructed ---------------------------------------

def test_a_python_tag_is_rejected_and_never_constructed(tmp_path):
    # given a tag that, if constructed by an unsafe loader, would run a command creating a file
    marker = tmp_path / "pwned"
    source = f'label: !!python/object/apply:os.system ["touch {marker}"]\n'
    # when
    problem = only_problem(tmp_path, source)
    # then
    assert problem == ("content/sample.yml:1:8: label: YAML tag '!!python/object/apply:os.system' "
                       "is not allowed; remove the tag (values are read as plain text)")
    assert not marker.exists()


@pytest.mark.parametrize("source, tag", [
    ("a: !!python/name:os.system\n", "!!python/name:os.system"),
    ("a: !!int 5\n", "!!int"),
    ("a: !!binary aGk=\n", "!!binary"),
    ("a: !include other.yml\n", "!include"),
    ("a: !!set {x, y}\n", "!!set"),
    ("a: !custom\n  b: 1\n", "!custom"),
])
def test_every_other_tag_is_rejected(tmp_path, source, tag):
    problem = only_problem(tmp_path, source)
    assert problem == (f"content/sample.yml:1:4: a: YAML tag {tag!r} is not allowed; remove the "
                       "tag (values are read as plain text)")


def test_the_plain_str_tag_is_harmless_and_accepted(tmp_path):
    doc, problems = load(tmp_path, "a: !!str 02142\n")
    assert problems == [] and doc.data == {"a": "02142"}


@pytest.mark.parametrize("source, place", [("a: &x 1\nb: 2\n", "1:4"), ("a: 1\nb: *x\n", "2:4"),
                                           ("a: &x\n  k: v\n", "1:4")])
def test_anchors_and_aliases_are_rejected(tmp_path, source, place):
    problem = only_problem(tmp_path, source)
    assert problem == (f"content/sample.yml:{place}: anchors and aliases (&name, *name) are not "
                       "allowed; write the value out in full")


def test_an_alias_bomb_is_rejected_before_it_expands(tmp_path):
    # given "billion laughs": ten levels of nine aliases each, 9**10 strings once expanded
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    # when / then: one problem, at the first anchor
    assert only_problem(tmp_path, "\n".join(lines) + "\n").startswith(
        "content/sample.yml:1:5: anchors and aliases")


def test_a_merge_key_is_rejected(tmp_path):
    problem = only_problem(tmp_path, "item:\n  <<: {a: 1}\n  b: 2\n")
    assert problem == ("content/sample.yml:2:3: item: merge keys (<<) are not allowed; write the "
                       "keys out in full")


def test_a_key_that_is_a_list_is_rejected(tmp_path):
    problem = only_problem(tmp_path, "? [a, b]\n: c\n")
    assert problem == "content/sample.yml:1:3: expected a plain key (a word before ':'), found a list"


# --- characters and shapes that would crash a naive loader ----------------------------------------

@pytest.mark.parametrize("escape, code", [("\\x00", "0000"), ("\\a", "0007"), ("\\e", "001B"),
                                          ("\\ud800", "D800")])
def test_control_characters_written_as_escapes_are_rejected(tmp_path, escape, code):
    problem = only_problem(tmp_path, f'label: "Renewals{escape}team"\n')
    assert problem == (f"content/sample.yml:1:8: label: character U+{code} is not allowed in text; "
                       "remove it")


def test_a_raw_control_character_is_rejected_with_its_place(tmp_path):
    problem = only_problem(tmp_path, b"a: 1\nlabel: Re\x00newals\n")
    assert problem == "content/sample.yml:2:10: character U+0000 is not allowed in YAML; remove it"


def test_absurdly_deep_nesting_is_a_problem_not_a_crash(tmp_path):
    problem = only_problem(tmp_path, "a: " + "[" * 800 + "]" * 800 + "\n")
    assert problem == ("content/sample.yml:1:1: lists or mappings are nested too deeply; expected "
                       "at most a few levels")


def test_a_folder_where_a_file_should_be_is_a_problem_not_a_crash(tmp_path):
    (tmp_path / "sample.yml").mkdir()
    doc, problems = load_yaml(tmp_path / "sample.yml", SHOWN)
    assert doc is None
    assert [str(p) for p in problems] == [
        "content/sample.yml: cannot read the file (Is a directory); expected a readable text file"]


# --- the base site configuration (mkdocs.yml) ---------------------------------------------------

def test_the_site_configuration_is_read_with_yaml_types(tmp_path):
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: Portal\nstrict: true\ntheme:\n  name: material\n", encoding="utf-8")
    data, problems = load_config_yaml(path, "mkdocs.yml")
    assert problems == []
    assert data == {"site_name": "Portal", "strict": True, "theme": {"name": "material"}}


def test_a_missing_or_broken_site_configuration_is_a_problem(tmp_path):
    missing, problems = load_config_yaml(tmp_path / "mkdocs.yml", "mkdocs.yml")
    assert missing is None
    assert [str(p) for p in problems] == ["mkdocs.yml: the base site configuration is missing"]
    (tmp_path / "mkdocs.yml").write_text("theme:\n  name: [material\n", encoding="utf-8")
    broken, problems = load_config_yaml(tmp_path / "mkdocs.yml", "mkdocs.yml")
    assert broken is None
    assert str(problems[0]).startswith("mkdocs.yml:3:1: YAML error:")


def test_a_site_configuration_that_is_a_folder_is_a_problem_not_a_crash(tmp_path):
    (tmp_path / "mkdocs.yml").mkdir()
    data, problems = load_config_yaml(tmp_path / "mkdocs.yml", "mkdocs.yml")
    assert data is None
    assert [str(p) for p in problems] == [
        "mkdocs.yml: cannot read the file (Is a directory); expected a readable text file"]
