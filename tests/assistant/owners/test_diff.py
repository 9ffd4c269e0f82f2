"""The clause diff on edited copies of the bundled policies: exact kinds and ids, renumbering recognised."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from assistant.owners.diff import (
    ClauseChange,
    DocumentChanges,
    WordSpan,
    describe,
    diff_clauses,
    highlight,
    word_spans,
)
from ingest.clause import Clause
from ingest.parser import parse_document

REPO = Path(__file__).resolve().parents[3]
POLICIES = REPO / "data" / "policies"
SOUTHOVER = "southover-computer-internet-email-social-media"
POLICY_2025 = "school-social-media-electronic-comms-2025"
GOLDEN = Path(__file__).resolve().parent / "golden" / "southover_edit_changes.json"
NEW_CLAUSE = "- 5.3 Staff must not discuss confidential matters on public transport."


def _text(document_id: str) -> str:
    return (POLICIES / f"{document_id}.txt").read_text(encoding="utf-8")


def _clauses(text: str, document_id: str = SOUTHOVER) -> tuple[Clause, ...]:
    return parse_document(text, document_id=document_id, source=f"{document_id}.txt").clauses


def _edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _renumber(text: str, *, section: int, start: int) -> str:
    """Add one to the number of clauses ``section.start`` onwards (as an author inserting a clause does)."""

    def bump(match: re.Match[str]) -> str:
        number = int(match.group(2))
        return f"{match.group(1)}{section}.{number + 1 if number >= start else number}{match.group(3)}"

    return re.sub(rf"(?m)^(\s*- ){section}\.(\d+)( )", bump, text)


def _kinds(changes: tuple[ClauseChange, ...]) -> list[tuple[str, str, str]]:
    return [(change.kind, change.old_clause_id, change.clause_id) for change in changes]


def _insert_5_3(text: str) -> str:
    renumbered = _renumber(text, section=5, start=3)
    anchor = "\n- 5.4 The rules concerning disclosure"
    return _edit(renumbered, anchor, f"\n{NEW_CLAUSE}{anchor}")


def test_the_same_clauses_have_no_changes():
    clauses = _clauses(_text(SOUTHOVER))
    assert diff_clauses(clauses, clauses) == ((), len(clauses))


def test_a_changed_word_is_one_changed_clause_with_the_word_highlighted():
    text = _text(SOUTHOVER)
    old, new = _clauses(text), _clauses(_edit(text, "checked for viruses.", "checked for malware."))
    changes, unchanged = diff_clauses(old, new)
    assert _kinds(changes) == [("changed", "3.7", "3.7")]
    assert unchanged == len(old) - 1
    (change,) = changes
    assert change.title == "E-mail policy" and change.new_text.endswith("checked for malware.")
    assert change.words[-2:] == (WordSpan("removed", "viruses."), WordSpan("added", "malware."))
    assert change.words[0].kind == "same" and change.words[0].text.startswith("Unknown files or messages")


def test_a_deleted_clause_is_removed_and_nothing_else_changes():
    text = _text(SOUTHOVER)
    line = next(line for line in text.splitlines() if line.startswith("- 4.8 "))
    old, new = _clauses(text), _clauses(_edit(text, line + "\n", ""))
    changes, unchanged = diff_clauses(old, new)
    assert _kinds(changes) == [("removed", "4.8", "4.8")]
    assert changes[0].new_text == "" and changes[0].old_text == line.removeprefix("- 4.8 ")
    assert unchanged == len(old) - 1


def test_a_deleted_clause_with_the_later_ones_renumbered():
    text = _text(SOUTHOVER)
    line = next(line for line in text.splitlines() if line.startswith("- 3.11 "))
    edited = re.sub(r"(?m)^- 3\.(1[234]) ", lambda m: f"- 3.{int(m.group(1)) - 1} ", _edit(text, line + "\n", ""))
    changes, _ = diff_clauses(_clauses(text), _clauses(edited))
    assert _kinds(changes) == [
        ("removed", "3.11", "3.11"),
        ("renumbered", "3.12", "3.11"),
        ("renumbered", "3.13", "3.12"),
        ("renumbered", "3.14", "3.13"),
    ]


def test_a_clause_added_mid_section_shows_once_and_the_later_ones_as_renumbered():
    text = _text(SOUTHOVER)
    old, new = _clauses(text), _clauses(_insert_5_3(text))
    changes, unchanged = diff_clauses(old, new)
    assert _kinds(changes) == [
        ("added", "", "5.3"),
        ("renumbered", "5.3", "5.4"),
        ("renumbered", "5.4", "5.5"),
        ("renumbered", "5.5", "5.6"),
        ("renumbered", "5.6", "5.7"),
    ]
    assert changes[0].new_text == NEW_CLAUSE.removeprefix("- 5.3 ") and changes[0].words == ()
    assert all(change.old_text == change.new_text for change in changes[1:])
    assert unchanged == len(old) - 4


def test_a_reworded_and_renumbered_clause_is_changed_under_its_new_id():
    text = _text(SOUTHOVER)
    edited = _edit(_insert_5_3(text), "may lead to disciplinary action", "will lead to disciplinary action")
    changes, _ = diff_clauses(_clauses(text), _clauses(edited))
    assert _kinds(changes) == [
        ("added", "", "5.3"),
        ("renumbered", "5.3", "5.4"),
        ("changed", "5.4", "5.5"),
        ("renumbered", "5.5", "5.6"),
        ("renumbered", "5.6", "5.7"),
    ]
    assert [span for span in changes[2].words if span.kind != "same"] == [
        WordSpan("removed", "may"),
        WordSpan("added", "will"),
    ]


def test_a_rewritten_clause_that_kept_its_number_is_changed_not_removed_and_added():
    text = _text(POLICY_2025)
    old_line = next(line for line in text.splitlines() if line.startswith("- 4.1 "))
    edited = _edit(text, old_line, "- 4.1 Staff use the school's Microsoft 365 accounts for all work messages.")
    changes, _ = diff_clauses(_clauses(text, POLICY_2025), _clauses(edited, POLICY_2025))
    assert _kinds(changes) == [("changed", "4.1", "4.1")]
    assert {span.kind for span in changes[0].words} >= {"removed", "added"}


def test_a_changed_lead_in_changes_each_bullet_under_it():
    text = _text(SOUTHOVER)
    old = _clauses(text)
    new = _clauses(_edit(text, "for unofficial or inappropriate purposes, including:", "for any unofficial purpose:"))
    changes, _ = diff_clauses(old, new)
    bullets = [clause for clause in old if clause.clause_id == "3.4"]
    assert len(bullets) > 2 and _kinds(changes) == [("changed", "3.4", "3.4")] * len(bullets)


def test_word_spans_rebuild_both_texts():
    old, new = "Staff may use personal phones in lessons.", "Staff must not use personal phones in class."
    spans = word_spans(old, new)
    assert " ".join(s.text for s in spans if s.kind != "added") == old
    assert " ".join(s.text for s in spans if s.kind != "removed") == new
    assert spans[0] == WordSpan("same", "Staff")


def test_the_json_of_a_real_edit_matches_the_golden_file():
    text = _text(SOUTHOVER)
    edited = _edit(_insert_5_3(text), "checked for viruses.", "checked for malware.")
    changes, unchanged = diff_clauses(_clauses(text), _clauses(edited))
    found = DocumentChanges(SOUTHOVER, 1, 2, changes, unchanged).to_dict()
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert found == json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert json.loads(json.dumps(found)) == found  # plain JSON types only


@pytest.mark.parametrize("document_id", sorted(path.stem for path in POLICIES.glob("*.txt")))
def test_every_bundled_policy_diffed_against_itself_minus_its_first_clause(document_id):
    clauses = _clauses(_text(document_id), document_id)
    changes, unchanged = diff_clauses(clauses, clauses[1:])
    assert _kinds(changes) == [("removed", clauses[0].clause_id, clauses[0].clause_id)]
    assert unchanged == len(clauses) - 1


def test_describe_names_every_kind_with_ids_and_marks_words():
    text = _text(SOUTHOVER)
    line = next(line for line in text.splitlines() if line.startswith("- 4.8 "))
    edited = _edit(_edit(_insert_5_3(text), line + "\n", ""), "checked for viruses.", "checked for malware.")
    changes, unchanged = diff_clauses(_clauses(text), _clauses(edited))
    lines = describe(DocumentChanges(SOUTHOVER, 3, 4, changes, unchanged)).splitlines()
    assert lines[0] == f"{SOUTHOVER}: version 3 -> 4: 1 changed, 1 added, 1 removed, 4 renumbered, 53 unchanged"
    assert lines[1:3] == ["changed 3.7 (E-mail policy)", f"  {highlight(changes[0].words)}"]
    assert lines[2].endswith("checked for [-viruses.-] {+malware.+}")
    assert lines[3] == "removed 4.8 (Social media policy)" and lines[4] == f"  [-{line.removeprefix('- 4.8 ')}-]"
    assert lines[5:7] == ["added 5.3 (Disclosure of information)", f"  {{+{NEW_CLAUSE.removeprefix('- 5.3 ')}+}}"]
    assert lines[7] == "renumbered 5.3 -> 5.4 (Disclosure of information)" and len(lines) == 11


def test_describe_says_when_there_is_no_previous_version():
    assert (
        describe(DocumentChanges("x", None, 1, (), 0))
        == "x: no previous version to compare with (version 1 is the only one)"
    )
    assert describe(DocumentChanges("x", None, None, (), 0)) == "x: no previous version to compare with"
