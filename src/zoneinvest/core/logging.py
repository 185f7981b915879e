"""No secrets in logs: a filter on every handler, and what Django's error reports show.

`RedactSecrets` rewrites each record before a handler writes it: the message with its arguments
already merged, the traceback text and the stack. It hides
- API tokens and calendar addresses by their prefix (`token_prefixes`: accounts/services.py's
  TOKEN_PREFIX and FEED_PREFIX, named in settings.LOGGING),
- bearer and basic credentials (`Authorization: Bearer …`), cookies (`Cookie: …`), the session
  and CSRF cookies' values,
- the value of anything named like a secret (`password=…`, `"otp": "…"`, `totp_secret: …`,
  `api_key=…`, `sessionid=…`), as key=value, key: value or in a dict's repr,
- passwords in database and mail URLs (`postgres://user:secret@host`),
- the SECRET_KEY itself, wherever it appears.

`SafeReporterFilter` (DEFAULT_EXCEPTION_REPORTER_FILTER) hides the same kinds of fields from the
report of a 500 (the debug page, and the mail to ADMINS): posted fields, settings and headers.
"""

import logging
import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.views.debug import SafeExceptionReporterFilter

REDACTED = "[redacted]"

# Names whose values are secrets (a substring match, case-insensitive).
SECRET_NAMES = "|".join(  # noqa: S105 - names of secrets, not one
    (
        "pass(?:word|wd|phrase)?",
        "secret",
        "token",
        "otp",
        "api_?key",
        "session",
        "csrf",
        "signature",
        "authorization",
        "cookie",
    )
)

# Posted fields and local variables whose values an error report stars: the names above, and a
# one-time code's field.
HIDDEN_FIELDS = re.compile(rf"{SECRET_NAMES}|^code$|^digits$", re.IGNORECASE)

_KEY_VALUE = re.compile(
    # a key that names a secret, quoted or not, then = or :, then the value up to a delimiter
    rf"""(?P<key>["']?[\w.-]*(?:{SECRET_NAMES})[\w.-]*["']?\s*[=:]\s*)"""
    rf"""(?!{re.escape(REDACTED)})(?P<value>"[^"]*"|'[^']*'|[^\s,;&'"}}\])]+)""",
    re.IGNORECASE,
)
_AUTH_SCHEME = re.compile(r"\b(?P<scheme>Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]+", re.IGNORECASE)
_URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/\s@]+:)[^@\s/]+(?=@)", re.IGNORECASE)
_HEADER = re.compile(
    r"(?P<name>\b(?:HTTP_)?(?:Authorization|Cookie|Set-Cookie|X-Api-Key|HTTP_COOKIE)\b\s*[=:]\s*)"
    r"""(?P<value>"[^"]*"|'[^']*'|[^\n]+)""",
    re.IGNORECASE,
)


def _prefixed(prefixes: Iterable[str]) -> re.Pattern[str] | None:
    alternatives = "|".join(re.escape(p) for p in prefixes if p)
    pattern = rf"(?<![A-Za-z0-9])(?:{alternatives})[A-Za-z0-9_-]{{6,}}"
    return re.compile(pattern) if alternatives else None


def _quoted(value: str, replacement: str) -> str:
    """Keep the value's quotes so that a dict's repr still reads as one."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return f"{value[0]}{replacement}{value[0]}"
    return replacement


class Redactor:
    """Text with its secrets replaced by REDACTED."""

    def __init__(self, token_prefixes: Iterable[str] = ()) -> None:
        self.prefixed = _prefixed(token_prefixes)

    def __call__(self, text: str) -> str:
        if not text:
            return text
        key = getattr(settings, "SECRET_KEY", "") if settings.configured else ""
        if key and len(key) >= 8:
            text = text.replace(key, REDACTED)
        if self.prefixed is not None:
            text = self.prefixed.sub(REDACTED, text)
        text = _HEADER.sub(lambda m: m["name"] + _quoted(m["value"], REDACTED), text)
        text = _AUTH_SCHEME.sub(lambda m: f"{m['scheme']} {REDACTED}", text)
        text = _URL_PASSWORD.sub(lambda m: m["head"] + REDACTED, text)
        return _KEY_VALUE.sub(lambda m: m["key"] + _quoted(m["value"], REDACTED), text)


class RedactSecrets(logging.Filter):
    """A handler's filter: the record's message, traceback and stack, with secrets redacted.

    The message is merged with its arguments here (so a secret passed as an argument is caught)
    and the record keeps the result; it never drops a record."""

    def __init__(self, token_prefixes: Iterable[str] = (), name: str = "") -> None:
        super().__init__(name)
        self.redact = Redactor(token_prefixes)
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string: keep what can be shown
            message = f"{record.msg!r} {record.args!r}"
        record.msg = self.redact(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class SafeReporterFilter(SafeExceptionReporterFilter):
    """Django's error report (the debug page, the mail to ADMINS) without passwords, tokens,
    secrets, one-time codes, cookies or session ids: posted fields, local variables and settings
    named so are starred, in every mode (Django's own filter only stars fields a view marked,
    and nothing at all when DEBUG is on)."""

    hidden_settings = re.compile(
        r"API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|COOKIE|SESSION|OTP|CSRF|DATABASE_URL|DSN", re.I
    )

    def _hidden(self, request: Any, data: Iterable[str]) -> list[str]:
        marked = getattr(request, "sensitive_post_parameters", [])
        if marked == "__ALL__":
            return list(data)
        return [*marked, *(name for name in data if HIDDEN_FIELDS.search(str(name)))]

    def get_cleansed_multivaluedict(self, request: Any, multivaluedict: Any) -> Any:
        hidden = [name for name in self._hidden(request, multivaluedict) if name in multivaluedict]
        if not hidden:
            return multivaluedict
        cleansed = multivaluedict.copy()
        for name in hidden:
            cleansed[name] = self.cleansed_substitute
        return cleansed

    def get_post_parameters(self, request: Any) -> Any:
        if request is None:
            return {}
        return self.get_cleansed_multivaluedict(request, request.POST)

    def get_traceback_frame_variables(self, request: Any, tb_frame: Any) -> Any:
        return [
            (name, self.cleansed_substitute if HIDDEN_FIELDS.search(str(name)) else value)
            for name, value in super().get_traceback_frame_variables(request, tb_frame)
        ]
