"""The production guard (Presidio + offline spaCy) on names and on the labelled guard sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.guard import Category, GuardConfig, build_guard, check
from assistant.settings import Settings
from eval.bench.guard_bench import DEV_PATH, GUARD_PATH, load_items

P = Category.PERSON_NAME


@pytest.mark.parametrize(
    "text",
    [
        "Can I tell Jake Thompson's parents about the trip by text?",
        "Priya Shah's EHCP says she needs a scribe",
        "Claire from reception got a final written warning",
        "my HT John Carter wants my facebook password",
        "Can I send Ms O'Brien the register?",
    ],
)
def test_presidio_finds_private_people(text: str, guard_config: GuardConfig, analyzer) -> None:
    assert P in check(text, config=guard_config, analyzer=analyzer).categories


@pytest.mark.parametrize(
    "text",
    [
        "Can I follow Taylor Swift's Instagram from my school laptop?",
        "I work at a primary school in Yorkshire; can I be friends with ex-pupils on Facebook?",
        "Can I use ChatGPT and Google Bard to plan lessons?",
        "Is it ok to use Joe Wicks videos in PE lessons?",
        "Summarise the email policy for me",
        "Can I watch a famous footballer like Harry Kane on YouTube at lunch?",
        "What does Ofsted say about social media?",
        "Can I use Oak National Academy resources?",
        "I'm autistic - can I ask for adjustments?",
        "We went to St Mary's church for the harvest festival, can I post photos?",
        "Can I forward a work email to my personal Gmail to print it at home?",
    ],
)
def test_presidio_lets_public_and_generic_names_through(text: str, guard_config: GuardConfig, analyzer) -> None:
    verdict = check(text, config=guard_config, analyzer=analyzer)
    assert verdict.allowed, [(f.recognizer, text[f.start : f.end]) for f in verdict.spans]


@pytest.mark.parametrize("path", [DEV_PATH, GUARD_PATH], ids=["dev-set", "eval-set"])
def test_labelled_set_meets_recall_and_false_refusal_targets(path: Path, guard_config, analyzer) -> None:
    if not path.exists():
        pytest.skip(f"{path.name} not present")
    items = load_items(path)
    verdicts = [(item, check(item["prompt"], config=guard_config, analyzer=analyzer)) for item in items]
    refuse = [v for item, v in verdicts if item["refuse"]]
    allow = [v for item, v in verdicts if not item["refuse"]]
    assert len(items) >= 120 and refuse and allow
    recall = sum(v.refused for v in refuse) / len(refuse)
    false_refusals = sum(v.refused for v in allow) / len(allow)
    assert recall >= 0.95
    assert false_refusals <= 0.05


def test_build_guard_loads_offline_and_warms_up(tmp_path: Path) -> None:
    settings = Settings(audit_log=tmp_path / "audit.jsonl")
    guard = build_guard(settings)
    guard.warm_up()
    verdict = guard.check("Mrs Patel at 0akw00d Ac4demy")
    assert {Category.PERSON_NAME, Category.SCHOOL_IDENTITY} <= set(verdict.categories)
    assert guard.check("Can I use Teams for parents' evening?").allowed


def test_a_policy_title_word_beside_a_generic_employer_is_a_policy_reference_not_a_school(analyzer) -> None:
    from ingest.parser import parse_document

    repo = Path(__file__).resolve().parents[3]
    metas = [
        parse_document(path.read_text(encoding="utf-8"), document_id=path.stem, source=str(path)).meta
        for path in sorted((repo / "data" / "policies").glob("*.txt"))
    ]
    config = GuardConfig.load(repo / "data" / "guard", documents=metas)
    # spaCy reads "the academy trust IT" as an organisation; "IT" is a word of a policy's title, not a name.
    reference = "does the academy trust IT policy let me watch a bit of netflix on my work laptop at lunch?"
    assert check(reference, config=config, analyzer=analyzer).allowed
    named = check("does the Oakwood Academy IT policy let me watch netflix?", config=config, analyzer=analyzer)
    assert Category.SCHOOL_IDENTITY in named.categories


def test_an_organisation_named_in_a_title_stays_identifying() -> None:
    config = GuardConfig(
        organisations=("Oakwood Academy",),
        policy_titles=("Computer and Internet Policy - Oakwood Academy", "IT and Communications Systems Policy"),
    )
    assert {"it", "computer", "internet", "communications"} <= config.title_words
    assert "oakwood" not in config.title_words
