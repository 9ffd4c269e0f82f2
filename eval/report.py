"""The bars, the headline table for the terminal, and report.md (pure: metrics dict in, text out)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from eval.batches import HEADER, batch_rows

# (label, path into metrics, comparison, bar)
BARS: tuple[tuple[str, tuple[str, ...], str, float], ...] = (
    ("retrieval recall@10", ("qa", "retrieval", "recall@10"), ">=", 0.90),
    ("citation hit rate", ("qa", "citation", "hit_rate"), ">=", 0.90),
    ("stance accuracy", ("qa", "stance", "accuracy"), ">=", 0.80),
    ("not-covered accuracy", ("qa", "not_covered", "accuracy"), ">=", 0.80),
    ("false not-covered rate", ("qa", "not_covered", "false_rate"), "<=", 0.05),
    ("confident verdicts right", ("qa", "confidence", "confident_accuracy"), ">=", 0.92),
    ("covered with a confident verdict", ("qa", "confidence", "confident_covered"), ">=", 0.50),
    ("not covered with a confident verdict", ("qa", "confidence", "confident_not_covered"), "<=", 0.10),
    ("guard recall", ("guard", "recall"), ">=", 0.95),
    ("false refusal rate", ("guard", "false_refusal_rate"), "<=", 0.05),
    ("answer latency p50 (ms)", ("qa", "latency", "p50_ms"), "<=", 50.0),
)
SYSTEM_LABELS = {"ours": "Policy Assistant", "bm25": "BM25 alone", "langchain": "LangChain tutorial"}
MAX_FAILURES_SHOWN = 60


def lookup(metrics: Mapping[str, Any], path: Sequence[str]) -> Any:
    """Return the value at a path of keys, or None when any key is missing."""
    node: Any = metrics
    for key in path:
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    return node


def evaluate_bars(metrics: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Mark each bar pass/fail (None when the run has no data for it); sections not run are left out."""
    rows = []
    for label, path, op, bar in BARS:
        if path[0] not in metrics:
            continue
        value = lookup(metrics, path)
        passed = None if value is None else (value >= bar if op == ">=" else value <= bar)
        rows.append({"name": label, "metric": ".".join(path), "value": value, "op": op, "bar": bar, "pass": passed})
    return rows


def fmt(value: Any, digits: int = 3) -> str:
    """Format a number for a table ("n/a" for missing)."""
    if value is None:
        return "n/a"
    if isinstance(value, float):
        # Rates get three decimals; milliseconds and character counts one.
        return f"{value:.{digits if abs(value) < 10 else 1}f}"
    return str(value)


def _verdict(passed: bool | None) -> str:
    return "n/a" if passed is None else ("PASS" if passed else "FAIL")


def headline_table(metrics: Mapping[str, Any]) -> str:
    """Return the bars and the baseline ratios as a plain-text table for the terminal."""
    rows = metrics.get("bars") or evaluate_bars(metrics)
    width = max([len(r["name"]) for r in rows] + [6])
    lines = [f"{'metric':<{width}}  {'value':>8}  {'bar':>8}  result"]
    for r in rows:
        bar = f"{r['op']} {r['bar']:g}"
        lines.append(f"{r['name']:<{width}}  {fmt(r['value']):>8}  {bar:>8}  {_verdict(r['pass'])}")
    base = metrics.get("baselines")
    if base:
        systems = base["systems"]
        parts = [f"{SYSTEM_LABELS.get(n, n)} {fmt(s['evidence_recall'])}" for n, s in systems.items()]
        lines.append(f"evidence recall @ {base['cap_chars']} chars: " + " | ".join(parts))
        lines.append("ours / baseline: " + " | ".join(f"{k} x{fmt(v, 2)}" for k, v in base["ratios"].items()))
    return "\n".join(lines)


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(fmt(cell) for cell in row) + " |" for row in rows]
    return out


def render(metrics: Mapping[str, Any], *, plots: Mapping[str, str] | None = None) -> str:
    """Return report.md: headline, baselines, retrieval, answers, follow-ups, guard, latency, plots, failures."""
    run = metrics.get("run", {})
    lines = ["# Policy Assistant evaluation", ""]
    lines += [f"Run {run.get('timestamp', '')}: {run.get('qa_items', 0)} QA items ({run.get('qa_file')}), "
              f"{run.get('guard_items', 0)} guard items ({run.get('guard_file')}).", ""]  # fmt: skip
    lines += ["## Headline", ""]
    rows = [[r["name"], r["value"], f"{r['op']} {r['bar']:g}", _verdict(r["pass"])] for r in metrics.get("bars", [])]
    lines += [*_table(["metric", "value", "bar", "result"], rows), ""]
    if "baselines" in metrics:
        lines += _baselines(metrics["baselines"])
    if "qa" in metrics:
        lines += _qa_section("## Answers (all QA items)", metrics["qa"])
        lines += _qa_section("## Follow-up subset (items with history)", metrics["follow_up"])
    if metrics.get("by_batch"):
        lines += _batches(metrics["by_batch"])
    if "guard" in metrics:
        lines += _guard(metrics["guard"])
    if plots:
        lines += ["## Plots", ""] + [f"![{name}]({path})" for name, path in plots.items()] + [""]
    lines += _failures(metrics.get("failures", []))
    if metrics.get("dataset_warnings"):
        lines += ["## Dataset warnings", "", "Expected clauses that no ingested clause matches:", ""]
        lines += [f"- {w}" for w in metrics["dataset_warnings"]] + [""]
    return "\n".join(lines)


def _baselines(base: Mapping[str, Any]) -> list[str]:
    cap = base["cap_chars"]
    lines = ["## Baselines", ""]
    lines.append(
        f"Evidence recall: for each of the {base['covered_n']} covered questions, the share of expected clauses whose "
        f"text (lower-cased words) is contained in the retrieved context, every context cut to the same {cap} "
        "characters (the LangChain tutorial's own top-4 x 1,000-character chunks). Ours: the clauses the answer "
        "ranked (Answer.retrieved), in rank order. BM25 alone: the same clause records, BM25 only (no dense search, "
        "no vocabulary expansion, no fusion). LangChain tutorial: RecursiveCharacterTextSplitter(chunk_size=1000, "
        "chunk_overlap=200) over the raw policy files, the same embedding model, Chroma, top 4 chunks. Both baselines "
        "filter to the question's documents and search with the earlier turns and the question joined, as they keep "
        f"no conversation state. A clause lead-in shorter than {base.get('min_evidence_chars', 25)} characters "
        '("You must not:-") is not evidence on '
        "its own; a nested clause is evidence for its parent (7.4.2 for 7.4). Clause recall@10 needs clause ids, so "
        "it exists only for the clause-level systems."
    )
    lines.append("")
    rows = []
    for name, row in base["systems"].items():
        curve = row.get("recall_curve")
        recall10 = curve[9] if curve and len(curve) >= 10 else None
        ratio = base["ratios"].get(f"ours/{name}")
        rows.append([SYSTEM_LABELS.get(name, name), row["evidence_recall"], recall10, row["mean_context_chars"], ratio])
    lines += _table(
        ["system", f"evidence recall @{cap}", "clause recall@10", "mean context chars", "ours / this"], rows
    )
    return [*lines, ""]


def _qa_section(title: str, qa: Mapping[str, Any]) -> list[str]:
    lines = [title, ""]
    lines.append(f"{qa['n']} items: {qa['covered_n']} covered, {qa['not_covered_n']} not covered, "
                 f"{qa['refused_n']} refused by the guard.")  # fmt: skip
    if qa.get("errors"):
        errors = ", ".join(f"{e['id']} {e['error']}" for e in qa["errors"])
        lines.append(f"Errors (scored as no answer): {errors}.")
    if qa.get("retrieved_under_10"):
        lines.append(
            f"{qa['retrieved_under_10']} answered items retrieved fewer than 10 clauses (the contract says >= 10)."
        )
    if not qa["n"]:
        return [*lines, ""]
    r = qa["retrieval"]
    lines += [
        "",
        *_table(["k", "recall@k", "hit@k"], [[k, r.get(f"recall@{k}"), r.get(f"hit@{k}")] for k in (1, 3, 5, 10)]),
    ]
    lines += ["", f"MRR {fmt(r['mrr'])}, nDCG@10 {fmt(r['ndcg@10'])}.", ""]
    c, s, nc, mm = qa["citation"], qa["stance"], qa["not_covered"], qa["must_mention"]
    rows = [
        ["citation hit rate", c["hit_rate"]],
        [f"citation precision ({c['n_citations']} citations)", c["precision"]],
        ["stance accuracy (exact)", s["accuracy"]],
        ["stance accuracy (polarity)", s["polarity_accuracy"]],
        ["not-covered accuracy", nc["accuracy"]],
        ["false not-covered rate", nc["false_rate"]],
        [f"must-mention coverage ({mm['n_terms']} terms)", mm["coverage"]],
        ["items mentioning all their terms", mm["items_complete"]],
        ["answer latency p50 / p95 ms", f"{fmt(qa['latency']['p50_ms'], 1)} / {fmt(qa['latency']['p95_ms'], 1)}"],
        ["wall time p50 / p95 ms", f"{fmt(qa['latency']['wall_p50_ms'], 1)} / {fmt(qa['latency']['wall_p95_ms'], 1)}"],
    ]
    lines += [*_table(["metric", "value"], rows), ""]
    if "confidence" in qa:
        lines += _confidence(qa["confidence"])
    pol = s["by_polarity"]
    lines += ["Stance by expected polarity (no = prohibited/discouraged, yes = permitted[_with_conditions], "
              "must = required, info = informational):", ""]  # fmt: skip
    lines += _table(
        ["polarity", "n", "exact", "polarity"], [[p, v["n"], v["exact"], v["polarity"]] for p, v in pol.items()]
    )
    return [*lines, ""]


def _confidence(conf: Mapping[str, Any]) -> list[str]:
    """The confidence table and the reliability bins (predicted confidence against observed direction accuracy)."""
    lines = ["Confidence (a verdict is given only when confident; direction = polarity, not covered its own):", ""]
    rows = [
        [f"confident verdicts right ({conf['confident_n']} verdicts)", conf["confident_accuracy"]],
        ["covered questions with a confident verdict", conf["confident_covered"]],
        ["not-covered questions with a confident verdict", conf["confident_not_covered"]],
        ["Brier score (confidence vs direction right)", conf["brier"]],
    ]
    lines += [*_table(["metric", "value"], rows), "", "Reliability:", ""]
    bins = [[f"{b['low']:.1f}-{b['high']:.1f}", b["n"], b["predicted"], b["observed"]] for b in conf["reliability"]]
    return [*lines, *_table(["confidence", "n", "mean confidence", "observed accuracy"], bins), ""]


def _batches(batches: Mapping[str, Any]) -> list[str]:
    """The honest-answer targets per blind batch (a star marks a figure that misses its target)."""
    lines = [
        "## By batch",
        "",
        "Each batch was written blind by one author (eval/data/README.md); * misses the target.",
        "",
    ]
    return [*lines, *_table(HEADER, batch_rows(batches)), ""]


def _guard(g: Mapping[str, Any]) -> list[str]:
    lines = ["## Guard", "", f"{g['n']} prompts: {g['refuse_n']} should be refused, {g['allow_n']} allowed.", ""]
    cm = g["confusion"]
    rows = [
        ["recall (refuse)", g["recall"]],
        ["false-refusal rate (allow)", g["false_refusal_rate"]],
        ["precision", g["precision"]],
        ["F2", g["f2"]],
        ["category agreement (expected category among found)", g["category_agreement"]],
        ["confusion tp / fn / fp / tn", f"{cm['tp']} / {cm['fn']} / {cm['fp']} / {cm['tn']}"],
        ["check latency p50 / p95 ms", f"{fmt(g['latency']['p50_ms'], 1)} / {fmt(g['latency']['p95_ms'], 1)}"],
    ]
    lines += [
        *_table(["metric", "value"], rows),
        "",
        "Per category (an item counts once for each category it lists):",
        "",
    ]
    header = ["category", "n", "refuse n", "recall", "agreement", "allow n", "false refusals"]
    table = [[c, v["n"], v["refuse_n"], v["recall"], v["agreement"], v["allow_n"], v["false_refusal_rate"]]
             for c, v in g["per_category"].items()]  # fmt: skip
    return [*lines, *_table(header, table), ""]


def _failures(failures: Sequence[Mapping[str, Any]]) -> list[str]:
    lines = [f"## Failing items ({len(failures)})", ""]
    if not failures:
        return [*lines, "None.", ""]
    rows = []
    for f in failures[:MAX_FAILURES_SHOWN]:
        exp, got = f["expected"], f["got"]
        if f["kind"] == "guard":
            rows.append(
                [
                    f["id"],
                    ", ".join(f["failed"]),
                    f"{exp['verdict']} {exp['categories']}",
                    f"{got['verdict']} {got['categories']}",
                ]
            )
        else:
            want = f"{exp['stance']}: {_refs(exp['clauses'])}"
            have = f"{got['stance']}: {_refs(got['citations']) or 'no citation'}"
            extra = [f"not in top 10: {_refs(got['missed_in_top10'])}" if got["missed_in_top10"] else "",
                     f"missing terms {got['missing_terms']}" if got["missing_terms"] else ""]  # fmt: skip
            rows.append([f["id"], ", ".join(f["failed"]), want, "; ".join(x for x in [have, *extra] if x)])
    lines += _table(["id", "failed", "expected", "got"], rows)
    if len(failures) > MAX_FAILURES_SHOWN:
        lines.append(f"\n... and {len(failures) - MAX_FAILURES_SHOWN} more in metrics.json.")
    return [*lines, ""]


def _refs(refs: Sequence[str]) -> str:
    """Group "document#clause" refs by document: "doc-a 1.1, 2.3; doc-b 4"."""
    grouped: dict[str, list[str]] = {}
    for ref in refs:
        doc, _, clause = ref.partition("#")
        grouped.setdefault(doc, []).append(clause)
    return "; ".join(f"{doc} {', '.join(clauses)}" for doc, clauses in grouped.items())


def suggest_floors(metrics: Mapping[str, Any], floors: Mapping[str, Any], *, slack: float = 0.08) -> dict[str, Any]:
    """Return floors.json with its floors set ``slack`` under (ceilings over) these metrics, on a 0.05 grid."""
    measured = {key: lookup(metrics, key.split(".")) for key in [*floors["min"], *floors["max"]]}
    missing = sorted(key for key, value in measured.items() if value is None)
    if missing:
        raise ValueError(f"no value for {', '.join(missing)} in these metrics")
    return {
        **floors,
        "min": {key: max(0.0, math.floor((measured[key] - slack) * 20) / 20) for key in floors["min"]},
        "max": {key: min(1.0, math.ceil((measured[key] + slack) * 20) / 20) for key in floors["max"]},
        "measured": {key: round(value, 3) for key, value in measured.items()},
    }
