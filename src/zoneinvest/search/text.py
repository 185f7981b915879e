"""Text → search tokens, the same way for what is indexed and for what is asked.

English (and any other alphabetic script) is split into lowercased words; each run of Chinese
characters is segmented with jieba's search mode (jieba-rs), which also emits the shorter
dictionary words inside a long one (新能源 → 能源, 新能源). The database only ever sees
space-separated tokens: no database-side Chinese parser is needed, on PostgreSQL or on SQLite.
"""

import re
import unicodedata

import rjieba

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_RUNS = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>[^\W_{_CJK}]+)")
# A query longer than this is cut: the tail adds nothing a person would miss.
MAX_QUERY_TOKENS = 12
# Indexed text is cut at this many characters per field (long policy texts).
MAX_FIELD_CHARS = 20_000
# A last word narrower than this is matched whole, not as a prefix: "a*" or "电*" stands for
# most of the index (every word that starts with it) and costs a scan of it. A Chinese
# character counts two: "bat" and "电池" are prefixes, "ba" and "电" are words.
MIN_PREFIX_WIDTH = 3


def tokens(text: str | None) -> list[str]:
    """The search tokens of `text`, in order (repeats kept: they count for the ranking)."""
    if not text:
        return []
    normal = unicodedata.normalize("NFKC", text[:MAX_FIELD_CHARS]).lower()
    out: list[str] = []
    for match in _RUNS.finditer(normal):
        if match.lastgroup == "cjk":
            out.extend(word for word in rjieba.cut_for_search(match.group()) if word.strip())
        else:
            out.append(match.group())
    return out


def terms(*texts: str | None) -> str:
    """The space-separated tokens of all `texts` (what the full-text index reads)."""
    return " ".join(token for text in texts for token in tokens(text))


def width(token: str) -> int:
    """How much of a word `token` is: one per letter, two per Chinese character."""
    return len(token) + len(_CJK_CHAR.findall(token))


def query_tokens(q: str) -> tuple[list[str], bool]:
    """The distinct tokens of a query, and whether the last one is a prefix (the person is still
    typing it: the query does not end with a space, and it is at least `MIN_PREFIX_WIDTH`)."""
    seen: dict[str, None] = {}
    for token in tokens(q):
        seen.setdefault(token, None)
    found = list(seen)[:MAX_QUERY_TOKENS]
    prefix = (
        bool(found)
        and not q[-1:].isspace()
        and len(found) == len(seen)
        and width(found[-1]) >= MIN_PREFIX_WIDTH
    )
    return found, prefix
