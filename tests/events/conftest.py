import datetime as dt
from decimal import Decimal

import pytest

from tests.factories.pipeline import CompanyFactory
from zoneinvest.events import services
from zoneinvest.pipeline.services import project_change_stage, project_create
from zoneinvest.pipeline.stages import Stage

EVENT_DAY = dt.date(2023, 1, 11)


@pytest.fixture
def negotiating(world):
    """negotiating(title, sector=..., country=...) → a project ready to be signed."""

    def make(title: str, *, sector: str = "manufacturing", country: str = "DE", amount="1e8"):
        company = CompanyFactory(zone=world.zone, country=country)
        project = project_create(zone=world.zone, title_en=title, company=company, by=world.officer)
        project = project_change_stage(
            project=project,
            to=Stage.QUALIFIED,
            by=world.officer,
            values={"sector": sector, "chain": world.chain, "owner": world.officer},
        )
        return project_change_stage(
            project=project,
            to=Stage.NEGOTIATING,
            by=world.officer,
            values={"total_investment": Decimal(amount), "est_signing_date": EVENT_DAY},
        )

    return make


@pytest.fixture
def conference(world):
    return services.event_create(
        zone=world.zone,
        by=world.director,
        name_en="Global Investment Promotion Conference",
        name_zh_hans="全球投资促进大会",
        date=EVENT_DAY,
        venues=[
            {"name_en": "Main venue", "role": "main", "city_en": "Chongqing", "country": "CN"},
            {
                "name_en": "Berlin sub-venue",
                "role": "sub",
                "city_en": "Berlin",
                "country": "DE",
                "time_zone": "Europe/Berlin",
                "partners_en": "BWA",
            },
        ],
    )


def sign(world, project, event, amount, *, kind="new", date=EVENT_DAY, venue=None, currency=None):
    return services.signing_record(
        project=project,
        date=date,
        amount=Decimal(amount),
        by=world.officer,
        event=event,
        venue=venue or (event.venues.first() if event else None),
        kind=kind,
        currency=currency,
    )
