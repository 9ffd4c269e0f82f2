"""Fixtures for ingest tests: small real corpora, generated files of each type, indexes to break."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
POLICIES = REPO / "data" / "policies"
# The two shortest real policies keep re-embedding cheap.
SMALL = ("school-staff-advice-electronic-comms", "southover-computer-internet-email-social-media")


def _settings(root: Path):
    from assistant.settings import Settings

    return Settings(
        index_dir=root / "index", policies_dir=root / "policies", versions_dir=root / "versions", chroma_host=None
    )


@pytest.fixture(scope="session")
def small_index_template(tmp_path_factory, real_embedder) -> Path:
    """Return a directory holding `policies/` (two real policies) and `index/` built from them once."""
    from ingest.pipeline import ingest_paths

    root = tmp_path_factory.mktemp("small-index")
    (root / "policies").mkdir()
    for stem in SMALL:
        shutil.copy(POLICIES / f"{stem}.txt", root / "policies" / f"{stem}.txt")
    report = ingest_paths([], settings=_settings(root), embedder=real_embedder)
    assert report.ok and report.documents_added == 2, report
    # The copies tests get are separate checkouts: the index's recorded source files are not theirs.
    shutil.copytree(root / "policies", root / "policies-template")
    shutil.rmtree(root / "policies")
    return root


@pytest.fixture
def small_index(tmp_path, small_index_template):
    """Return settings for a private copy of the small index and its policies directory."""
    shutil.copytree(small_index_template / "policies-template", tmp_path / "policies")
    shutil.copytree(small_index_template / "index", tmp_path / "index")
    shutil.copytree(small_index_template / "versions", tmp_path / "versions")
    return _settings(tmp_path)


@pytest.fixture
def ask(real_embedder) -> Callable[..., list]:
    """Return a function that queries the live index of some settings with real embeddings."""
    from ingest.store import open_index

    def run(settings, question: str, *, k: int = 5, documents: Sequence[str] = ()) -> list:
        index = open_index(settings)
        return index.search(real_embedder.embed([question])[0], k=k, documents=documents)

    return run


def pdf_bytes(pages: Sequence[Sequence[str]]) -> bytes:
    """Return a PDF whose pages show the given lines in Helvetica (real text pypdf can extract)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    for lines in pages:
        page = writer.add_blank_page(612, 792)
        body = " T* ".join(f"({line}) Tj" for line in lines)
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 11 Tf 72 720 Td 14 TL {body} ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    """Return a Word document with a title, headings, numbered text, list paragraphs and a table."""
    import docx

    document = docx.Document()
    document.add_heading("Staff Email Policy", level=0)
    document.add_heading("1. Email", level=1)
    document.add_paragraph("1.1. Staff must use their school email account for school business.")
    document.add_paragraph("1.2. Staff must not:")
    document.add_paragraph("forward chain emails;", style="List Bullet")
    document.add_paragraph("send emails from another person's account.", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Role"
    table.cell(0, 1).text = "Contact"
    table.cell(1, 0).text = "Headteacher"
    table.cell(1, 1).text = "office"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def make_pdf() -> Callable[[Sequence[Sequence[str]]], bytes]:
    """Return the PDF builder."""
    return pdf_bytes


@pytest.fixture
def make_docx() -> Callable[[], bytes]:
    """Return the DOCX builder."""
    return docx_bytes
