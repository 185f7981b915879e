"""The portal's menus, as the founding zone's site has them; an item shows only if its page
exists (edited pages must be published)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zoneinvest.core.models import Zone
from zoneinvest.portal.models import PageKey, StoryKind


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class MenuGroup:
    label: str
    items: list[MenuItem]

    @property
    def current(self) -> bool:
        return any(item.current for item in self.items)


# (label, URL name, kwargs, the published page it needs or None)
type Entry = tuple[str | Promise, str, dict[str, str], str | None]


def _page(key: PageKey, url_name: str) -> Entry:
    return (key.label, url_name, {"key": key.value}, key.value)


def _entries(zone: Zone) -> list[tuple[Promise, list[Entry]]]:
    why = gettext("Why %(zone)s") % {"zone": zone.name}
    return [
        (
            _("About"),
            [
                _page(PageKey.INTRODUCTION, "portal:about"),
                _page(PageKey.OFFICIALS, "portal:about"),
                _page(PageKey.DEPARTMENTS, "portal:about"),
                _page(PageKey.DEVELOPMENT_ZONES, "portal:about"),
                (_("Industrial Parks"), "portal:parks", {}, None),
            ],
        ),
        (
            _("Investing"),
            [
                (why, "portal:why", {}, None),
                (_("Find your location"), "portal:find_location", {}, None),
                (_("Guide"), "portal:guide", {}, None),
                (_("Policies"), "portal:policies", {}, None),
                (_("Opportunities"), "portal:opportunities", {}, None),
                (_("Industrial Parks"), "portal:parks", {}, None),
                (_("Industries"), "portal:industries", {}, None),
                (_("Enterprises"), "portal:enterprises", {}, None),
                (_("Investment consultants"), "portal:consultants", {}, None),
            ],
        ),
        (
            _("Living"),
            [
                _page(key, "portal:living")
                for key in (
                    PageKey.FOOD,
                    PageKey.HOTELS,
                    PageKey.TRAVEL,
                    PageKey.LEISURE,
                    PageKey.INFO,
                    PageKey.EDUCATION,
                )
            ],
        ),
        (
            _("News"),
            [(kind.label, "portal:news", {"kind": kind.value}, None) for kind in StoryKind],
        ),
    ]


def portal_menu(*, zone: Zone, path: str, page_keys: set[str]) -> list[MenuGroup]:
    """The menu groups with the items that exist; `current` marks the open page's item."""
    groups = []
    # A page in two menus (Industrial Parks: ABOUT and INVESTING) is marked in INVESTING only.
    urls = [
        reverse(url_name, kwargs=kwargs)
        for _label, entries in _entries(zone)
        for _item, url_name, kwargs, needs in entries
        if needs is None or needs in page_keys
    ]
    current_url = max((url for url in urls if path.startswith(url)), key=len, default=None)
    seen_current = urls.count(current_url) if current_url else 0
    for label, entries in _entries(zone):
        items = []
        for item_label, url_name, kwargs, needs in entries:
            if needs is not None and needs not in page_keys:
                continue
            url = reverse(url_name, kwargs=kwargs)
            current = url == current_url and seen_current == 1
            if url == current_url:
                seen_current -= 1
            items.append(MenuItem(label=str(item_label), url=url, current=current))
        if items:
            groups.append(MenuGroup(label=str(label), items=items))
    return groups


ABOUT_KEYS = (
    PageKey.INTRODUCTION,
    PageKey.OFFICIALS,
    PageKey.DEPARTMENTS,
    PageKey.DEVELOPMENT_ZONES,
)
LIVING_KEYS = (
    PageKey.FOOD,
    PageKey.HOTELS,
    PageKey.TRAVEL,
    PageKey.LEISURE,
    PageKey.INFO,
    PageKey.EDUCATION,
)


def page_url_name(key: str) -> str:
    """The URL name an edited page is published under."""
    if key in ABOUT_KEYS:
        return "portal:about"
    if key in LIVING_KEYS:
        return "portal:living"
    return f"portal:{key}"  # terms, privacy


def public_urls(
    *, zone: Zone, static: tuple[tuple[str, dict[str, str]], ...]
) -> list[tuple[str, dict[str, str]]]:
    """Every public page of the zone as (URL name, kwargs): the fixed ones and one per record."""
    from zoneinvest.portal.selectors import public_slugs

    rows = list(static)
    slugs = public_slugs(zone=zone)
    rows += [(page_url_name(key), {"key": key}) for key in slugs["pages"]]
    for name in ("park", "policy", "opportunity", "story"):
        rows += [(f"portal:{name}", {"slug": slug}) for slug in slugs[name]]
    return rows
