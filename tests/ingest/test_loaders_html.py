"""HTML loader: the main content only, headings as markers, ordered-list numbers as a browser shows them."""

from __future__ import annotations

from ingest.loaders import load_document


def _load(tmp_path, markup: str) -> list[str]:
    path = tmp_path / "policy.html"
    path.write_text(markup, encoding="utf-8")
    return [line for line in load_document(path).text.splitlines() if line]


def test_main_content_is_kept_and_site_furniture_dropped(tmp_path):
    lines = _load(
        tmp_path,
        "<html><body><header>Oakfield School | Home</header><nav>Policies</nav>"
        '<div class="cookie-banner">We use cookies <button>OK</button></div>'
        "<main><h1>Email Policy</h1><h2>1. Email</h2><p>1.1. Use school email.</p>"
        '<div role="navigation">Back to top</div><p hidden>Draft note</p></main>'
        "<aside>Term dates</aside><footer>Copyright 2025</footer></body></html>",
    )
    assert lines == ["# Email Policy", "## 1. Email", "1.1. Use school email."]


def test_without_main_the_page_body_loses_its_header_and_footer(tmp_path):
    lines = _load(
        tmp_path,
        '<body><header>Site banner</header><div id="gdpr-consent">Accept all</div>'
        "<h3>Scope</h3><p>1.1. All staff.</p><footer>Registered charity</footer></body>",
    )
    assert lines == ["### Scope", "1.1. All staff."]


def test_the_longest_article_is_the_document(tmp_path):
    lines = _load(
        tmp_path,
        "<body><article><p>Related: other policies</p></article>"
        "<article><h2>Policy</h2><p>1.1. Staff must lock screens when they leave the room.</p></article></body>",
    )
    assert lines == ["## Policy", "1.1. Staff must lock screens when they leave the room."]


def test_ordered_list_numbers_are_materialised(tmp_path):
    lines = _load(
        tmp_path,
        '<main><ol start="3"><li>third</li><li>fourth<ol type="a"><li>sub a</li><li>sub b</li></ol></li></ol>'
        '<ol type="I"><li>one</li><li value="5">five</li><li>six</li></ol>'
        "<ol reversed><li>two</li><li>one</li></ol><ul><li>bullet</li></ul></main>",
    )
    assert lines == [
        "3. third",
        "4. fourth",
        "a. sub a",
        "b. sub b",
        "I. one",
        "V. five",
        "VI. six",
        "2. two",
        "1. one",
        "- bullet",
    ]


def test_a_list_item_holding_paragraphs_keeps_its_number_on_its_text(tmp_path):
    lines = _load(tmp_path, "<main><ol><li><p>Lock your screen.</p></li><li><div>Log out.</div></li></ol></main>")
    assert lines == ["1. Lock your screen.", "2. Log out."]
