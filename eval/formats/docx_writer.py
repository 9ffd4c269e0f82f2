"""Write Word documents by hand: document, styles, numbering, header, footer and comments parts."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

from eval.formats.source import Block

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
NS += 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
# Multi-level list: "1." headings, "1.2." clauses, "1.2.3" sub-clauses, "1.2.3.4." below.
LEVEL_TEXTS = ("%1.", "%1.%2.", "%1.%2.%3", "%1.%2.%3.%4.")

_WORDML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_PARTS = {"document": "document.main", "styles": "styles", "numbering": "numbering"}
_PARTS |= {"header1": "header", "footer1": "footer", "comments": "comments"}
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    + "".join(
        f'<Override PartName="/word/{name}.xml" ContentType="{_WORDML}{kind}+xml"/>' for name, kind in _PARTS.items()
    )
    + "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
DOCUMENT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{_REL}styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="{_REL}numbering" Target="numbering.xml"/>
<Relationship Id="rId3" Type="{_REL}header" Target="header1.xml"/>
<Relationship Id="rId4" Type="{_REL}footer" Target="footer1.xml"/>
<Relationship Id="rId5" Type="{_REL}comments" Target="comments.xml"/>
</Relationships>"""


def run(text: str) -> str:
    """Return one text run (a tab as Word writes it, a w:tab element)."""
    pieces = [f'<w:t xml:space="preserve">{escape(piece)}</w:t>' for piece in text.split("\t")]
    return f"<w:r>{'<w:tab/>'.join(pieces)}</w:r>"


def paragraph(content: str, *, style: str | None = None, num: tuple[int, int] | None = None) -> str:
    """Return a paragraph with an optional style and numbering (numId, ilvl); numId 0 switches numbering off."""
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num is not None:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    return f"<w:p><w:pPr>{props}</w:pPr>{content}</w:p>" if props else f"<w:p>{content}</w:p>"


def table(rows: Sequence[Sequence[str]]) -> str:
    """Return a table, one row per sequence of cell texts."""
    width = max(len(row) for row in rows)
    grid = "".join('<w:gridCol w:w="2400"/>' for _ in range(width))
    body = "".join(
        "<w:tr>"
        + "".join(f"<w:tc>{paragraph(run(cell))}</w:tc>" for cell in [*row, *[""] * (width - len(row))])
        + "</w:tr>"
        for row in rows
    )
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>"


def _style(style_id: str, name: str, *, num: tuple[int, int] | None = None, outline: int | None = None) -> str:
    props = f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
    if num is not None:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/>'
        f"<w:pPr>{props}</w:pPr></w:style>"
    )


def styles_xml() -> str:
    """Return styles: Heading 1 and List Number linked to list 1, List Bullet linked to list 2."""
    styles = [
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>',
        _style("Title", "Title"),
        _style("Heading1", "heading 1", num=(1, 0), outline=0),
        _style("ListNumber", "List Number", num=(1, 1)),
        _style("ListBullet", "List Bullet", num=(2, 0)),
    ]
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {NS}>{"".join(styles)}</w:styles>'


def numbering_xml(restarts: int) -> str:
    """Return list 1 (the multi-level clause list), list 2 (bullets) and ``restarts`` lists restarting list 1."""
    levels = "".join(
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        + ('<w:pStyle w:val="Heading1"/>' if ilvl == 0 else '<w:pStyle w:val="ListNumber"/>' if ilvl == 1 else "")
        + f'<w:lvlText w:val="{text}"/></w:lvl>'
        for ilvl, text in enumerate(LEVEL_TEXTS)
    )
    bullets = '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/></w:lvl>'
    nums = (
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    )
    for extra in range(restarts):
        nums += (
            f'<w:num w:numId="{3 + extra}"><w:abstractNumId w:val="0"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {NS}>'
        f'<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="1">{bullets}</w:abstractNum>{nums}</w:numbering>'
    )


def _part(root: str, content: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{root} {NS}>{content}</w:{root}>'


def package(
    body: Sequence[str], *, title: str, restarts: int = 0, numbering: str | None = None, styles: str | None = None
) -> bytes:
    """Return .docx bytes for body elements, with a running header, a page-number footer and a comment.

    ``numbering``/``styles`` are the inner XML of numbering.xml/styles.xml (default: the corpus's lists).
    """
    section = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rId3"/>'
        '<w:footerReference w:type="default" r:id="rId4"/></w:sectPr>'
    )
    document = _part("document", f"<w:body>{''.join(body)}{section}</w:body>")
    header = _part("hdr", paragraph(run(f"{title} - uncontrolled when printed")))
    footer = _part("ftr", paragraph(run("Page ") + '<w:fldSimple w:instr="PAGE">' + run("1") + "</w:fldSimple>"))
    comments = _part(
        "comments", f'<w:comment w:id="0" w:author="Reviewer">{paragraph(run("Check with HR"))}</w:comment>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("word/_rels/document.xml.rels", DOCUMENT_RELS),
            ("word/document.xml", document),
            ("word/styles.xml", _part("styles", styles) if styles is not None else styles_xml()),
            ("word/numbering.xml", _part("numbering", numbering) if numbering is not None else numbering_xml(restarts)),
            ("word/header1.xml", header),
            ("word/footer1.xml", footer),
            ("word/comments.xml", comments),
        ):
            archive.writestr(name, data)
    return buffer.getvalue()


def commented(text: str) -> str:
    """Return runs carrying a review comment and a tracked deletion, neither of which is policy text."""
    deleted = '<w:del w:id="1" w:author="Reviewer"><w:r><w:delText>DRAFT </w:delText></w:r></w:del>'
    return (
        '<w:commentRangeStart w:id="0"/>'
        + deleted
        + f'<w:ins w:id="2" w:author="Reviewer">{run(text)}</w:ins>'
        + '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>'
    )


def typed_docx(blocks: Sequence[Block], *, title: str) -> bytes:
    """Return a Word document with the numbers typed as text, headings in Heading 1 with numbering off."""
    body: list[str] = []
    for index, block in enumerate(_with_tables(blocks)):
        if isinstance(block, list):
            body.append(table(block))
        elif block.kind == "heading":
            body.append(paragraph(run(_typed(block)), style="Heading1", num=(0, 0)))
        elif block.bullet:
            body.append(paragraph(run(_typed(block)), style="ListBullet"))
        else:
            content = commented(_typed(block)) if index == 1 else run(_typed(block))
            body.append(paragraph(content))
    return package(body, title=title)


def _typed(block: Block) -> str:
    """Return a block's line as typed in the source, without its bullet marker."""
    text = block.raw.strip()
    return text[1:].strip() if block.bullet and text[:1] in "-•*" else text


def _with_tables(blocks: Sequence[Block]) -> list[Block | list[tuple[str, ...]]]:
    out: list[Block | list[tuple[str, ...]]] = []
    for block in blocks:
        if block.kind == "table":
            if out and isinstance(out[-1], list):
                out[-1].append(block.cells)
            else:
                out.append([block.cells])
        else:
            out.append(block)
    return out
