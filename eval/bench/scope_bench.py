"""Does removing the words that name a policy help retrieval? Measured on eval/data/qa.jsonl.

Run (after ``policy-assistant ingest``): ``HF_HUB_OFFLINE=1 .venv/bin/python -m eval.bench.scope_bench``.

Every single-document item with expected clauses (no follow-ups) is asked three ways within its document: as
written, with a naming phrase in front ("Under the 2025 e-comms policy, ..."), and with that phrase's naming
words removed by ``strip_names``; recall@10 is averaged for each, and the share of prefixed questions whose
detected policy is the item's document is reported. 2026-12-04, 239 items: detected 239/239; recall@10 0.985 as
written, 0.955 with the naming phrase, 0.967 with the naming words removed, so the assistant removes them.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

from assistant.retrieval.aliases import load_alias_file
from assistant.retrieval.hybrid import build_retriever
from assistant.retrieval.scope import PolicyNames, strip_names
from assistant.settings import REPO_ROOT, get_settings
from eval.metrics import clause_matches
from ingest.embedder import load_embedder
from ingest.store import open_index

# How staff might name each bundled policy in front of a question.
NAMING = {
    "academy-trust-it-comms-social-media": "Under the trust's social media policy,",
    "school-social-media-electronic-comms-2025": "Under the 2025 e-comms policy,",
    "school-staff-advice-electronic-comms": "In the staff advice on e-comms,",
    "southover-computer-internet-email-social-media": "Under the Southover policy,",
    "teachers-together-it-comms-social-media": "Under the agency policy,",
}


def _recall(hits: Sequence[tuple[str, str]], expected: Sequence[dict[str, str]]) -> float:
    found = sum(any(doc == e["document"] and clause_matches(cid, e["clause"]) for doc, cid in hits) for e in expected)
    return found / len(expected)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Print and return detection and recall@10 as written, named, and with the naming words removed."""
    argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None).parse_args(argv)
    settings = get_settings()
    index = open_index(settings)
    retriever = build_retriever(index=index, embedder=load_embedder(settings), settings=settings)
    metas = index.documents()
    names = PolicyNames.build(
        metas,
        texts={m.document_id: " ".join(c.text for c in index.clauses(m.document_id)) for m in metas},
        configured=load_alias_file(settings.policy_aliases_path),
    )
    totals, count, detected = [0.0, 0.0, 0.0], 0, 0
    for line in (REPO_ROOT / "eval" / "data" / "qa.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if len(item["documents"]) != 1 or item.get("history") or not item["expected"]:
            continue
        named = f"{NAMING.get(item['documents'][0], 'Under the policy,')} {item['question']}"
        detection = names.detect(named)
        detected += detection.documents == tuple(item["documents"])
        for slot, query in enumerate((item["question"], named, strip_names(named, detection))):
            hits = retriever.retrieve(query, documents=item["documents"], k=10)
            totals[slot] += _recall([(h.clause.document_id, h.clause.clause_id) for h in hits], item["expected"])
        count += 1
    written, with_name, stripped = (total / max(1, count) for total in totals)
    print(f"items {count}; detected {detected}/{count}")
    print(f"recall@10: as written {written:.4f}, named {with_name:.4f}, naming words removed {stripped:.4f}")
    return {
        "items": count,
        "detected": detected,
        "recall@10": {"as_written": round(written, 4), "named": round(with_name, 4), "stripped": round(stripped, 4)},
    }


if __name__ == "__main__":
    main()
