"""Shared personas: a zone with a director, two officers, an analyst and a consultant, and an
outsider who works in another zone (and must get 404 for everything here)."""

import os
from dataclasses import dataclass

import pytest
from django.test import Client

from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.core import FxRateFactory, ZoneFactory
from tests.factories.pipeline import ChainFactory, CompanyFactory, ProjectFactory
from zoneinvest.accounts.models import Role, User
from zoneinvest.core.models import Zone
from zoneinvest.industries.models import IndustryChain
from zoneinvest.pipeline.models import Company, Project

os.environ.setdefault("FAST_PASSWORD_HASHER", "true")


@dataclass
class World:
    zone: Zone
    other_zone: Zone
    director: User
    officer: User
    officer2: User
    analyst: User
    consultant: User
    editor: User
    admin: User
    outsider: User
    chain: IndustryChain
    company: Company
    project: Project

    def user(self, role: str) -> User:
        return getattr(self, role)


@pytest.fixture
def world(db) -> World:
    zone = ZoneFactory(code="liangjiang", name_en="Liangjiang New Area", name_zh_hans="两江新区")
    other = ZoneFactory(code="elsewhere", name_en="Elsewhere Zone", name_zh_hans="别处园区")
    FxRateFactory(base="USD", quote="CNY", rate="6.8")
    FxRateFactory(base="EUR", quote="CNY", rate="7.3")
    chain = ChainFactory(zone=zone, code="nev", name_en="Intelligent connected NEVs")
    company = CompanyFactory(zone=zone, name_en="Bosch GmbH", chain=chain)
    officer = UserFactory(username="officer", role=Role.OFFICER, zones=[zone])
    return World(
        zone=zone,
        other_zone=other,
        director=UserFactory(username="director", role=Role.DIRECTOR, zones=[zone]),
        officer=officer,
        officer2=UserFactory(username="officer2", role=Role.OFFICER, zones=[zone]),
        analyst=UserFactory(username="analyst", role=Role.ANALYST, zones=[zone]),
        consultant=UserFactory(username="consultant", role=Role.CONSULTANT, zones=[zone]),
        editor=UserFactory(username="editor", role=Role.EDITOR, zones=[zone]),
        admin=UserFactory(username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True),
        outsider=UserFactory(username="outsider", role=Role.DIRECTOR, zones=[other]),
        chain=chain,
        company=company,
        project=ProjectFactory(zone=zone, company=company, chain=chain, owner=officer),
    )


@pytest.fixture(autouse=True)
def _test_log_ins_pass_the_second_step(monkeypatch):
    """A test client's force_login()/login() stands for a whole log-in: for a director or an
    admin, the password and the two-factor code (accounts/two_factor.py). The second step itself
    is tested through the pages, by logging in with the form (tests/accounts/test_two_factor.py)."""
    from zoneinvest.accounts.two_factor import mark_verified

    log_in = Client._login

    def log_in_and_pass_the_second_step(self, user, backend=None):
        log_in(self, user, backend)
        session = self.session
        mark_verified(session)
        session.save()

    monkeypatch.setattr(Client, "_login", log_in_and_pass_the_second_step)


@pytest.fixture
def client_for(client: Client):
    """client_for(user) → a test client logged in as that user (past the two-factor step)."""

    def login(user: User) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return login


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture(autouse=True)
def _english_unless_a_test_says_otherwise():
    """A request to a /zh-hans/ page leaves Chinese active in the thread: start in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


DATABASE_FIXTURES = ("db", "transactional_db", "django_db_reset_sequences", "live_server")


@pytest.fixture(autouse=True)
def _stage_totals_match_the_projects(request):
    """Every test that writes projects, whichever way, leaves the board's stage totals
    (pipeline/totals.py) equal to the projects counted again: checked in the test's own
    database, before it is rolled back or emptied."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not any(name in request.fixturenames for name in DATABASE_FIXTURES):
        yield
        return
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction", False)
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    yield
    from django.db import connection

    if connection.in_atomic_block and connection.needs_rollback:
        return  # a test that broke its transaction on purpose: nothing more can be read
    from zoneinvest.pipeline.totals import stage_totals_differences

    assert stage_totals_differences() == {}
