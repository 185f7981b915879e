"""Small bilingual helpers shared by every app."""

from collections.abc import Iterable

from django.utils.translation import get_language, gettext


def join_words(items: Iterable[object]) -> str:
    """ "a, b, c" in English; "a、b、c" in Chinese (the enumeration comma)."""
    words = [str(item) for item in items]
    chinese = (get_language() or "en").lower().startswith("zh")
    return ("、" if chinese else ", ").join(words)


def join_all(items: Iterable[object]) -> str:
    """ "a, b and c" in English; "a、b和c" in Chinese: a complete enumeration in a sentence."""
    words = [str(item) for item in items]
    if len(words) < 2:
        return "".join(words)
    return gettext("%(items)s and %(last)s") % {"items": join_words(words[:-1]), "last": words[-1]}
