"""Campaigns, events, venues and signings.

A signing goes through `events.services.signing_record`, like every real one: the project moves
to `signed` through the pipeline and the count-once rule sets what each signing counts. The
default project is one at `negotiating` with everything `signed` requires.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

import factory

from tests.factories.accounts import UserFactory
from tests.factories.core import ZoneFactory
from tests.factories.pipeline import ChainFactory, ProjectFactory
from zoneinvest.accounts.models import Role
from zoneinvest.events.models import AgendaItem, Campaign, Event, Participant, Signing, Venue
from zoneinvest.events.services import signing_record
from zoneinvest.industries.models import Sector
from zoneinvest.pipeline.stages import Stage

EVENT_DAY = dt.date(2023, 5, 18)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    zone = factory.SubFactory(ZoneFactory)
    name_en = factory.Sequence(lambda n: f"Global campaign {n}")
    name_zh_hans = factory.Sequence(lambda n: f"招商行动{n}")
    starts_on = dt.date(2023, 1, 1)
    ends_on = dt.date(2023, 12, 31)
    target_projects = 100
    target_value = Decimal("100000000000")
    currency = "CNY"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    zone = factory.SubFactory(ZoneFactory)
    name_en = factory.Sequence(lambda n: f"Investment conference {n}")
    name_zh_hans = factory.Sequence(lambda n: f"投资促进大会{n}")
    kind = Event.Kind.CONFERENCE
    campaign = None
    date = EVENT_DAY
    time_zone = "Asia/Shanghai"


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    event = factory.SubFactory(EventFactory)
    zone = factory.SelfAttribute("event.zone")
    name_en = factory.Sequence(lambda n: f"Venue {n}")
    role = Venue.Role.MAIN
    city_en = "Chongqing"
    country = "CN"
    time_zone = "Asia/Shanghai"
    position = factory.Sequence(int)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    venue = factory.SubFactory(VenueFactory)
    zone = factory.SelfAttribute("venue.zone")
    title_en = factory.Sequence(lambda n: f"Session {n}")
    starts_at = dt.datetime(2023, 5, 18, 1, 0, tzinfo=dt.UTC)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    venue = factory.SubFactory(VenueFactory)
    event = factory.SelfAttribute("venue.event")
    zone = factory.SelfAttribute("venue.zone")
    role = Participant.Role.SPEAKER
    name = factory.Sequence(lambda n: f"Speaker {n}")


class NegotiatingProjectFactory(ProjectFactory):
    """A project at `negotiating` with every field `signed` requires (written to the table)."""

    stage = Stage.NEGOTIATING
    sector = Sector.MANUFACTURING
    chain = factory.SubFactory(ChainFactory, zone=factory.SelfAttribute("..zone"))
    owner = factory.LazyAttribute(lambda p: UserFactory(role=Role.OFFICER, zones=[p.zone]))
    est_signing_date = EVENT_DAY


class SigningFactory(factory.Factory):
    """A signing recorded through `signing_record` (pass `venue` or `event`, or neither)."""

    class Meta:
        model = Signing
        exclude = ("zone",)

    venue = None
    event = factory.LazyAttribute(lambda s: s.venue.event if s.venue is not None else None)
    zone = factory.Maybe(
        "event",
        yes_declaration=factory.SelfAttribute("event.zone"),
        no_declaration=factory.SubFactory(ZoneFactory),
    )
    project = factory.SubFactory(NegotiatingProjectFactory, zone=factory.SelfAttribute("..zone"))
    date = factory.LazyAttribute(lambda s: s.event.date if s.event is not None else EVENT_DAY)
    amount = factory.LazyAttribute(lambda s: s.project.total_investment)
    by = factory.LazyAttribute(lambda s: s.project.owner)
    kind = Signing.Kind.NEW

    @classmethod
    def _build(cls, model_class: type[Signing], *args: Any, **kwargs: Any) -> Signing:
        raise NotImplementedError("A signing is only ever recorded: use SigningFactory().")

    @classmethod
    def _create(cls, model_class: type[Signing], *args: Any, **kwargs: Any) -> Signing:
        return signing_record(**kwargs)
