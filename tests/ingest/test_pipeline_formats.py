"""Every supported file type ingests end to end: loader, parser, real model, real embedded Chroma."""

from __future__ import annotations

from pathlib import Path

from assistant.settings import Settings
from ingest.pipeline import ingest_paths
from ingest.store import open_index

PDF_PAGES = [
    [
        "Staff Email Policy",
        "1. Email",
        "1.1. Staff must use the school email account.",
        "1.2. Never forward chain emails.",
    ],
    ["2. Social media", "2.1. Staff must never accept pupils as friends on social media."],
]
HTML = (
    "<html><body><nav>Home</nav><h1>Password Policy</h1><h2>1. Passwords</h2><p>1.1. Never share your password.</p>"
    "<p>1.2. Staff must not:</p><ul><li>write passwords down;</li><li>reuse passwords.</li></ul></body></html>"
)


def test_pdf_docx_html_and_markdown_ingest_and_answer(tmp_path, real_embedder, ask, make_pdf, make_docx):
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "email-policy.pdf").write_bytes(make_pdf(PDF_PAGES))
    (policies / "word-policy.docx").write_bytes(make_docx())
    (policies / "password-policy.html").write_text(HTML, encoding="utf-8")
    (policies / "phones.md").write_text("# Phone Policy\n\n1. Phones\n\n1.1. Keep phones on silent in lessons.\n")
    settings = Settings(index_dir=tmp_path / "index", policies_dir=policies, chroma_host=None)

    report = ingest_paths([], settings=settings, embedder=real_embedder)

    assert report.ok and report.documents_added == 4 and report.clauses == 3 + 4 + 4 + 1
    index = open_index(settings)
    assert {meta.document_id: meta.title for meta in index.documents()} == {
        "email-policy": "Staff Email Policy",
        "password-policy": "Password Policy",
        "phones": "Phone Policy",
        "word-policy": "Staff Email Policy",
    }
    friend = ask(settings, "Can I be friends with pupils on Facebook?", k=1)[0].clause
    assert (friend.document_id, friend.clause_id, friend.page) == ("email-policy", "2.1", 2)
    bullet = ask(settings, "Can I write my password on a sticky note?", k=2)
    assert ("password-policy", "1.2", "Staff must not:") in [
        (hit.clause.document_id, hit.clause.clause_id, hit.clause.lead_in) for hit in bullet
    ]
    chain = [clause.text for clause in index.clauses("word-policy") if clause.lead_in]
    assert chain == ["forward chain emails;", "send emails from another person's account."]
    assert Path(index.clauses("phones")[0].source).name == "phones.md"
