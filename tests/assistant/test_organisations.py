"""Unit tests of the organisations file, document ownership and the scope checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import ConfigurationError, OutsideOrganisationError, UnknownOrganisationError
from assistant.organisation_guard import guard_identifiers
from assistant.organisations import DEFAULT_ORGANISATION, OrganisationConfig, Tenancy, slug
from ingest.clause import DocumentMeta

YAML = """
organisations:
  - id: north
    name: Northfield Grange Academy
    documents: [north-it]
    contacts: [Headteacher]
    identifiers: {aliases: [Northfield Grange], domains: [northfield.sch.uk], postcodes: [ZZ1 1ZZ], urns: ["999001"]}
  - id: south
    name: The School
    documents: [south-it, south-ai]
"""


def _config(tmp_path: Path, text: str = YAML) -> OrganisationConfig:
    path = tmp_path / "organisations.yaml"
    path.write_text(text, encoding="utf-8")
    return OrganisationConfig.load(path)


def _meta(doc: str, org: str, name: str | None = None) -> DocumentMeta:
    return DocumentMeta(doc, doc.title(), f"{doc}.txt", "h", organisation=name, organisation_id=org)


def test_the_file_claims_documents_and_front_matter_decides_the_rest(tmp_path: Path) -> None:
    config = _config(tmp_path)
    assert config.resolve("south-ai", front_matter="Something Else Ltd") == "south"
    assert config.resolve("other", front_matter="Northfield Grange") == "north"  # an alias of a configured one
    assert config.resolve("other", front_matter="The Oakwood Academy") == "oakwood-academy"
    assert config.resolve("other", front_matter=None) == DEFAULT_ORGANISATION


def test_no_file_means_one_default_organisation(tmp_path: Path) -> None:
    config = OrganisationConfig.load(tmp_path / "missing.yaml")
    assert config.entries == ()
    assert config.resolve("any-policy", front_matter=None) == DEFAULT_ORGANISATION
    listed = config.directory([_meta("a", DEFAULT_ORGANISATION), _meta("b", DEFAULT_ORGANISATION)])
    assert [org.as_json() for org in listed] == [{"id": "default", "name": "default", "documents": ["a", "b"]}]


@pytest.mark.parametrize(
    "text",
    [
        "organisations: {id: x}",
        "organisations:\n  - id: Bad Id\n",
        "organisations:\n  - id: a\n    documents: [d]\n  - id: b\n    documents: [d]\n",
        "organisations:\n  - id: a\n  - id: a\n",
        "organisations:\n  - id: a\n    documents: d\n",
    ],
)
def test_a_malformed_file_is_a_configuration_error(tmp_path: Path, text: str) -> None:
    with pytest.raises(ConfigurationError):
        _config(tmp_path, text)


def test_directory_lists_configured_names_then_front_matter_ones(tmp_path: Path) -> None:
    config = _config(tmp_path)
    metas = [
        _meta("north-it", "north"),
        _meta("x", "oakwood-academy", "The Oakwood Academy"),
        _meta("south-it", "south"),
    ]
    listed = [org.as_json() for org in config.directory(metas)]
    assert listed == [
        {"id": "north", "name": "Northfield Grange Academy", "documents": ["north-it"]},
        {"id": "south", "name": "The School", "documents": ["south-it"]},
        {"id": "oakwood-academy", "name": "The Oakwood Academy", "documents": ["x"]},
    ]


def test_tenancy_hides_other_organisations_documents_without_naming_them(tmp_path: Path) -> None:
    tenancy = Tenancy.of([_meta("north-it", "north"), _meta("south-it", "south")], _config(tmp_path))
    assert tenancy.documents_of("north") == ("north-it",)
    tenancy.check_documents(["north-it"], organisation="north")
    with pytest.raises(OutsideOrganisationError) as outside:
        tenancy.check_documents(["south-it"], organisation="north")
    with pytest.raises(OutsideOrganisationError) as unknown:
        tenancy.check_documents(["no-such-doc"], organisation="north")
    assert str(outside.value) == str(unknown.value)  # another organisation's id reads as an unknown one
    assert "south" not in str(outside.value)
    with pytest.raises(UnknownOrganisationError) as missing:
        tenancy.documents_of("west")
    assert "west" not in str(missing.value)


def test_slug_drops_the_article_and_punctuation() -> None:
    assert slug("The St. Mary's C of E Primary") == "st-mary-s-c-of-e-primary"
    assert slug("!!!") == DEFAULT_ORGANISATION


def test_guard_gets_every_organisations_identifiers_but_not_generic_names(tmp_path: Path) -> None:
    guard = guard_identifiers(_config(tmp_path))
    assert "Northfield Grange Academy" in guard.organisations and "Northfield Grange" in guard.organisations
    assert "The School" not in guard.organisations  # identifies no one, and would refuse ordinary questions
    assert guard.domains == ("northfield.sch.uk",)
    assert guard.postcodes == ("ZZ1 1ZZ",) and guard.urns == ("999001",)


def test_a_refusal_quotes_the_rule_only_to_an_organisation_that_has_its_policy() -> None:
    from assistant.core import _refusal
    from assistant.guard.check import RULE_CITATION, RULE_DOCUMENT, UNCITED_RULE, refusal_message
    from assistant.guard.verdict import Category, Verdict

    verdict = Verdict(
        allowed=False,
        categories=(Category.PERSON_NAME,),
        message=refusal_message((Category.PERSON_NAME,)),
    )
    own = _refusal(verdict, started=0.0, allowed=(RULE_DOCUMENT, "other-policy"))
    foreign = _refusal(verdict, started=0.0, allowed=("other-policy",))
    everyone = _refusal(verdict, started=0.0)

    assert RULE_CITATION in own.answer and RULE_CITATION in everyone.answer
    assert RULE_DOCUMENT not in foreign.answer and UNCITED_RULE in foreign.answer
    assert foreign.refused and foreign.categories == ["person_name"]
