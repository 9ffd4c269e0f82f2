"""An HTML page with site boilerplate around the policy: navigation, banner, cookie notice, footer."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from eval.formats.source import Block


def policy_html(blocks: Sequence[Block], *, title: str) -> str:
    """Return a page whose <main> holds the policy and whose furniture must be left out."""
    body: list[str] = []
    items: list[str] = []
    rows: list[str] = []

    def flush() -> None:
        if items:
            body.append("<ul>" + "".join(items) + "</ul>")
            items.clear()
        if rows:
            body.append("<table>" + "".join(rows) + "</table>")
            rows.clear()

    for block in blocks:
        text = block.raw.strip()
        if block.kind == "table":
            rows.append("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in block.cells) + "</tr>")
            continue
        if block.bullet:
            items.append(f"<li>{escape(text[1:].strip())}</li>")
            continue
        flush()
        tag = "h2" if block.kind in ("heading", "part") else "p"
        body.append(f"<{tag}>{escape(text)}</{tag}>")
    flush()
    return (
        f"<!doctype html><html><head><title>{escape(title)}</title><script>track()</script></head><body>"
        '<header class="site-header"><a href="/">Our School</a> Welcome to our website</header>'
        '<nav><a href="/">Home</a> | <a href="/policies">Policies</a> | <a href="/contact">Contact us</a></nav>'
        '<div id="cookie-consent">We use cookies to improve your experience. <button>Accept</button></div>'
        f"<main><article>{''.join(body)}</article></main>"
        "<aside>Latest news: sports day moved to Friday</aside>"
        "<footer>Copyright Our School. Registered charity. Page updated 2025</footer></body></html>"
    )


def policy_markdown(blocks: Sequence[Block]) -> str:
    """Return the policy as Markdown: numbered headings become "## " headings, the rest is kept."""
    lines: list[str] = []
    for block in blocks:
        if block.kind == "table":
            lines.append(block.raw.strip())
            continue
        prefix = "## " if block.kind == "heading" else "# " if block.kind == "part" else ""
        lines.extend([f"{prefix}{block.raw.strip()}", ""] if prefix else [block.raw.rstrip(), ""])
    return "\n".join(lines)
