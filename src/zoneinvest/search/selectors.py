"""Searching, scoped to what the caller may see.

The same rules as the domain apps' own scopes, stated over the entries' copied columns:
companies and projects for the pipeline's readers of the zone (a confidential project only for
its owner and CONFIDENTIAL_READERS, as `pipeline.selectors.project_scope`); policies for the
bureau's staff (drafts included, as `places.selectors.policy_list`); stories for the staff when
published, drafts too for the portal's editors (as `portal.selectors.editable_stories`).
"""

from collections.abc import Iterable
from typing import Any

from zoneinvest.accounts.models import CONFIDENTIAL_READERS, User
from zoneinvest.accounts.selectors import user_can_read_pipeline, user_zone_ids
from zoneinvest.core.models import Zone
from zoneinvest.places.selectors import user_can_read_places
from zoneinvest.portal.selectors import user_can_edit_portal
from zoneinvest.search import backends
from zoneinvest.search.models import SearchEntry, SearchKind
from zoneinvest.search.text import query_tokens

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def user_can_search(*, user: User) -> bool:
    """Who has the office's search: the bureau's staff (not consultants)."""
    return user_can_read_places(user=user)


def search_scope(*, user: User, kinds: Iterable[str] | None = None) -> backends.Scope:
    """The entries `user` may see, as SQL over the entry table (one kind per condition)."""
    wanted = set(kinds) if kinds else set(SearchKind.values)
    allowed: dict[str, tuple[str, list[Any]]] = {}
    if user_can_read_pipeline(user=user):
        allowed[SearchKind.COMPANY] = ("", [])
        if user.role in CONFIDENTIAL_READERS:
            allowed[SearchKind.PROJECT] = ("", [])
        else:
            allowed[SearchKind.PROJECT] = ("(NOT e.confidential OR e.owner_id = %s)", [user.pk])
    if user_can_read_places(user=user):
        allowed[SearchKind.POLICY] = ("", [])
        allowed[SearchKind.STORY] = (
            ("", []) if user_can_edit_portal(user=user) else ("e.published", [])
        )
    zone_ids = None if user.is_platform_admin else user_zone_ids(user=user)
    return backends.Scope(
        zone_ids=zone_ids, kinds={k: v for k, v in allowed.items() if k in wanted}
    )


def search(
    *, user: User, q: str, kinds: Iterable[str] | None = None, limit: int = DEFAULT_LIMIT
) -> list[SearchEntry]:
    """The entries matching every word of `q` (the last one as a prefix) that `user` may see,
    best first. One query (two the first time a user's zones are read)."""
    tokens, prefix = query_tokens(q)
    if not tokens:
        return []
    scope = search_scope(user=user, kinds=kinds)
    return backends.run(
        tokens=tokens, prefix=prefix, scope=scope, limit=max(1, min(limit, MAX_LIMIT))
    )


def public_search(*, zone: Zone, q: str, limit: int = DEFAULT_LIMIT) -> list[SearchEntry]:
    """The portal's search: the zone's published policies and stories."""
    tokens, prefix = query_tokens(q)
    scope = backends.Scope(
        zone_ids=[zone.pk],
        kinds={SearchKind.POLICY: ("e.published", []), SearchKind.STORY: ("e.published", [])},
    )
    return backends.run(
        tokens=tokens, prefix=prefix, scope=scope, limit=max(1, min(limit, MAX_LIMIT))
    )


def group_by_kind(entries: Iterable[SearchEntry]) -> list[tuple[str, str, list[SearchEntry]]]:
    """(kind, label, entries) in the order of `SearchKind`; kinds without results left out."""
    groups: dict[str, list[SearchEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.kind, []).append(entry)
    return [
        (kind, str(SearchKind(kind).label), groups[kind])
        for kind in SearchKind.values
        if kind in groups
    ]
