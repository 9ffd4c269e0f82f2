"""What changed between two versions of a policy, clause by clause, with a word-level highlight.

Clauses are aligned by their text first (so a clause inserted at 2.3 shows as one "added" clause and
the later clauses as "renumbered", not "changed"), then, inside each stretch that differs, by word
similarity and finally by an unchanged clause id, so an edited clause reads as one "changed" clause.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher
from typing import Literal

from ingest.clause import Clause

# Two different texts are the same clause edited when at least this share of their words align.
SIMILAR = 0.5
# Past this many candidate pairs in one differing stretch, pair by clause id only (bounded cost).
MAX_PAIRS = 40_000

SpanKind = Literal["same", "added", "removed"]
ChangeKind = Literal["added", "removed", "changed", "renumbered"]


@dataclass(frozen=True, slots=True)
class WordSpan:
    """A run of words of a changed clause: kept, added or removed (runs read in order, joined by spaces)."""

    kind: SpanKind
    text: str


@dataclass(frozen=True, slots=True)
class ClauseChange:
    """One clause that was added, removed, changed or only renumbered between two versions."""

    kind: ChangeKind  # renumbered: same text, new id
    clause_id: str  # the new id (the old one for "removed")
    old_clause_id: str  # "" for "added"
    title: str
    old_text: str  # full_text (lead-in + text); "" for "added"
    new_text: str  # "" for "removed"
    words: tuple[WordSpan, ...]  # word-level highlight of old -> new; () for added/removed/renumbered


@dataclass(frozen=True, slots=True)
class DocumentChanges:
    """The clause changes of one document between two of its versions."""

    document_id: str
    old_version: int | None  # None when there is no previous version
    new_version: int | None
    changes: tuple[ClauseChange, ...]
    unchanged: int  # clauses identical in id and text

    def to_dict(self) -> dict[str, object]:
        """Return the JSON of `changes --json` and the API."""
        return {
            "document_id": self.document_id,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "unchanged": self.unchanged,
            "changes": [
                {**asdict(change), "words": [asdict(span) for span in change.words]} for change in self.changes
            ],
        }


_Pair = tuple[int | None, int | None]  # (old index, new index); None on the side a clause is missing from


def diff_clauses(old: Sequence[Clause], new: Sequence[Clause]) -> tuple[tuple[ClauseChange, ...], int]:
    """Return the clause changes from ``old`` to ``new`` in reading order, and how many clauses are unchanged."""
    old_texts = [clause.full_text for clause in old]
    new_texts = [clause.full_text for clause in new]
    pairs: list[_Pair] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_texts, new_texts, autojunk=False).get_opcodes():
        if tag == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2), strict=True))
        else:
            pairs.extend(_align(old, new, olds=range(i1, i2), news=range(j1, j2)))
    changes: list[ClauseChange] = []
    unchanged = 0
    for i, j in pairs:
        change = _change(None if i is None else old[i], None if j is None else new[j])
        if change is None:
            unchanged += 1
        else:
            changes.append(change)
    return tuple(changes), unchanged


def word_spans(old: str, new: str) -> tuple[WordSpan, ...]:
    """Return the word-level highlight of ``old`` -> ``new``: kept, removed and added runs of words."""
    a, b = old.split(), new.split()
    spans: list[WordSpan] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            _append(spans, "same", a[i1:i2])
            continue
        _append(spans, "removed", a[i1:i2])
        _append(spans, "added", b[j1:j2])
    return tuple(spans)


def _append(spans: list[WordSpan], kind: SpanKind, words: Sequence[str]) -> None:
    if not words:
        return
    if spans and spans[-1].kind == kind:
        spans[-1] = WordSpan(kind, f"{spans[-1].text} {' '.join(words)}")
    else:
        spans.append(WordSpan(kind, " ".join(words)))


def _change(old: Clause | None, new: Clause | None) -> ClauseChange | None:
    """Return the change one aligned pair makes (None: identical in id and text)."""
    if new is None:
        assert old is not None
        return ClauseChange("removed", old.clause_id, old.clause_id, old.title, old.full_text, "", ())
    if old is None:
        return ClauseChange("added", new.clause_id, "", new.title, "", new.full_text, ())
    if old.full_text == new.full_text:
        if old.clause_id == new.clause_id:
            return None
        return ClauseChange("renumbered", new.clause_id, old.clause_id, new.title, old.full_text, new.full_text, ())
    words = word_spans(old.full_text, new.full_text)
    return ClauseChange("changed", new.clause_id, old.clause_id, new.title, old.full_text, new.full_text, words)


def _align(old: Sequence[Clause], new: Sequence[Clause], *, olds: range, news: range) -> list[_Pair]:
    """Pair the clauses of one differing stretch (most similar first, never crossing), in reading order."""
    matched: list[tuple[int, int]] = []
    for i, j in _candidates(old, new, olds=olds, news=news):
        if all((i - a) * (j - b) > 0 for a, b in matched):  # unused on both sides and in order with the rest
            matched.append((i, j))
    matched.sort()
    pairs: list[_Pair] = []
    next_old, next_new = olds.start, news.start
    for i, j in [*matched, (olds.stop, news.stop)]:
        pairs.extend((k, None) for k in range(next_old, i))  # removed before this pair
        pairs.extend((None, k) for k in range(next_new, j))  # added before this pair
        if i < olds.stop:
            pairs.append((i, j))
        next_old, next_new = i + 1, j + 1
    return pairs


def _candidates(old: Sequence[Clause], new: Sequence[Clause], *, olds: range, news: range) -> list[tuple[int, int]]:
    """Return candidate pairs, best first: similar texts by similarity, then clauses that kept their id."""
    scored: list[tuple[float, int, int]] = []
    if len(olds) * len(news) <= MAX_PAIRS:
        words = {j: new[j].full_text.split() for j in news}
        for i in olds:
            matcher = SequenceMatcher(None, autojunk=False)
            matcher.set_seq2(old[i].full_text.split())
            for j in news:
                matcher.set_seq1(words[j])
                if matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR:
                    ratio = matcher.ratio()
                    if ratio >= SIMILAR:
                        scored.append((ratio, i, j))
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    by_id: dict[str, list[int]] = {}
    for j in news:
        by_id.setdefault(new[j].clause_id, []).append(j)
    same_id = [(i, j) for i in olds for j in by_id.get(old[i].clause_id, ())]
    return [(i, j) for _, i, j in scored] + same_id


def highlight(words: Sequence[WordSpan]) -> str:
    """Return a changed clause's words with [-removed-] and {+added+} marked, as `git diff --word-diff` does."""
    marks = {"same": "{}", "removed": "[-{}-]", "added": "{{+{}+}}"}
    return " ".join(marks[span.kind].format(span.text) for span in words)


def describe(changes: DocumentChanges) -> str:
    """Return the changes as lines a policy owner reads: a summary, then each change with ids and highlights."""
    if changes.old_version is None:
        only = f" (version {changes.new_version} is the only one)" if changes.new_version is not None else ""
        return f"{changes.document_id}: no previous version to compare with{only}"
    counts = {kind: sum(1 for c in changes.changes if c.kind == kind) for kind in _KINDS}
    summary = ", ".join(f"{count} {kind}" for kind, count in counts.items() if count)
    lines = [
        f"{changes.document_id}: version {changes.old_version} -> {changes.new_version}: "
        f"{summary or 'no clause changes'}, {changes.unchanged} unchanged"
    ]
    for change in changes.changes:
        where = f"{change.old_clause_id} -> {change.clause_id}" if change.kind == "renumbered" else change.clause_id
        lines.append(f"{change.kind} {where}" + (f" ({change.title})" if change.title else ""))
        if change.kind == "changed":
            moved = f" (was {change.old_clause_id})" if change.old_clause_id != change.clause_id else ""
            lines[-1] += moved
            lines.append(f"  {highlight(change.words)}")
        elif change.kind == "added":
            lines.append(f"  {{+{change.new_text}+}}")
        elif change.kind == "removed":
            lines.append(f"  [-{change.old_text}-]")
    return "\n".join(lines)


_KINDS: tuple[ChangeKind, ...] = ("changed", "added", "removed", "renumbered")
