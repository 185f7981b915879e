from decimal import Decimal

import factory

from tests.factories.core import ZoneFactory
from zoneinvest.industries.models import IndustryChain, Sector
from zoneinvest.pipeline.models import Activity, Company, Contact, Project, Task
from zoneinvest.pipeline.services import company_normalize_name


class ChainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndustryChain

    zone = factory.SubFactory(ZoneFactory)
    code = factory.Sequence(lambda n: f"chain-{n}")
    name_en = factory.Sequence(lambda n: f"Chain {n}")
    name_zh_hans = factory.Sequence(lambda n: f"产业链{n}")
    sector = Sector.MANUFACTURING


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    zone = factory.SubFactory(ZoneFactory)
    name_en = factory.Sequence(lambda n: f"Company {n} GmbH")
    name_zh_hans = factory.Sequence(lambda n: f"公司{n}")
    normalized_name = factory.LazyAttribute(lambda c: company_normalize_name(c.name_en))
    country = "DE"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    company = factory.SubFactory(CompanyFactory)
    zone = factory.LazyAttribute(lambda c: c.company.zone)
    name = factory.Sequence(lambda n: f"Contact {n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project at `lead` written straight to the table (use the services in flow tests)."""

    class Meta:
        model = Project

    zone = factory.SubFactory(ZoneFactory)
    title_en = factory.Sequence(lambda n: f"Project {n}")
    title_zh_hans = factory.Sequence(lambda n: f"项目{n}")
    company = factory.SubFactory(CompanyFactory, zone=factory.SelfAttribute("..zone"))
    total_investment = Decimal("100000000")
    currency = "CNY"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    project = factory.SubFactory(ProjectFactory)
    company = factory.LazyAttribute(lambda a: a.project.company)
    zone = factory.LazyAttribute(lambda a: a.project.zone)
    kind = Activity.Kind.MEETING
    date = factory.Faker("date_between", start_date="-1y", end_date="today")


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    project = factory.SubFactory(ProjectFactory)
    zone = factory.LazyAttribute(lambda t: t.project.zone)
    title = factory.Sequence(lambda n: f"Follow up {n}")
    due_date = factory.Faker("date_between", start_date="-10d", end_date="+30d")
