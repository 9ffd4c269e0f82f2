"""The health report as text for a terminal: review dates, then a ✓/– topic matrix per organisation."""

from __future__ import annotations

from assistant.owners.health import HealthReport, PolicyHealth

_STATE = {"overdue": "OVERDUE", "due_soon": "due soon", "current": "current", "none_stated": "none stated"}


def review_phrase(policy: PolicyHealth) -> str:
    """Return e.g. "OVERDUE (94 days ago)", "due soon (in 12 days)", "current (in 300 days)" or "none stated"."""
    state, days = _STATE[policy.review_state], policy.days_until_review
    if days is None:
        return state
    if days < 0:
        return f"{state} ({-days} days ago)"
    return f"{state} (today)" if days == 0 else f"{state} (in {days} days)"


def render_text(report: HealthReport, *, due_days: int) -> str:
    """Return the human-readable report: one table of review dates, one ✓/– topic matrix, both by organisation."""
    lines = [f"Policy health on {report.generated_on} (due soon = review within {due_days} days)", ""]
    policies = list(report.policies)
    if not policies:
        return "\n".join([*lines, "No policies ingested."])
    org = max(len("organisation"), *(len(p.organisation_id) for p in policies))
    doc = max(len("policy"), *(len(p.document_id) for p in policies))
    lines.append(f"{'organisation':<{org}}  {'policy':<{doc}}  {'review':<10}  state")
    lines += [
        f"{p.organisation_id:<{org}}  {p.document_id:<{doc}}  {p.review_date or '-':<10}  {review_phrase(p)}"
        for p in policies
    ]
    header = " ".join(f"{n:>2}" for n in range(1, len(report.topics) + 1))
    lines += ["", f"{'topics':<{doc}}  {header}"]
    for p in policies:
        marks = " ".join(f"{'✓' if c.covered else '–':>2}" for c in p.topics)
        lines.append(f"{p.document_id:<{doc}}  {marks}")
    lines += ["", "Topics: " + "  ".join(f"{n} {t.name}" for n, t in enumerate(report.topics, start=1))]
    lines.append(f"✓ a clause addresses the topic (similarity >= {report.threshold}), – none found.")
    return "\n".join(lines)
