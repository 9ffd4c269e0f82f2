"""Compare a format variant's parsed clauses with its .txt original's."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ingest.loaders import load_document
from ingest.parser import parse_document


@dataclass(frozen=True, slots=True)
class Comparison:
    """Clauses of the original and the variant, as (clause id, text) pairs in order."""

    original: tuple[tuple[str, str], ...]
    variant: tuple[tuple[str, str], ...]

    @property
    def equal(self) -> bool:
        return self.original == self.variant

    def differences(self, limit: int = 5) -> list[str]:
        """Return the first differing pairs, for a readable failure."""
        out = [f"{a} != {b}" for a, b in zip(self.original, self.variant, strict=False) if a != b][:limit]
        if len(self.original) != len(self.variant):
            out.append(f"{len(self.original)} clauses in the original, {len(self.variant)} in the variant")
        return out


def clause_pairs(path: Path) -> tuple[tuple[str, str], ...]:
    """Return the (clause id, text) pairs a file parses into."""
    loaded = load_document(path)
    parsed = parse_document(loaded.text, document_id=path.stem, source=str(path), page_starts=loaded.page_starts)
    return tuple((clause.clause_id, clause.text) for clause in parsed.clauses)


def compare(original: Path, variant: Path) -> Comparison:
    """Parse both files and return their clauses side by side."""
    return Comparison(clause_pairs(original), clause_pairs(variant))
