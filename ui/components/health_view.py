"""The policy health report as the owner sees it: review-state badges and the topic matrix (escaped HTML)."""

from __future__ import annotations

import html

import streamlit as st

from assistant.owners.health import HealthReport, PolicyHealth, TopicCoverage

# Dark fills with white text, as the verdict badges (WCAG AA); the label always says the state in words.
STATES = {
    "overdue": ("Overdue", "#A4161A"),
    "due_soon": ("Due soon", "#8A4500"),
    "current": ("Current", "#1B6E35"),
    "none_stated": ("No review date", "#595959"),
}
COVERED, MISSING = "✓", "–"


def state_badge(policy: PolicyHealth) -> str:
    """Return the review state as a badge with the days to (or since) the review date."""
    label, colour = STATES.get(policy.review_state, (policy.review_state, "#595959"))
    days = policy.days_until_review
    when = ""
    if days is not None:
        when = f"{-days} days ago" if days < 0 else "today" if days == 0 else f"in {days} days"
        when = f' <span class="pa-small">{when}</span>'
    return f'<span class="pa-state" style="background:{colour}">{html.escape(label)}</span>{when}'


def topic_cell(coverage: TopicCoverage | None) -> str:
    """Return one matrix cell: ✓ with the clause that covers the topic (as a tooltip), or –."""
    if coverage is None or not coverage.covered:
        return f'<td class="pa-topic pa-no" title="not addressed">{MISSING}</td>'
    where = coverage.label or (f"§{coverage.clause_id}" if coverage.clause_id else "")
    tip = f"{where}: {coverage.quote}" if coverage.quote else where
    return f'<td class="pa-topic pa-yes" title="{html.escape(tip, quote=True)}">{COVERED}</td>'


def policy_cell(policy: PolicyHealth) -> str:
    """Return the policy's title with its id and organisation in small print."""
    where = " · ".join(part for part in (policy.document_id, policy.organisation_id) if part)
    return f'<td>{html.escape(policy.title)}<br><span class="pa-small">{html.escape(where)}</span></td>'


def review_cell(policy: PolicyHealth) -> str:
    """Return the review state badge, the review date and how far away it is."""
    return f"<td>{state_badge(policy)}<br>{html.escape(policy.review_date or 'no date stated')}</td>"


def health_html(report: HealthReport) -> str:
    """Return the report as one table: a row per policy, its review, then a narrow column per topic."""
    topics = "".join(
        f'<th class="pa-topic-head"><span>{html.escape(topic.name)}</span></th>' for topic in report.topics
    )
    head = f"<th>Policy</th><th>Review</th>{topics}"
    rows = []
    for policy in report.policies:
        by_topic = {coverage.topic_id: coverage for coverage in policy.topics}
        cells = [policy_cell(policy), review_cell(policy), *(topic_cell(by_topic.get(t.id)) for t in report.topics)]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    table = f'<table class="pa-health"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    return f'<div class="pa-health-wrap">{table}</div>'


def gap_lines(report: HealthReport) -> list[str]:
    """Return one line per policy naming the topics it leaves uncovered (none when it covers all)."""
    names = {topic.id: topic.name for topic in report.topics}
    lines = []
    for policy in report.policies:
        missing = [names.get(c.topic_id, c.topic_id) for c in policy.topics if not c.covered]
        if missing:
            lines.append(f"**{policy.title}** says nothing found about: {', '.join(missing)}.")
    return lines


def render_health(report: HealthReport) -> None:
    """Show the matrix, the uncovered topics in words, and the CSV download."""
    st.caption(
        f"Review dates as of {report.generated_on}. ✓ = the policy has a clause on the topic (hover for it); "
        f"– = nothing scored above the measured threshold ({report.threshold:.2f})."
    )
    st.markdown(health_html(report), unsafe_allow_html=True)
    gaps = gap_lines(report)
    if gaps:
        with st.expander("Topics each policy leaves uncovered"):
            st.markdown("\n".join(f"- {line}" for line in gaps))
    st.download_button(
        "Download CSV",
        data=report.to_csv(),
        file_name=f"policy-health-{report.generated_on}.csv",
        mime="text/csv",
        icon=":material/download:",
    )
