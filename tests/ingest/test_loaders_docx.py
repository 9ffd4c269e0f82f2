"""Word loader: automatic numbers as Word shows them, headings as markers, tables, what a reader never sees."""

from __future__ import annotations

import pytest

from assistant.errors import DocumentError
from eval.formats.docx_writer import commented, package, paragraph, run, styles_xml, table
from ingest.loaders import load_document
from ingest.parser import parse_document


def _lvl(ilvl: int, text: str, *, fmt: str = "decimal", start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


def _abstract(abstract_id: int, *levels: str) -> str:
    return f'<w:abstractNum w:abstractNumId="{abstract_id}">{"".join(levels)}</w:abstractNum>'


def _num(num_id: int, abstract_id: int, override: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'


def _load(tmp_path, body, *, numbering: str = "", styles: str | None = None) -> list[str]:
    path = tmp_path / "policy.docx"
    styles_inner = None
    if styles is not None:
        styles_inner = styles
    path.write_bytes(package(body, title="Policy", numbering=numbering, styles=styles_inner))
    return [line for line in load_document(path).text.splitlines() if line]


def test_multilevel_numbers_are_computed_from_numbering_definitions(tmp_path):
    numbering = _abstract(0, _lvl(0, "%1."), _lvl(1, "%1.%2."), _lvl(2, "%3)", fmt="lowerLetter")) + _num(1, 0)
    body = [
        paragraph(run("Email"), num=(1, 0)),
        paragraph(run("Use school email."), num=(1, 1)),
        paragraph(run("Staff must not:"), num=(1, 1)),
        paragraph(run("forward chain mail;"), num=(1, 2)),
        paragraph(run("send jokes."), num=(1, 2)),
        paragraph(run("Social media"), num=(1, 0)),
        paragraph(run("Never friend pupils."), num=(1, 1)),
    ]
    assert _load(tmp_path, body, numbering=numbering) == [
        "1. Email",
        "1.1. Use school email.",
        "1.2. Staff must not:",
        "a) forward chain mail;",
        "b) send jokes.",
        "2. Social media",
        "2.1. Never friend pupils.",
    ]


@pytest.mark.parametrize(
    ("fmt", "start", "expected"),
    [
        ("upperLetter", 1, ["A.", "B.", "C."]),
        ("lowerRoman", 1, ["i.", "ii.", "iii."]),
        ("upperRoman", 4, ["IV.", "V.", "VI."]),
        ("decimal", 7, ["7.", "8.", "9."]),
    ],
)
def test_number_formats_and_start_values(tmp_path, fmt, start, expected):
    numbering = _abstract(0, _lvl(0, "%1.", fmt=fmt, start=start)) + _num(1, 0)
    body = [paragraph(run(f"item {n}"), num=(1, 0)) for n in range(3)]
    assert _load(tmp_path, body, numbering=numbering) == [f"{label} item {n}" for n, label in enumerate(expected)]


def test_a_bullet_level_becomes_a_dash_item(tmp_path):
    numbering = _abstract(0, _lvl(0, "\u2022", fmt="bullet")) + _num(1, 0)
    body = [paragraph(run("lock your screen"), num=(1, 0)), paragraph(run("Plain text."))]
    assert _load(tmp_path, body, numbering=numbering) == ["- lock your screen", "Plain text."]


def test_lists_sharing_a_definition_continue_and_a_start_override_restarts(tmp_path):
    restart = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    numbering = _abstract(0, _lvl(0, "%1.")) + _num(1, 0) + _num(2, 0) + _num(3, 0, restart)
    body = [
        paragraph(run("first"), num=(1, 0)),
        paragraph(run("between the lists")),
        paragraph(run("second"), num=(2, 0)),  # another w:num on the same definition: continues at 2
        paragraph(run("third"), num=(1, 0)),
        paragraph(run("restarted"), num=(3, 0)),
        paragraph(run("again"), num=(3, 0)),
        paragraph(run("unnumbered"), num=(0, 0)),
    ]
    assert _load(tmp_path, body, numbering=numbering) == [
        "1. first",
        "between the lists",
        "2. second",
        "3. third",
        "1. restarted",
        "2. again",
        "unnumbered",
    ]


def test_lvl_restart_zero_keeps_counting_under_a_new_parent(tmp_path):
    numbering = _abstract(0, _lvl(0, "%1."), _lvl(1, "(%2)", extra='<w:lvlRestart w:val="0"/>')) + _num(1, 0)
    body = [
        paragraph(run("A"), num=(1, 0)),
        paragraph(run("x"), num=(1, 1)),
        paragraph(run("B"), num=(1, 0)),
        paragraph(run("y"), num=(1, 1)),
    ]
    assert _load(tmp_path, body, numbering=numbering) == ["1. A", "(1) x", "2. B", "(2) y"]


def test_numbering_inherited_from_list_number_and_linked_heading_styles(tmp_path):
    numbering = _abstract(
        0,
        _lvl(0, "%1.", extra='<w:pStyle w:val="Heading1"/>'),
        _lvl(1, "%1.%2", extra='<w:pStyle w:val="ListNumber"/>'),
    ) + _num(1, 0)
    body = [
        paragraph(run("Staff Email Policy"), style="Title"),
        paragraph(run("Email"), style="Heading1"),
        paragraph(run("Use school email."), style="ListNumber"),
        paragraph(run("Check it daily."), style="ListNumber"),
        paragraph(run("Passwords"), style="Heading1"),
        paragraph(run("Never share them."), style="ListNumber"),
    ]
    assert _load(tmp_path, body, numbering=numbering, styles=_styles_inner()) == [
        "# Staff Email Policy",
        "# 1. Email",
        "1.1 Use school email.",
        "1.2 Check it daily.",
        "# 2. Passwords",
        "2.1 Never share them.",
    ]


def _styles_inner() -> str:
    full = styles_xml()
    return full[full.index("<w:style ") : full.rindex("</w:styles>")]


def test_heading_levels_come_from_the_style_or_the_outline_level(tmp_path):
    styles = _styles_inner() + (
        '<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Custom"><w:name w:val="Policy Section"/><w:basedOn w:val="Heading3"/></w:style>'
    )
    outlined = '<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>Outlined</w:t></w:r></w:p>'
    body = [paragraph(run("Third"), style="Heading3"), paragraph(run("Inherited"), style="Custom"), outlined]
    assert _load(tmp_path, body, styles=styles) == ["### Third", "### Inherited", "## Outlined"]


def test_tables_keep_their_rows_and_front_matter_dates(tmp_path):
    body = [table([["Policy date", "01/09/2024"], ["Review date", "01/09/2025"]]), paragraph(run("1. Scope"))]
    assert _load(tmp_path, body) == ["Policy date | 01/09/2024", "Review date | 01/09/2025", "1. Scope"]


def test_headers_footers_comments_and_deletions_are_left_out_insertions_kept(tmp_path):
    body = [paragraph(commented("Staff must lock screens.")), paragraph(run("1.1. Second"))]
    lines = _load(tmp_path, body)
    assert lines == ["Staff must lock screens.", "1.1. Second"]
    text = "\n".join(lines)
    assert "uncontrolled" not in text.lower() and "Page" not in text and "Check with HR" not in text
    assert "DRAFT" not in text


def test_an_encrypted_word_document_is_refused_clearly(tmp_path):
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(DocumentError, match="password-protected") as caught:
        load_document(path)
    assert caught.value.path == str(path)


def test_a_text_box_is_read_once_not_again_from_its_fallback_copy(tmp_path):
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    box = (
        f'<w:p><w:r><mc:AlternateContent {mc}><mc:Choice Requires="wps">{run("Boxed note")}</mc:Choice>'
        f"<mc:Fallback>{run('Boxed note')}</mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    assert _load(tmp_path, [box, paragraph(run("1.1. Text."))]) == ["Boxed note", "1.1. Text."]


def test_a_list_that_names_a_list_style_takes_its_levels_and_legal_numbers_are_decimal(tmp_path):
    styles = _styles_inner() + (
        '<w:style w:type="numbering" w:styleId="PolicyList"><w:name w:val="Policy List"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    )
    numbering = (
        _abstract(0, _lvl(0, "%1.", fmt="upperRoman"), _lvl(1, "%1.%2", extra="<w:isLgl/>"))
        + '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="PolicyList"/></w:abstractNum>'
        + _num(1, 0)
        + _num(2, 1)
    )
    body = [paragraph(run("Scope"), num=(2, 0)), paragraph(run("All staff."), num=(2, 1))]
    assert _load(tmp_path, body, numbering=numbering, styles=styles) == ["I. Scope", "1.1 All staff."]


def test_each_word_paragraph_stays_its_own_clause_under_a_heading_style(tmp_path):
    first = "Teachers should deliver live lessons from a neutral background with no personal items visible."
    second = "Lessons must be recorded and the recording kept on the school drive for thirty days."
    styles = _styles_inner() + '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
    third = "Staff may telephone families only from a withheld number."
    body = [paragraph(run("Video lessons"), style="Heading1"), paragraph(run(first)), paragraph(run(second))]
    body += [paragraph(run("Families"), style="Heading1"), paragraph(run(third))]
    path = tmp_path / "remote.docx"
    path.write_bytes(package(body, title="Remote", styles=styles))
    parsed = parse_document(load_document(path).text, document_id="remote", source=str(path))
    pairs = [(c.clause_id, c.text) for c in parsed.clauses]
    assert pairs == [("video-lessons-p1", first), ("video-lessons-p2", second), ("families-p1", third)]
