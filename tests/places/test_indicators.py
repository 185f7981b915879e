from decimal import Decimal

import pytest

from zoneinvest.core.errors import ValidationFailed
from zoneinvest.places.models import Indicator
from zoneinvest.places.selectors import indicator_shares
from zoneinvest.places.services import indicator_set, indicators_import_csv


def _set(world, kind, area, value, year=2022):
    return indicator_set(
        zone=world.zone,
        kind=kind,
        area=area,
        year=year,
        value=Decimal(value),
        unit="u",
        source="test",
        by=world.analyst,
    )


def test_a_share_is_computed_from_the_zone_and_city_records_and_follows_them(world):
    _set(world, "economic_output", "zone", "4381")
    _set(world, "economic_output", "city", "29129")
    (share,) = indicator_shares(zone=world.zone)
    assert share.percent == Decimal("15.0")
    _set(world, "economic_output", "zone", "5826")  # a corrected record
    (share,) = indicator_shares(zone=world.zone)
    assert share.percent == Decimal("20.0")
    assert share.zone.value == Decimal("5826")


def test_small_shares_keep_two_decimals(world):
    _set(world, "land_area", "zone", "1200")
    _set(world, "land_area", "city", "82400")
    assert indicator_shares(zone=world.zone)[0].percent == Decimal("1.46")


def test_the_latest_year_with_both_records_is_used(world):
    _set(world, "trade", "zone", "30", year=2021)
    _set(world, "trade", "city", "100", year=2021)
    _set(world, "trade", "zone", "40", year=2022)  # no city figure yet for 2022
    (share,) = indicator_shares(zone=world.zone)
    assert (share.year, share.percent) == (2021, Decimal("30.0"))


def test_a_csv_with_one_bad_row_imports_nothing_and_names_every_bad_row(world):
    content = (
        "kind,area,year,value,unit,source\n"
        "trade,zone,2022,2447,100 million yuan,stats\n"
        "gdp,zone,2022,1,x,y\n"
        "trade,city,twenty,8158,100 million yuan,stats\n"
    )
    with pytest.raises(ValidationFailed) as caught:
        indicators_import_csv(zone=world.zone, content=content, by=world.analyst)
    assert set(caught.value.details["fields"]) == {"row 3", "row 4"}
    assert not Indicator.objects.exists()


def test_a_good_csv_imports_every_row(world):
    content = (
        "kind,area,year,value,unit,source\ntrade,zone,2022,2447,u,s\ntrade,city,2022,8158,u,s\n"
    )
    assert indicators_import_csv(zone=world.zone, content=content, by=world.analyst) == 2
    assert indicator_shares(zone=world.zone)[0].percent == Decimal("30.0")
