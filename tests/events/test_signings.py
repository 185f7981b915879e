import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.events.conftest import EVENT_DAY, sign
from tests.factories.core import FxRateFactory
from zoneinvest.core.errors import NoFxRate
from zoneinvest.core.models import AuditEvent
from zoneinvest.events import services
from zoneinvest.events.models import Signing
from zoneinvest.events.selectors import campaign_progress, event_report
from zoneinvest.events.services import AlreadySigned
from zoneinvest.pipeline.services import InvalidStageTransition, MissingStageFields
from zoneinvest.pipeline.stages import Stage


def test_recording_a_signing_moves_the_project_to_signed_through_the_pipeline(
    world, negotiating, conference
):
    project = negotiating("Battery plant")
    signing = sign(world, project, conference, "2e9")
    project.refresh_from_db()
    assert project.stage == Stage.SIGNED
    assert project.signing_date == EVENT_DAY
    assert signing.counted_amount == Decimal("2e9")
    assert project.stage_changes.filter(to_stage="signed").count() == 1
    assert AuditEvent.objects.filter(verb="events.signing.recorded").count() == 1


def test_a_project_cannot_be_signed_from_lead(world, conference):
    with pytest.raises(InvalidStageTransition):
        sign(world, world.project, conference, "1e8")
    assert not Signing.objects.exists()


def test_signing_refuses_a_project_missing_what_signed_requires(world, conference, negotiating):
    project = negotiating("No owner")
    project.owner = None
    project.save()
    with pytest.raises(MissingStageFields, match="owner"):
        sign(world, project, conference, "1e8")
    assert not Signing.objects.exists()


def test_the_stage_service_alone_cannot_sign(world, negotiating):
    from zoneinvest.pipeline.services import project_change_stage

    with pytest.raises(InvalidStageTransition, match="recording its signing"):
        project_change_stage(project=negotiating("X"), to=Stage.SIGNED, by=world.officer)


def test_a_second_new_signing_of_the_same_project_is_refused(world, negotiating, conference):
    project = negotiating("Twice")
    sign(world, project, conference, "1e9")
    with pytest.raises(AlreadySigned, match="re-signing"):
        sign(world, project, conference, "1e9", date=dt.date(2023, 3, 1))


def test_a_re_signing_at_a_second_event_does_not_raise_the_campaigns_counted_total(
    world, negotiating, conference
):
    campaign = services.campaign_create(
        zone=world.zone,
        by=world.director,
        name_en="2023 campaign",
        starts_on=dt.date(2023, 1, 1),
        ends_on=dt.date(2023, 12, 31),
    )
    conference.campaign = campaign
    conference.save()
    roadshow = services.event_create(
        zone=world.zone,
        by=world.director,
        name_en="Roadshow",
        date=dt.date(2023, 6, 1),
        campaign=campaign,
        venues=[{"name_en": "Munich"}],
    )
    project = negotiating("Re-signed")
    sign(world, project, conference, "1e9")
    before = campaign_progress(campaign=campaign)
    sign(world, project, roadshow, "1e9", kind="resigning", date=dt.date(2023, 6, 1))
    after = campaign_progress(campaign=campaign)
    assert (after.projects, after.counted) == (before.projects, before.counted)
    assert after.announced.amount == 2 * before.announced.amount
    report = event_report(event=roadshow)
    assert report.total.signings == 1
    assert report.total.projects == 0
    assert report.total.counted == 0
    assert report.differs


def test_a_capital_increase_adds_only_its_increment(world, negotiating, conference):
    project = negotiating("Grows")
    sign(world, project, conference, "1e9")
    increase = sign(
        world, project, None, "1.5e9", kind="capital_increase", date=dt.date(2023, 9, 1)
    )
    assert increase.counted_amount == Decimal("5e8")


def test_a_missing_fx_rate_for_the_event_date_is_a_clear_error(world, negotiating):
    early = services.event_create(
        zone=world.zone, by=world.director, name_en="Too early", date=dt.date(2022, 6, 1), venues=[]
    )
    sign(world, negotiating("Early"), early, "1e8", date=dt.date(2022, 6, 1))
    with pytest.raises(NoFxRate, match="No exchange rate from CNY to USD on or before 2022-06-01"):
        event_report(event=early)


def test_the_report_converts_at_the_rate_of_the_event_date(world, negotiating, conference):
    FxRateFactory(date=dt.date(2023, 1, 10), base="USD", quote="CNY", rate="6.78")
    FxRateFactory(date=dt.date(2023, 2, 1), base="USD", quote="CNY", rate="6.5")
    sign(world, negotiating("A"), conference, "30.1e9")
    report = event_report(event=conference)
    assert report.equivalents["USD"].amount == pytest.approx(Decimal("30.1e9") / Decimal("6.78"))


def test_report_queries_do_not_grow_with_the_signings(world, negotiating, conference):
    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            event_report(event=conference)
        return len(captured)

    for i in range(3):
        sign(world, negotiating(f"P{i}", country="FR"), conference, "1e8")
    few = count_queries()
    for i in range(12):
        sign(world, negotiating(f"Q{i}", sector="service", country="US"), conference, "2e8")
    assert count_queries() == few


def test_campaign_progress_is_counted_per_chain_against_its_targets(world, negotiating, conference):
    campaign = services.campaign_create(
        zone=world.zone,
        by=world.director,
        name_en="Chains",
        starts_on=dt.date(2023, 1, 1),
        ends_on=dt.date(2023, 12, 31),
        target_projects=10,
        chain_targets=[
            {"chain": world.chain, "target_projects": 4, "target_value": Decimal("5e9")}
        ],
    )
    conference.campaign = campaign
    conference.save()
    sign(world, negotiating("One"), conference, "1e9")
    sign(world, negotiating("Two"), conference, "2e9")
    (chain,) = campaign_progress(campaign=campaign).chains
    assert (chain.chain, chain.projects, chain.counted) == (world.chain, 2, Decimal("3e9"))
    assert chain.target_projects == 4
