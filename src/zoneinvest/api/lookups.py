"""Turn the ids and codes of a request body into records the caller may use, or a 422.

Every lookup goes through a selector that already scopes by zone and role, so an id from another
zone reads exactly like an id that does not exist ("Not found.") and leaks nothing.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import Model
from django.http import Http404
from django.utils.translation import gettext

from zoneinvest.accounts.models import User
from zoneinvest.accounts.selectors import user_zones, zone_officers
from zoneinvest.core.errors import ValidationFailed
from zoneinvest.core.models import Zone
from zoneinvest.industries.selectors import chain_list
from zoneinvest.pipeline.selectors import company_get, project_get


def _refused(fields: Mapping[str, str]) -> ValidationFailed:
    return ValidationFailed.for_fields(
        gettext("Please correct the fields marked below."),
        {name: [message] for name, message in fields.items()},
    )


def zone_by_code(*, user: User, code: str) -> Zone:
    """One of the caller's zones, by its code."""
    zone = user_zones(user=user).filter(code=code).first()
    if zone is None:
        raise _refused({"zone": gettext("You do not work in a zone with this code.")})
    return zone


def zone_for_create(*, user: User, code: str | None) -> Zone:
    """The zone a new record goes to: the caller's only zone, or the one named by `code`."""
    if code:
        return zone_by_code(user=user, code=code)
    zones = list(user_zones(user=user)[:2])
    if len(zones) == 1:
        return zones[0]
    if not zones:
        raise _refused({"zone": gettext("You do not work in any zone.")})
    raise _refused({"zone": gettext("You work in several zones: give the code of one of them.")})


def _or_none(find: Callable[[], Model]) -> Model | None:
    try:
        return find()
    except Http404:
        return None


def resolve_references(
    values: dict[str, Any], *, user: User, zone: Zone | None = None
) -> dict[str, Any]:
    """`values` with company / chain / owner / assignee / project ids replaced by records.

    `zone` is the zone of the record being written; people (owner, assignee) must work there.
    All unknown references are reported together.
    """
    finders: dict[str, Callable[[int], Model | None]] = {
        "company": lambda pk: _or_none(lambda: company_get(user=user, pk=pk)),
        "project": lambda pk: _or_none(lambda: project_get(user=user, pk=pk)),
        "chain": lambda pk: chain_list(user=user).filter(pk=pk).first(),
        "owner": lambda pk: _person(zone, pk),
        "assignee": lambda pk: _person(zone, pk),
    }
    resolved = dict(values)
    problems: dict[str, str] = {}
    for name, find in finders.items():
        pk = values.get(name)
        if pk is None:
            continue
        record = find(pk)
        if record is None:
            problems[name] = gettext("Not found.")
        resolved[name] = record
    if problems:
        raise _refused(problems)
    return resolved


def _person(zone: Zone | None, pk: int) -> User | None:
    if zone is None:
        return None
    return zone_officers(zone=zone).filter(pk=pk).first()
