"""PolicyLibrary end to end: real loaders, real Chroma, the real embedding model, a private policy folder."""

from __future__ import annotations

import pytest

from assistant.errors import (
    IndexNotReadyError,
    ModelError,
    NoPreviousVersionError,
    PolicyFileError,
    UnknownDocumentError,
    VersionNotFoundError,
)
from assistant.owners.library import PolicyLibrary
from ingest.store import open_index

pytestmark = pytest.mark.integration

TITLE = "Mobile Phone Policy"
V1 = (
    ("1.1", "Staff may carry a mobile phone during the school day."),
    ("1.2", "Staff must keep personal phones on silent during lessons."),
    ("1.3", "Staff must never photograph pupils with a personal phone."),
)
V2 = (
    V1[0],
    ("1.2", "Staff must keep personal phones switched off during lessons."),
    ("1.3", "Phones may be used in the staff room at break times."),
    ("1.4", V1[2][1]),
)


def _texts(settings, document_id: str) -> list[str]:
    return [clause.text for clause in open_index(settings).clauses(document_id)]


def _visible_files(settings) -> list[str]:
    return sorted(path.name for path in settings.policies_dir.iterdir() if not path.name.startswith("."))


def test_publish_replace_see_changes_roll_back_and_remove(owner_settings, real_embedder, make_policy_docx):
    library = PolicyLibrary(owner_settings, embedder=real_embedder)
    first, second = make_policy_docx(TITLE, V1), make_policy_docx(TITLE, V2)

    preview = library.preview("phones.docx", first)
    assert preview.ok and preview.document_id == "phones" and not preview.replaces and preview.changes is None
    assert preview.title == TITLE and preview.structure == (("numbered", 3),)
    assert [clause.clause_id for clause in preview.clauses] == ["1.1", "1.2", "1.3"]
    assert _visible_files(owner_settings) == []  # a preview changes nothing

    report = library.publish("phones.docx", first)
    assert report.ok and report.documents_added == 1
    assert open_index(owner_settings).clauses("phones") == list(preview.clauses)  # the preview showed exactly this
    assert _texts(owner_settings, "phones") == [text for _, text in V1]
    assert library.changes("phones").old_version is None  # only one version so far

    preview = library.preview("phones.docx", second)
    assert preview.replaces and preview.changes is not None and preview.changes.old_version == 1
    expected = [("changed", "1.2", "1.2"), ("added", "", "1.3"), ("renumbered", "1.3", "1.4")]
    assert [(c.kind, c.old_clause_id, c.clause_id) for c in preview.changes.changes] == expected

    assert library.publish("phones.docx", second).documents_updated == 1
    assert _texts(owner_settings, "phones") == [text for _, text in V2]
    restarted = PolicyLibrary(owner_settings, embedder=real_embedder)  # the archive is files, not memory
    changes = restarted.changes("phones")
    assert (changes.old_version, changes.new_version, changes.unchanged) == (1, 2, 1)
    assert [(c.kind, c.old_clause_id, c.clause_id) for c in changes.changes] == expected
    assert [(s.kind, s.text) for s in changes.changes[0].words if s.kind != "same"] == [
        ("removed", "on silent"),
        ("added", "switched off"),
    ]

    assert restarted.rollback("phones").documents_updated == 1
    assert _texts(owner_settings, "phones") == [text for _, text in V1]
    assert [v.number for v in restarted.history("phones")] == [1, 2, 3]
    assert restarted.changes("phones", old=1, new=3).changes == ()

    assert restarted.remove("phones").documents_removed == 1
    with pytest.raises(IndexNotReadyError):  # it was the only policy: the index is empty
        open_index(owner_settings)
    assert _visible_files(owner_settings) == [] and restarted.history("phones")[-1].removed
    assert restarted.rollback("phones").documents_added == 1  # a removed policy comes back
    assert _texts(owner_settings, "phones") == [text for _, text in V1]


def test_a_docx_replaces_the_txt_of_the_same_stem(owner_settings, real_embedder, make_policy_docx):
    library = PolicyLibrary(owner_settings, embedder=real_embedder)
    text = "Mobile Phone Policy\n\n1. Mobile phones\n\n1.1. Staff may carry a phone.\n"
    library.publish("phones.txt", text.encode())
    report = library.publish("phones.docx", make_policy_docx(TITLE, V1))
    assert report.ok and report.documents_updated == 1
    assert _visible_files(owner_settings) == ["phones.docx"]
    assert [v.file_name for v in library.history("phones")] == ["phones.txt", "phones.docx"]
    library.rollback("phones")
    assert _visible_files(owner_settings) == ["phones.txt"]
    assert _texts(owner_settings, "phones") == ["Staff may carry a phone."]


def test_a_corrupt_upload_changes_nothing(owner_settings, real_embedder, make_policy_docx):
    library = PolicyLibrary(owner_settings, embedder=real_embedder)
    good = make_policy_docx(TITLE, V1)
    library.publish("phones.docx", good)
    generation = open_index(owner_settings).generation
    corrupt = b"PK\x03\x04 this is not really a Word document"

    preview = library.preview("phones.docx", corrupt)
    assert not preview.ok and preview.error is not None and preview.error.startswith("phones.docx: ")
    assert preview.clauses == () and preview.changes is None
    with pytest.raises(PolicyFileError, match="nothing was changed"):
        library.publish("phones.docx", corrupt)
    assert _visible_files(owner_settings) == ["phones.docx"]
    assert (owner_settings.policies_dir / "phones.docx").read_bytes() == good
    assert _texts(owner_settings, "phones") == [text for _, text in V1]
    assert [v.number for v in library.history("phones")] == [1]
    assert open_index(owner_settings).generation == generation  # no new generation was published


def test_a_failing_model_puts_the_folder_back(owner_settings, real_embedder, make_policy_docx):
    library = PolicyLibrary(owner_settings, embedder=real_embedder)
    library.publish("phones.docx", make_policy_docx(TITLE, V1))

    class BrokenEmbedder:
        def embed(self, texts):
            raise ModelError("the embedding model failed")

    broken = PolicyLibrary(owner_settings, embedder=BrokenEmbedder())
    with pytest.raises(ModelError):
        broken.publish("phones.txt", b"Phones\n\n1. Phones\n\n1.1. Anything goes.\n")
    assert _visible_files(owner_settings) == ["phones.docx"]
    assert _texts(owner_settings, "phones") == [text for _, text in V1]
    assert [v.number for v in library.history("phones")] == [1]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("../phones.txt", b"1. A\n\n1.1. B\n", "not a plain file name"),
        ("sub/phones.txt", b"1. A\n\n1.1. B\n", "not a plain file name"),
        (".phones.txt", b"1. A\n\n1.1. B\n", "hidden or temporary"),
        ("~$phones.docx", b"1. A\n\n1.1. B\n", "hidden or temporary"),
        ("phones.doc", b"1. A\n\n1.1. B\n", "save as .docx"),
        ("phones", b"1. A\n\n1.1. B\n", "without an extension is not supported"),
        ("phones.txt", b"", "is empty"),
        ("phones.txt", b"x" * 2_000, "limit is"),
    ],
)
def test_unsafe_names_types_and_sizes_are_refused_before_anything_is_written(
    owner_settings, real_embedder, name, data, reason
):
    library = PolicyLibrary(owner_settings.model_copy(update={"max_file_bytes": 1_000}), embedder=real_embedder)
    preview = library.preview(name, data)
    assert not preview.ok and reason in (preview.error or "")
    with pytest.raises(PolicyFileError, match=reason.split(" is")[0]):
        library.publish(name, data)
    assert _visible_files(owner_settings) == [] and not (owner_settings.index_dir / "CURRENT").exists()


def test_unknown_documents_and_versions_are_clear_errors(owner_settings, real_embedder, make_policy_docx):
    library = PolicyLibrary(owner_settings, embedder=real_embedder)
    for action in (library.remove, library.rollback, library.changes):
        with pytest.raises(UnknownDocumentError):
            action("nothing-here")
    library.publish("phones.docx", make_policy_docx(TITLE, V1))
    with pytest.raises(NoPreviousVersionError, match="no previous version"):
        library.rollback("phones")
    with pytest.raises(VersionNotFoundError, match="no published version 9"):
        library.changes("phones", old=9)
