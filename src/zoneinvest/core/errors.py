"""Domain errors every app raises; the faces turn them into messages, 404, 409 and 422."""

from collections.abc import Mapping, Sequence
from typing import Any


class DomainError(Exception):
    """A rule of the domain refused the request; `message` is shown to the user."""

    code = "invalid"

    def __init__(self, message: str, *, details: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = dict(details or {})


class ValidationFailed(DomainError):
    """Field-level problems: `details["fields"]` maps a field to its messages."""

    code = "validation_failed"

    @classmethod
    def for_fields(cls, message: str, fields: Mapping[str, Sequence[str]]) -> "ValidationFailed":
        return cls(message, details={"fields": {k: list(v) for k, v in fields.items()}})


class StaleEdit(DomainError):
    """Someone saved the record after the caller read it; nothing was overwritten."""

    code = "conflict"


class NoFxRate(DomainError):
    code = "no_fx_rate"
