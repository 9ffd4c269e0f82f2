"""The error hierarchy; the service alone maps these to HTTP statuses."""


class PolicyAssistantError(Exception):
    """Root of every error this product raises on purpose."""


class ConfigurationError(PolicyAssistantError):
    """A setting is missing or invalid."""


class DocumentError(PolicyAssistantError):
    """A policy file cannot be read or parsed."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class IndexNotReadyError(PolicyAssistantError):
    """The clause index is missing or empty; run `policy-assistant ingest`."""


class UnknownDocumentError(PolicyAssistantError):
    """A requested document id is not in the index."""

    def __init__(self, document_ids: list[str]) -> None:
        super().__init__("unknown document id(s): " + ", ".join(sorted(document_ids)))
        self.document_ids = document_ids


class UnknownOrganisationError(PolicyAssistantError):
    """A requested organisation id is not configured (or not visible to the caller)."""

    def __init__(self) -> None:
        # Never echo the id: it would confirm or deny that another organisation exists.
        super().__init__("unknown organisation")


class OutsideOrganisationError(UnknownDocumentError):
    """A requested document is unknown or belongs to another organisation (the two are indistinguishable)."""

    def __init__(self, document_ids: list[str]) -> None:
        super().__init__(document_ids)
        # Replace the message: neither confirm another organisation's id nor echo it back.
        self.args = ("unknown document id(s) for this organisation",)


class InvalidRequestError(PolicyAssistantError):
    """A request is well-formed JSON but its content is unacceptable."""


class ModelError(PolicyAssistantError):
    """A chat or embedding model failed or timed out."""


class ConfidenceModelError(ConfigurationError):
    """The fitted confidence model file is missing or malformed; refit with `make calibrate`."""


class PolicyFileError(PolicyAssistantError):
    """An uploaded policy file cannot be published (name, type, size or parse); nothing was changed."""


class NoPreviousVersionError(PolicyAssistantError):
    """A policy has no earlier version to roll back to."""

    def __init__(self, document_id: str) -> None:
        super().__init__(f"{document_id} has no previous version to roll back to")
        self.document_id = document_id


class VersionNotFoundError(PolicyAssistantError):
    """A document has no published version with the requested number."""

    def __init__(self, document_id: str, number: int) -> None:
        super().__init__(f"{document_id} has no published version {number}")
        self.document_id = document_id
        self.number = number
