"""Small bilingual helpers shared by every app."""

from collections.abc import Iterable

from django.utils.translation import get_language


def join_words(items: Iterable[object]) -> str:
    """ "a, b, c" in English; "a、b、c" in Chinese (the enumeration comma)."""
    words = [str(item) for item in items]
    chinese = (get_language() or "en").lower().startswith("zh")
    return ("、" if chinese else ", ").join(words)
