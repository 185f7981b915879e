"""Every URL pattern × every role: anonymous → log-in, wrong role → 403, other zone → 404.

The table below must name every URL pattern of the project; a new URL that is not listed here
fails `test_every_url_pattern_is_in_the_access_table`.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ["anonymous", "consultant", "analyst", "officer", "director", "admin", "outsider", "editor"]
LOGIN = 302


def _statuses(anonymous, consultant, analyst, officer, director, admin, outsider, editor=None):
    """Statuses per role; a portal editor, who is no pipeline reader, gets what an outsider to
    the bureau's pages gets (as a consultant does) unless the row says otherwise."""
    if editor is None:
        editor = 404 if consultant in (200, 302, 403, 404) and anonymous == LOGIN else consultant
    row = [anonymous, consultant, analyst, officer, director, admin, outsider, editor]
    return dict(zip(ROLES, row, strict=True))


# Pages every pipeline reader opens; outsiders see their own (empty) zone.
READ_LIST = _statuses(LOGIN, 404, 200, 200, 200, 200, 200)
# Pages about one record of the zone: outsiders get 404.
READ_OBJECT = _statuses(LOGIN, 404, 200, 200, 200, 200, 404)
WRITE_FORM = _statuses(LOGIN, 404, 403, 200, 200, 200, 200)
WRITE_OBJECT_FORM = _statuses(LOGIN, 404, 403, 200, 200, 200, 404)
# POSTs that redirect back to the project page (with a message) for people allowed to write.
WRITE_OBJECT_POST = _statuses(LOGIN, 404, 403, 302, 302, 302, 404)
PUBLIC = _statuses(200, 200, 200, 200, 200, 200, 200)
# The portal's content: editors, directors, admins; other bureau staff 403; outsiders 404.
EDITOR_LIST = _statuses(LOGIN, 404, 403, 403, 200, 200, 200, 200)
EDITOR_OBJECT = _statuses(LOGIN, 404, 403, 403, 200, 200, 404, 200)
# Directors' (and admins') pages of their zones: other bureau staff 403; a director of another
# zone (the outsider) sees their own zone's.
DIRECTOR_PAGE = _statuses(LOGIN, 404, 403, 403, 200, 200, 200)
# An export job and its file: only the person who started it (world.director).
OWN_EXPORT = _statuses(LOGIN, 404, 404, 404, 200, 404, 404)
# A consultant's own pages (my/…): the table links world.consultant to a consultant record.
CONSULTANT_PAGE = _statuses(LOGIN, 200, 403, 403, 403, 403, 403)
# The bureau's pages about one consultant: that consultant is sent to their own page (302).
CONSULTANT_OBJECT = _statuses(LOGIN, 302, 200, 200, 200, 200, 404)
# The two-factor pages (accounts/two_factor.py): only for directors and admins.
SECOND_STEP_SET_UP = _statuses(LOGIN, 404, 404, 404, 200, 200, 200, 404)
SECOND_STEP_CODE = _statuses(LOGIN, 404, 404, 404, 302, 302, 302, 404)

# A contact's personal data: the zone's directors and admins; other staff 403, outsiders 404.
PRIVACY_PAGE = _statuses(LOGIN, 404, 403, 403, 200, 200, 404)

# name → (method, path kwargs from the world, POST data, expected status per role)
ACCESS_TABLE = {
    # The site root redirects everyone to the portal's home in their language.
    "root": ("get", None, None, _statuses(302, 302, 302, 302, 302, 302, 302, 302)),
    "portal_sitemap": ("get", None, None, PUBLIC),
    "portal_robots": ("get", None, None, PUBLIC),
    "portal:home": ("get", None, None, PUBLIC),
    "portal:find_location": ("get", None, None, PUBLIC),
    # Without answers, the wizard's later steps send everyone back to its first step.
    "portal:find_location_site": ("get", None, None, _statuses(*[302] * 8)),
    "portal:find_location_results": ("get", None, None, _statuses(*[302] * 8)),
    "portal:why": ("get", None, None, PUBLIC),
    "portal:industries": ("get", None, None, PUBLIC),
    "portal:consultants": ("get", None, None, PUBLIC),
    "portal:contact": ("get", None, None, PUBLIC),
    "portal:thanks": ("get", None, None, PUBLIC),
    "portal:about": ("get", "page", None, PUBLIC),
    "portal:living": ("get", "living_page", None, PUBLIC),
    "portal:terms": ("get", "terms", None, PUBLIC),
    "portal:privacy": ("get", "privacy", None, PUBLIC),
    "portal:guide": ("get", None, None, PUBLIC),
    "portal:policies": ("get", None, None, PUBLIC),
    "portal:policy": ("get", "policy", None, PUBLIC),
    "portal:opportunities": ("get", None, None, PUBLIC),
    "portal:opportunity": ("get", "opportunity", None, PUBLIC),
    "portal:parks": ("get", None, None, PUBLIC),
    "portal:park": ("get", "park", None, PUBLIC),
    "portal:enterprises": ("get", None, None, PUBLIC),
    "portal:news_all": ("get", None, None, PUBLIC),
    "portal:news": ("get", "news_kind", None, PUBLIC),
    "portal:story": ("get", "public_story", None, PUBLIC),
    "set_language": (
        "post",
        None,
        {"language": "zh-hans", "next": "/"},
        _statuses(*[302] * 7, editor=302),
    ),
    "accounts:login": ("get", None, None, _statuses(200, 302, 302, 302, 302, 302, 302, 302)),
    "accounts:logout": ("post", None, None, _statuses(*[302] * 7, editor=302)),
    # Two-factor log-in, only for directors and admins (the others: 404). The table's clients
    # have passed the step and have no app: setting one up opens, entering a code sends there.
    "accounts:two_factor_enrol": ("get", None, None, SECOND_STEP_SET_UP),
    "accounts:two_factor_verify": ("get", None, None, SECOND_STEP_CODE),
    "office:home": ("get", None, None, _statuses(LOGIN, 302, 302, 302, 302, 302, 302, 302)),
    # the portal's pages and stories: editors, directors and admins of the zone
    "office:content_list": ("get", None, None, EDITOR_LIST),
    "office:page_new": ("get", "page_key", None, EDITOR_OBJECT),
    "office:story_new": ("get", None, None, EDITOR_LIST),
    "office:content_edit": ("get", "story", None, EDITOR_OBJECT),
    "office:content_preview": ("get", "story_preview", None, EDITOR_OBJECT),
    "office:content_status": (
        "post",
        "story",
        {"action": "publish"},
        _statuses(LOGIN, 404, 403, 403, 302, 302, 404, 302),
    ),
    "office:project_list": ("get", None, None, READ_LIST),
    "office:project_new": ("get", None, None, WRITE_FORM),
    "office:project_detail": ("get", "project", None, READ_OBJECT),
    "office:project_edit": ("get", "project", None, WRITE_OBJECT_FORM),
    "office:project_stage": ("get", "project", None, WRITE_OBJECT_FORM),
    "office:activity_new": (
        "post",
        "project",
        {"kind": "call", "date": "2024-05-01"},
        WRITE_OBJECT_POST,
    ),
    "office:task_new": ("post", "project", {}, WRITE_OBJECT_POST),
    "office:arrival_new": ("post", "project", {}, WRITE_OBJECT_POST),
    "office:board": ("get", None, None, READ_LIST),
    "office:board_move": ("post", None, "move", _statuses(LOGIN, 404, 403, 302, 302, 302, 404)),
    "office:company_list": ("get", None, None, READ_LIST),
    "office:company_new": ("get", None, None, WRITE_FORM),
    "office:company_detail": ("get", "company", None, READ_OBJECT),
    "office:company_edit": ("get", "company", None, WRITE_OBJECT_FORM),
    "office:company_merge": ("get", "company", None, WRITE_OBJECT_FORM),
    "office:contact_new": ("get", "company", None, WRITE_OBJECT_FORM),
    # a contact's personal data (export, erase): directors and admins of the zone; an empty
    # confirmation shows the form again
    "office:contact_privacy": ("get", "contact", None, PRIVACY_PAGE),
    "office:contact_export": ("get", "contact", None, PRIVACY_PAGE),
    "office:contact_erase": ("post", "contact", {}, PRIVACY_PAGE),
    "office:my_tasks": ("get", None, None, READ_LIST),
    "office:inquiry_list": ("get", None, None, READ_LIST),
    "office:inquiry_detail": ("get", "inquiry", None, READ_OBJECT),
    # search: every staff member of a zone (an outsider finds nothing of this zone: tests/search)
    "office:search": ("get", None, None, _statuses(LOGIN, 404, *[200] * 5, editor=200)),
    "office:task_complete": ("post", "task", None, _statuses(LOGIN, 404, 403, 302, 302, 302, 404)),
    "office:event_list": ("get", None, None, READ_LIST),
    "office:event_detail": ("get", "event", None, READ_OBJECT),
    "office:event_followups": ("post", "event", None, WRITE_OBJECT_POST),
    "office:event_report": ("get", "event", None, READ_OBJECT),
    "office:event_report_pdf": ("get", "event", None, READ_OBJECT),
    "office:event_signings": ("get", "event", None, READ_OBJECT),
    "office:signing_new": ("get", "event", None, WRITE_OBJECT_FORM),
    "office:event_live": ("get", "event", None, READ_OBJECT),
    "office:event_live_figures": ("get", "event", None, READ_OBJECT),
    "office:event_ceremony": ("get", "event", None, READ_OBJECT),
    "office:diligence_verify": ("post", "event", {}, WRITE_OBJECT_POST),
    "office:campaign_list": ("get", None, None, READ_LIST),
    "office:campaign_detail": ("get", "campaign", None, READ_OBJECT),
    "office:signed_not_started": ("get", None, None, READ_LIST),
    "office:dashboard": ("get", None, None, READ_LIST),
    "office:chain_list": ("get", None, None, READ_LIST),
    "office:chain_detail": ("get", "chain", None, READ_OBJECT),
    "office:gap_targets": ("get", "link", None, READ_OBJECT),
    "office:gap_target_assign": ("post", "link", {}, WRITE_OBJECT_POST),
    # the matching weights of the zone (an empty form is shown again with its errors)
    "office:matching_weights": ("post", None, {}, DIRECTOR_PAGE),
    "office:indicator_list": ("get", None, None, READ_LIST),
    # an empty upload shows the form's errors again
    "office:indicator_import": ("post", None, {}, WRITE_FORM),
    "office:my_referrals": ("get", None, None, CONSULTANT_PAGE),
    "office:my_referral_new": ("get", None, None, CONSULTANT_PAGE),
    "office:my_referral_detail": ("get", "referral", None, CONSULTANT_PAGE),
    "office:my_advice": ("get", None, None, CONSULTANT_PAGE),
    "office:my_statement": ("get", None, None, CONSULTANT_PAGE),
    "office:my_statement_xlsx": ("get", None, None, CONSULTANT_PAGE),
    "office:my_statement_pdf": ("get", None, None, CONSULTANT_PAGE),
    "office:consultant_list": ("get", None, None, READ_LIST),
    "office:consultant_ranking": ("get", None, None, READ_LIST),
    "office:referral_conflicts": ("get", None, None, READ_LIST),
    "office:referral_resolve": (
        "post",
        "conflict",
        {},
        _statuses(LOGIN, 404, 403, 403, 302, 302, 404),
    ),
    "office:consultant_detail": ("get", "consultant", None, CONSULTANT_OBJECT),
    "office:consultant_statement": ("get", "consultant", None, CONSULTANT_OBJECT),
    "office:consultant_statement_xlsx": ("get", "consultant", None, CONSULTANT_OBJECT),
    "office:consultant_statement_pdf": ("get", "consultant", None, CONSULTANT_OBJECT),
    # ---- exports (helper C adds rows here)
    # Each list's or report's export opens for whoever opens the page (a reverse without `fmt`
    # gives the .csv path; tests/reports/test_exports.py opens the .xlsx ones).
    "office:export_projects": ("get", None, None, READ_LIST),
    "office:export_companies": ("get", None, None, READ_LIST),
    "office:export_event_signings": ("get", "event", None, READ_OBJECT),
    "office:export_event_report": ("get", "event", None, READ_OBJECT),
    "office:export_signed_not_started": ("get", None, None, READ_LIST),
    "office:export_dashboard": ("get", None, None, READ_LIST),
    "office:export_dashboard_pdf": ("get", None, None, READ_LIST),
    "office:export_consultant_ranking": ("get", None, None, READ_LIST),
    "office:export_inquiries": ("get", None, None, READ_LIST),
    "office:export_indicators": ("get", None, None, READ_LIST),
    # large exports made in the background: each job and its file only for whoever started it
    # (world.director's, done): a colleague gets 404 as an outsider does
    "office:export_list": ("get", None, None, READ_LIST),
    "office:export_detail": ("get", "export_job", None, OWN_EXPORT),
    "office:export_progress": ("get", "export_job", None, OWN_EXPORT),
    "office:export_download": ("get", "export_job", None, OWN_EXPORT),
    # (only a failed export starts again: the director is sent back with a message)
    "office:export_again": (
        "post",
        "export_job",
        {},
        _statuses(LOGIN, 404, 404, 404, 302, 404, 404),
    ),
    # ---- API tokens and calendar feeds (helper D adds rows here)
    # every logged-in user has their own tokens and calendar address (an empty name: the form again)
    "office:api_tokens": ("get", None, None, _statuses(LOGIN, *[200] * 6, editor=200)),
    "office:api_token_new": (
        "post",
        None,
        {"name": "", "days": "30"},
        _statuses(LOGIN, *[200] * 6, editor=200),
    ),
    # world.officer's token: anyone else's revoke finds nothing
    "office:api_token_revoke": (
        "post",
        "api_token",
        None,
        _statuses(LOGIN, 404, 404, 302, 404, 404, 404, 404),
    ),
    "office:calendar_feed_new": ("post", None, None, _statuses(LOGIN, *[200] * 6, editor=200)),
    "office:calendar_feed_stop": ("post", None, None, _statuses(LOGIN, *[302] * 6, editor=302)),
    # the feeds answer to the secret in their address, not to a session: a wrong one is 404
    "calendar_events": ("get", "calendar_token", None, _statuses(*[404] * 7, editor=404)),
    "calendar_tasks": ("get", "calendar_token", None, _statuses(*[404] * 7, editor=404)),
    # ---- imports and jobs
    "office:import_list": ("get", None, None, WRITE_FORM),
    "office:import_detail": ("get", "job", None, WRITE_OBJECT_FORM),
    "office:import_progress": ("get", "job", None, WRITE_OBJECT_FORM),
    "office:import_map": ("post", "job", {}, WRITE_OBJECT_POST),
    "office:import_commit": ("post", "job", {}, WRITE_OBJECT_POST),
}
# The API answers to tokens, not sessions; its own table is in tests/api. Here: no token, no data.
API_PUBLIC = {"api:openapi-json", "api:openapi-view"}
# The portal's published data needs no token (tests/api/test_public.py).
API_OPEN_DATA = {
    "api:list_public_parks",
    "api:get_public_park",
    "api:list_public_policies",
    "api:get_public_policy",
    "api:list_public_opportunities",
    "api:get_public_opportunity",
}
# Django Ninja's root path (/api/v1/) is a plain 404.
API_NOT_AN_OPERATION = {"api:api-root"}
# Django's admin is for platform admins (staff); its own tests cover its views.
IGNORED_NAMESPACES = ("admin:",)


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


def all_url_names():
    return {
        name: route
        for name, route in _walk(get_resolver().url_patterns)
        if not name.startswith(IGNORED_NAMESPACES)
    }


def test_every_url_pattern_is_in_the_access_table():
    names = {n for n in all_url_names() if not n.startswith("api:")}
    missing = sorted(names - set(ACCESS_TABLE))
    assert not missing, (
        f"Add these URL patterns to ACCESS_TABLE with the status each role gets: {missing}"
    )
    assert not sorted(set(ACCESS_TABLE) - names), "ACCESS_TABLE lists URLs that no longer exist"


def _client(world, role):
    client = Client()
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


def _task(world):
    from tests.factories.pipeline import TaskFactory

    return TaskFactory(project=world.project, assignee=world.officer)


def _event(world):
    """An event of the world's zone, in a campaign, with one venue (made through the services)."""
    import datetime as dt

    from zoneinvest.events.services import campaign_create, event_create

    campaign = campaign_create(
        zone=world.zone,
        by=world.director,
        name_en="Campaign",
        starts_on=dt.date(2023, 1, 1),
        ends_on=dt.date(2023, 12, 31),
    )
    return event_create(
        zone=world.zone,
        by=world.director,
        name_en="Conference",
        date=dt.date(2023, 1, 11),
        campaign=campaign,
        venues=[{"name_en": "Main venue", "role": "main"}],
    )


def _job(world):
    """An uploaded project import of the world's zone (through the service)."""
    import io

    from zoneinvest.reports.services import import_upload

    content = io.BytesIO(b"Title,Investor,Country\nBattery plant,Voltstore,DE\n")
    return import_upload(
        zone=world.zone, kind="projects", stream=content, name="p.csv", by=world.director
    )


def _export_job(world):
    """world.director's finished background export of the project list (through the service)."""
    from zoneinvest.reports.export_jobs import export_job, export_start

    job = export_start(
        kind="projects", fmt="csv", query="", rows=1, zone=None, back="/", by=world.director
    )
    export_job.call(job.pk)
    return job


def _link(world):
    """A link of the world's chain (made through the service)."""
    from zoneinvest.industries.services import link_create

    return link_create(
        chain=world.chain,
        code="battery-cells",
        name_en="Battery cells",
        name_zh="动力电池",
        position="midstream",
        by=None,
    )


def _consultant(world):
    """world.consultant's consultant record (so that the my/ pages open for them)."""
    from zoneinvest.consultants.services import consultant_create

    return consultant_create(
        zone=world.zone, name_en="Li Zexiang", user=world.consultant, by=world.director
    )


def _claims(world, consultant):
    """world.consultant's referral, and a later conflicting claim on the same company."""
    from tests.factories.accounts import UserFactory
    from zoneinvest.accounts.models import Role
    from zoneinvest.consultants.services import consultant_create, referral_submit

    mine = referral_submit(
        consultant=consultant, company_name_en="Voltstore", country="DE", by=world.consultant
    )
    user = UserFactory(username="consultant2", role=Role.CONSULTANT, zones=[world.zone])
    other = consultant_create(zone=world.zone, name_en="Denis Depoux", user=user, by=None)
    later = referral_submit(consultant=other, company_name_en="Voltstore", country="DE", by=user)
    return mine, later


PORTAL_TARGETS = {
    "page",
    "living_page",
    "terms",
    "privacy",
    "policy",
    "opportunity",
    "park",
    "news_kind",
    "public_story",
    "page_key",
    "story",
    "story_preview",
}


def _portal_kwargs(world, target):
    """Published portal records of the world's zone (through the services), as URL kwargs."""
    import datetime as dt
    from decimal import Decimal

    from zoneinvest.places.services import park_create, policy_create
    from zoneinvest.portal.services import (
        content_publish,
        opportunity_create,
        page_create,
        story_create,
    )

    def page(key):
        made = page_create(zone=world.zone, key=key, by=None, title_en=key, body_en="Text.")
        content_publish(made, by=None)
        return {"key": key}

    if target == "page":
        return page("introduction")
    if target == "living_page":
        return page("food")
    if target in ("terms", "privacy"):
        page(target)
        return {}
    if target == "news_kind":
        return {"kind": "business"}
    if target == "page_key":
        return {"zone_code": world.zone.code, "key": "terms"}
    if target in ("story", "story_preview", "public_story"):
        story = story_create(
            zone=world.zone, by=None, slug="news", kind="business", title_en="News", body_en="Text."
        )
        if target == "public_story":
            content_publish(story, by=None)
            return {"slug": story.slug}
        extra = {"language": "zh-hans"} if target == "story_preview" else {}
        return {"kind": "story", "pk": story.pk, **extra}
    park = park_create(
        zone=world.zone, by=None, slug="park", name_en="Park", area_km2=Decimal(10), published=True
    )
    if target == "park":
        return {"slug": park.slug}
    if target == "policy":
        policy_create(
            zone=world.zone,
            by=None,
            slug="policy",
            title_en="Policy",
            issuer_en="Committee",
            kind="tax",
            valid_from=dt.date(2020, 1, 1),
            published=True,
        )
        return {"slug": "policy"}
    opportunity_create(
        zone=world.zone,
        by=None,
        slug="opportunity",
        title_en="Opportunity",
        summary_en="Summary",
        chain=world.chain,
        park=park,
        amount_band="1b_5b",
        published=True,
    )
    return {"slug": "opportunity"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ACCESS_TABLE))
def test_each_role_gets_the_expected_status(world, name, role):
    method, target, data, expected = ACCESS_TABLE[name]
    objects = {"project": world.project, "company": world.company, "chain": world.chain}
    if target == "link":
        objects["link"] = _link(world)
    objects["consultant"] = _consultant(world)
    if target in ("referral", "conflict"):
        objects["referral"], objects["conflict"] = _claims(world, objects["consultant"])
    if target == "task":
        objects["task"] = _task(world)
    if target == "contact":
        from tests.factories.pipeline import ContactFactory

        objects["contact"] = ContactFactory(company=world.company, zone=world.zone)
    if target == "job":
        objects["job"] = _job(world)
    if target == "inquiry":
        from zoneinvest.portal.services import inquiry_submit

        objects["inquiry"] = inquiry_submit(
            zone=world.zone,
            name="Anna Schmidt",
            organisation="Voltstore GmbH",
            email="anna@example.com",
            country="DE",
            message="We plan a battery plant.",
        )
    if target == "export_job":
        objects["export_job"] = _export_job(world)
    if target == "api_token":
        from zoneinvest.accounts.services import token_create

        objects["api_token"], _plain = token_create(user=world.officer, name="Platform")
    if target in ("event", "campaign"):
        objects["event"] = _event(world)
        objects["campaign"] = objects["event"].campaign
    kwargs = _portal_kwargs(world, target) if target in PORTAL_TARGETS else {}
    if target == "calendar_token":
        kwargs = {"token": "zc_not-a-calendar-address"}
    elif target and target not in PORTAL_TARGETS:
        kwargs = {"pk": objects[target].pk}
    if data == "move":
        data = {"project": world.project.pk, "to": "on_hold", "version": world.project.version}
    response = getattr(_client(world, role), method)(reverse(name, kwargs=kwargs), data or {})
    assert response.status_code == expected[role], (name, role, response.status_code)
    if name.startswith("office:") and role == "anonymous":
        assert "/accounts/login/" in response["Location"]


def test_every_api_operation_refuses_requests_without_a_token(world):
    client = Client()
    for name, route in all_url_names().items():
        if not name.startswith("api:") or name in API_PUBLIC | API_OPEN_DATA | API_NOT_AN_OPERATION:
            continue
        path = "/" + re.sub(r"<(?:\w+:)?\w+>", "1", route)
        response = client.get(path)
        assert response.status_code in (401, 405), (name, path, response.status_code)


@pytest.mark.parametrize("name", sorted(API_PUBLIC))
def test_the_api_description_is_public(db, name):
    assert Client().get(reverse(name)).status_code == 200


@pytest.mark.parametrize(("role", "status"), [("admin", 200), ("director", 302), ("officer", 302)])
def test_only_platform_admins_open_the_django_admin(world, role, status):
    client = Client()
    client.force_login(world.user(role))
    assert client.get(reverse("admin:index")).status_code == status
