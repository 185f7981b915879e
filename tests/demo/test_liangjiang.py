"""The Liangjiang demo, loaded once for this module (and rolled back after it)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone, translation

from zoneinvest.accounts.models import Membership, Role, User
from zoneinvest.core.models import AuditEvent, FxRate, Zone
from zoneinvest.core.money import Money, convert, format_money_en, format_money_zh
from zoneinvest.demo.liangjiang import DEMO_USERS, demo_counts, demo_load
from zoneinvest.industries.models import IndustryChain, Sector
from zoneinvest.pipeline.models import Activity, CapitalArrival, Project, StageChange, Task
from zoneinvest.pipeline.stages import BOARD_COLUMNS, MAIN_ROAD, Stage

CONFERENCE_DAY = dt.date(2023, 1, 11)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        result = demo_load()
        yield result
        transaction.set_rollback(True)


@pytest.fixture
def zone(demo, db) -> Zone:
    return demo.zone


def test_loading_the_demo_creates_the_liangjiang_zone(demo, zone):
    assert demo.created
    assert zone.code == "liangjiang"
    assert (zone.name_en, zone.name_zh_hans) == ("Liangjiang New Area", "两江新区")
    assert (zone.parent_city_en, zone.parent_city_zh_hans) == ("Chongqing", "重庆")
    assert zone.kind == Zone.Kind.NATIONAL_NEW_AREA
    assert zone.default_currency == "CNY"


def test_it_creates_one_user_per_role_who_can_log_in_with_the_printed_password(zone):
    roles = dict(User.objects.values_list("username", "role"))
    assert roles == {
        "admin": Role.ADMIN,
        "director": Role.DIRECTOR,
        "officer": Role.OFFICER,
        "officer2": Role.OFFICER,
        "analyst": Role.ANALYST,
        "consultant": Role.CONSULTANT,
        "editor": Role.EDITOR,
    }
    for spec in DEMO_USERS:
        assert User.objects.get(username=spec.username).check_password(spec.password)


def test_everyone_but_the_admin_is_a_member_of_the_zone(zone):
    members = set(Membership.objects.filter(zone=zone).values_list("user__username", flat=True))
    assert members == {"director", "officer", "officer2", "analyst", "consultant", "editor"}
    admin = User.objects.get(username="admin")
    assert admin.is_platform_admin
    assert admin.is_superuser
    assert not admin.memberships.exists()


def test_it_creates_the_five_chains_in_english_and_chinese(zone):
    chains = IndustryChain.objects.filter(zone=zone).order_by("position")
    assert [(c.name_en, c.name_zh_hans) for c in chains] == [
        ("Intelligent connected new energy vehicles", "智能网联新能源汽车"),
        ("New-generation electronic information", "新一代电子信息"),
        ("High-end equipment", "高端装备"),
        ("Life and health", "生命健康"),
        ("Digital economy", "数字经济"),
    ]
    assert {c.code: c.sector for c in chains}["digital"] == Sector.SERVICE


def test_every_stage_of_the_board_has_a_project(zone):
    per_stage = dict(
        Project.objects.filter(zone=zone).order_by().values_list("stage").annotate(n=Count("id"))
    )
    assert all(per_stage.get(stage, 0) >= 1 for stage in BOARD_COLUMNS), per_stage
    # 42 pipeline projects in every stage, and the conference's 28 signed ones.
    # 42 pipeline projects in every stage, the conference's 28, and one consultant's new lead.
    assert sum(per_stage.values()) == 42 + 28 + 1


def test_every_project_is_illustrative_bilingual_and_has_an_investor(zone):
    projects = Project.objects.filter(zone=zone)
    assert not projects.filter(illustrative=False).exists()
    assert not projects.filter(company__isnull=True).exists()
    assert all(p.title_en and p.title_zh_hans for p in projects)
    assert projects.filter(confidential=True).count() >= 2
    assert {"CNY", "EUR", "USD"} <= set(projects.values_list("currency", flat=True))
    assert set(projects.values_list("sector", flat=True)) == {Sector.MANUFACTURING, Sector.SERVICE}


def test_every_project_stands_where_its_stage_history_ends(zone):
    for project in Project.objects.filter(zone=zone).prefetch_related("stage_changes"):
        history = sorted(project.stage_changes.all(), key=lambda c: (c.at, c.id))
        assert history[-1].to_stage == project.stage, project
        assert history[-1].at == project.stage_changed_at
        assert (history[0].from_stage, history[0].to_stage) == ("", Stage.LEAD)
        for before, after in zip(history, history[1:], strict=False):
            assert after.from_stage == before.to_stage, project


def test_projects_walk_the_main_road_one_step_at_a_time(zone):
    for change in StageChange.objects.filter(zone=zone).exclude(from_stage=""):
        if change.to_stage in MAIN_ROAD and change.from_stage in MAIN_ROAD:
            step = MAIN_ROAD.index(change.to_stage) - MAIN_ROAD.index(change.from_stage)
            assert step == 1, change


def test_no_stage_change_lies_in_the_future_and_only_the_conference_signs_on_its_day(zone):
    now = timezone.now()
    changes = StageChange.objects.filter(zone=zone)
    assert not changes.filter(at__gt=now).exists()
    signed_that_day = Project.objects.filter(zone=zone, signing_date=CONFERENCE_DAY)
    assert signed_that_day.count() == 28
    assert not signed_that_day.exclude(signings__event__date=CONFERENCE_DAY).exists()


def test_lost_and_held_projects_say_why(zone):
    lost = Project.objects.filter(zone=zone, stage=Stage.LOST)
    assert all(p.lost_reason and p.lost_to for p in lost)
    held = StageChange.objects.filter(zone=zone, to_stage=Stage.ON_HOLD)
    assert held.exists()
    assert all(change.reason for change in held)


def test_registered_projects_have_paid_in_capital_below_the_contract(zone):
    reached = [Stage.REGISTERED, Stage.CONSTRUCTION, Stage.OPERATING]
    projects = Project.objects.filter(zone=zone, stage__in=reached).annotate(
        paid=Sum("arrivals__amount")
    )
    assert projects.count() >= 3
    for project in projects:
        assert project.paid is not None, project
        assert Decimal(0) < project.paid <= project.contracted_amount, project
        assert not project.arrivals.filter(date__lt=project.registration_date).exists()
    open_early = CapitalArrival.objects.filter(
        zone=zone, project__stage__in=[Stage.LEAD, Stage.QUALIFIED, Stage.NEGOTIATING]
    )
    assert not open_early.exists()


def test_officers_have_activities_and_tasks_some_of_them_overdue(zone):
    assert Activity.objects.filter(zone=zone).count() >= 80
    kinds = set(Activity.objects.filter(zone=zone).values_list("kind", flat=True))
    assert {"visit", "meeting", "call", "site_tour"} <= kinds
    for username in ("officer", "officer2"):
        tasks = Task.objects.filter(zone=zone, assignee__username=username)
        assert any(t.is_overdue for t in tasks), username
        assert any(not t.is_overdue and t.done_at is None for t in tasks), username


def test_fx_rates_cover_the_conference_and_reach_the_present(zone):
    usd = FxRate.objects.filter(base="USD", quote="CNY")
    assert usd.get(date=dt.date(2022, 12, 30)).rate == Decimal("6.9")
    assert usd.get(date=CONFERENCE_DAY).rate == Decimal("6.78")
    assert FxRate.objects.filter(base="EUR", quote="CNY", date=CONFERENCE_DAY).exists()
    assert usd.filter(date__gte=dt.date(2026, 1, 1)).exists()
    assert all("illustrative" in source.lower() for source in usd.values_list("source", flat=True))


def test_the_conference_total_of_30_1_billion_yuan_is_4_4_billion_dollars(zone):
    dollars = convert(Money(Decimal("30.1e9"), "CNY"), to="USD", on=CONFERENCE_DAY)
    assert format_money_en(dollars) == "$4.4 billion"
    assert format_money_zh(Money(Decimal("30.1e9"), "CNY")) == "301亿元"
    assert format_money_zh(dollars) == "44.4亿美元"


def test_loading_twice_changes_nothing(demo, zone):
    before = {**demo_counts(zone), "audit": AuditEvent.objects.count()}
    again = demo_load()
    assert not again.created
    assert again.zone == zone
    assert {**again.counts, "audit": AuditEvent.objects.count()} == before
    assert Zone.objects.filter(code="liangjiang").count() == 1


@pytest.mark.parametrize(("language", "heading"), [("en", "Projects"), ("zh-hans", "项目")])
def test_the_demo_officer_logs_in_and_sees_the_project_list(zone, client, language, heading):
    spec = next(s for s in DEMO_USERS if s.username == "officer")
    login = client.post(
        f"/{language}/accounts/login/", {"username": spec.username, "password": spec.password}
    )
    assert login.status_code == 302
    with translation.override(language):
        page = client.get(reverse("office:project_list"))
    assert page.status_code == 200
    assert f"<h1>{heading}</h1>" in page.content.decode()
    visible = page.context["page"].paginator.count
    confidential_of_others = Project.objects.filter(confidential=True).exclude(
        owner__username="officer"
    )
    assert visible == Project.objects.count() - confidential_of_others.count()
