"""A format corpus generated from the bundled .txt policies: Word (automatic and typed numbers), PDF, HTML, Markdown.

``python -m eval.formats build OUT_DIR`` writes OUT_DIR/<variant>/<policy>.<ext>; each variant keeps the
policy's file stem, so its document id and the eval's expected clauses stay the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from eval.formats.docx_auto import automatic_docx
from eval.formats.docx_writer import typed_docx
from eval.formats.html_writer import policy_html, policy_markdown
from eval.formats.pdf_writer import policy_pdf
from eval.formats.source import read_blocks

POLICIES = Path(__file__).resolve().parents[2] / "data" / "policies"
VARIANTS = ("docx-auto", "docx-typed", "pdf", "html", "md")
_SUFFIX = {"docx-auto": ".docx", "docx-typed": ".docx", "pdf": ".pdf", "html": ".html", "md": ".md"}


@dataclass(frozen=True, slots=True)
class Built:
    """One generated file, and for automatic Word numbering how many numbers Word computes vs typed."""

    variant: str
    path: Path
    automatic: int = 0
    typed: int = 0


def render(variant: str, text: str, *, title: str) -> tuple[bytes, int, int]:
    """Return one variant of a policy's text as file bytes (plus automatic/typed number counts)."""
    blocks = read_blocks(text)
    if variant == "docx-auto":
        return automatic_docx(blocks, title=title)
    if variant == "docx-typed":
        return typed_docx(blocks, title=title), 0, 0
    if variant == "pdf":
        return policy_pdf(blocks, title=title), 0, 0
    if variant == "html":
        return policy_html(blocks, title=title).encode("utf-8"), 0, 0
    if variant == "md":
        return policy_markdown(blocks).encode("utf-8"), 0, 0
    raise ValueError(f"unknown variant {variant!r}; choose from {', '.join(VARIANTS)}")


def build(out_dir: Path, *, variants: tuple[str, ...] = VARIANTS, policies: Path = POLICIES) -> list[Built]:
    """Write every variant of every bundled policy under ``out_dir``."""
    built: list[Built] = []
    for source in sorted(policies.glob("*.txt")):
        text = source.read_text(encoding="utf-8")
        for variant in variants:
            data, automatic, typed = render(variant, text, title=source.stem.replace("-", " ").title())
            path = out_dir / variant / f"{source.stem}{_SUFFIX[variant]}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            built.append(Built(variant, path, automatic, typed))
    return built
