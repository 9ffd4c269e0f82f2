"""Detecting the policy a question names, with made-up policies (a school that is not one of the bundled five)."""

from __future__ import annotations

from assistant.retrieval.scope import PolicyNames, strip_names
from ingest.clause import DocumentMeta

ONLINE = DocumentMeta(
    document_id="riverside-online-safety-2023",
    title="Online Safety Policy",
    source="a.txt",
    content_hash="a",
    organisation="Riverside Learning Trust",
    policy_date="2023-09",
)
PHONES = DocumentMeta(
    document_id="staff-mobile-phones",
    title="Staff Mobile Phone Guidance",
    source="b.txt",
    content_hash="b",
    policy_date="2021-01",
)
EMAIL = DocumentMeta(
    document_id="email-acceptable-use", title="Email Acceptable Use Policy", source="c.txt", content_hash="c"
)
TEXTS = {
    ONLINE.document_id: "Staff must keep pupils safe online. Report concerns about social media to the DSL.",
    PHONES.document_id: "Staff should not use personal phones in class. Social media apps stay closed. We trust staff.",
    EMAIL.document_id: "Staff must use school email for work. Social media messages are not email.",
}


def _names(configured: dict[str, list[str]] | None = None) -> PolicyNames:
    return PolicyNames.build([ONLINE, PHONES, EMAIL], texts=TEXTS, configured=configured)


def test_a_distinctive_title_word_next_to_a_document_word_names_the_policy() -> None:
    assert _names().detect("what does the online safety policy say about TikTok?").documents == (ONLINE.document_id,)
    assert _names().detect("the mobile phone guidance - can I text a parent?").documents == (PHONES.document_id,)


def test_the_organisation_year_and_file_name_name_a_policy() -> None:
    names = _names()
    assert names.detect("Riverside Learning Trust: can I blog?").documents == (ONLINE.document_id,)
    assert names.detect("under the trust's policy can I blog?").documents == (ONLINE.document_id,)
    assert names.detect("does the 2021 guidance let me film a lesson?").documents == (PHONES.document_id,)
    assert names.detect("in the acceptable use policy, may I forward chain mail?").documents == (EMAIL.document_id,)


def test_words_every_policy_uses_never_select_one() -> None:
    names = _names()
    for question in ("what does the staff policy say?", "is there a social media policy?", "the school policy"):
        assert names.detect(question).documents == ()


def test_a_name_without_a_reference_to_a_policy_selects_nothing() -> None:
    names = _names()
    assert names.detect("trust me, can I post this?").documents == ()
    assert names.detect("2023 was a hard year - can I vent online?").documents == ()


def test_a_mention_that_fits_several_policies_selects_none_and_two_names_select_both() -> None:
    parents = DocumentMeta(document_id="parents", title="Online Safety Guide for Parents", source="p", content_hash="p")
    names = PolicyNames.build([ONLINE, PHONES, EMAIL, parents], texts={**TEXTS, "parents": "Parents: keep safe."})
    assert names.detect("what does the online safety guidance say?").documents == ()
    both = ("Riverside Learning Trust policy", "Email Acceptable Use Policy")
    assert set(names.detect(f"compare the {both[0]} and the {both[1]}").documents) == {
        ONLINE.document_id,
        EMAIL.document_id,
    }


def test_a_policy_named_earlier_carries_over_until_another_is_named() -> None:
    names = _names()
    history = ("under the online safety policy can I use YouTube?",)
    carried = names.detect_conversation("what about Vimeo?", history)
    assert carried.documents == (ONLINE.document_id,)
    assert carried.from_history
    switched = names.detect_conversation("and in the phone guidance?", history)
    assert switched.documents == (PHONES.document_id,)


def test_configured_aliases_add_names_the_title_does_not_give() -> None:
    assert _names().detect("what does the ICT policy say?").documents == ()
    names = _names({ONLINE.document_id: ["ICT", "riverside handbook"], "no-such-policy": ["x"]})
    assert names.detect("what does the ICT policy say?").documents == (ONLINE.document_id,)
    assert names.detect("the riverside handbook on phones").documents == (ONLINE.document_id,)


def test_abbreviations_of_title_words_fit_but_ordinary_words_do_not() -> None:
    names = PolicyNames.build(
        [DocumentMeta(document_id="x", title="Electronic Communications Policy", source="x", content_hash="x"), EMAIL],
        texts={"x": "Part of this covers email.", EMAIL.document_id: "Email is for work."},
    )
    assert names.detect("under the e-comms policy can I text?").documents == ("x",)
    assert names.detect("the comms policy?").documents == ("x",)


def test_strip_names_removes_the_naming_words_and_keeps_the_question() -> None:
    names = _names()
    question = "under the online safety policy can I use YouTube?"
    assert strip_names(question, names.detect(question)) == "under the can I use YouTube?"
    untouched = "can I use YouTube?"
    assert strip_names(untouched, names.detect(untouched)) == untouched


def test_a_whole_title_typed_out_names_its_policy_even_when_its_parts_are_shared() -> None:
    shared = (
        "Staff must use email. Social media posts need care. Internet use is monitored. Computers are school property."
    )
    computing = DocumentMeta(
        document_id="computing-2014",
        title="Computer, Internet, Email and Social Media Policy",
        source="d.txt",
        content_hash="d",
    )
    combined = DocumentMeta(
        document_id="trust-it",
        title="IT and Communications Systems Policy (2.13) and Social Media Policy (2.14)",
        source="e.txt",
        content_hash="e",
    )
    social = DocumentMeta(document_id="social-2020", title="Social Media Policy", source="f.txt", content_hash="f")
    names = PolicyNames.build(
        [computing, combined, social],
        texts={meta.document_id: shared for meta in (computing, combined, social)},
    )

    typed = "does the Computer, Internet, Email and Social Media Policy say anything about chatgpt?"
    assert names.detect(typed).documents == ("computing-2014",)
    assert names.detect("in the IT and Communications Systems Policy can I game at lunch").documents == ("trust-it",)
    # Two documents are titled "Social Media Policy" (one as the second part of a combined title): no choice.
    assert names.detect("what does the social media policy say about tiktok?").documents == ()


def test_a_reference_code_names_its_policy_alone_and_an_ampersand_stands_for_and() -> None:
    coded = DocumentMeta(
        document_id="agency-comms",
        title="Computer, Internet, Email and Social Media Policy",
        source="g.txt",
        content_hash="g",
        extra=(("Policy No.", "HRP7"),),
    )
    names = PolicyNames.build([coded, EMAIL], texts={"agency-comms": "Staff email.", EMAIL.document_id: "Staff email."})

    assert names.detect("what does HRP7 say about funny emails?").documents == ("agency-comms",)
    typed = "Computer, Internet, Email & Social Media Policy - can I use my work email for ebay?"
    assert names.detect(typed).documents == ("agency-comms",)
    # A plain word from the front matter still needs a document word beside it.
    assert names.detect("does it say anything about hrp?").documents == ()


def test_a_mention_reaches_its_document_word_through_its_own_title_words() -> None:
    computers = DocumentMeta(
        document_id="network-policy-2019",
        title="Computer, Network, Email and Internet Policy",
        source="d.txt",
        content_hash="d",
        policy_date="2019-05",
    )
    # Every policy talks about computers, networks, email and the internet, so no one of those words is a name.
    shared = "Use the computer, the network, email and the internet with care."
    texts = {**{doc: f"{text} {shared}" for doc, text in TEXTS.items()}, computers.document_id: shared}
    names = PolicyNames.build([ONLINE, PHONES, EMAIL, computers], texts=texts)
    question = "the 2019 computer, network and email policy - may I use a memory stick?"
    assert names.detect(question).documents == (computers.document_id,)
    # Words outside the title do not stretch the reach: "policy" is too far from "2019" here.
    assert names.detect("in 2019 a parent complained about trip photos, what does policy say?").documents == ()


def test_the_one_after_a_determined_mention_stands_for_the_policy() -> None:
    names = _names()
    assert names.detect("in the riverside one, can I post trip photos?").documents == (ONLINE.document_id,)
    assert names.detect("the 2021 one: can I text a parent?").documents == (PHONES.document_id,)
    assert names.detect("that learning trust one - can I blog?").documents == (ONLINE.document_id,)
    # Without a determiner "one" is a number: "in 2021 one parent complained".
    assert names.detect("in 2021 one parent complained about photos").documents == ()
