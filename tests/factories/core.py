import datetime as dt
from decimal import Decimal

import factory

from zoneinvest.core.models import FxRate, Zone


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"zone-{n}")
    name_en = factory.Sequence(lambda n: f"Zone {n}")
    name_zh_hans = factory.Sequence(lambda n: f"园区{n}")
    parent_city_en = "Chongqing"
    parent_city_zh_hans = "重庆"
    kind = Zone.Kind.NATIONAL_NEW_AREA


class FxRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FxRate

    date = dt.date(2023, 1, 3)
    base = "USD"
    quote = "CNY"
    rate = Decimal("6.8")
    source = "test"
