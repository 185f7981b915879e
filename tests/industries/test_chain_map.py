from tests.factories.pipeline import CompanyFactory, ProjectFactory
from zoneinvest.industries.chain_map import chain_map, gap_target_assign, gap_targets
from zoneinvest.industries.services import link_create
from zoneinvest.pipeline.models import Source


def _links(world):
    cells = link_create(
        chain=world.chain,
        code="cells",
        name_en="Cells",
        name_zh="电芯",
        position="midstream",
        by=world.director,
    )
    charging = link_create(
        chain=world.chain,
        code="charging",
        name_en="Charging",
        name_zh="充电",
        position="downstream",
        order=1,
        by=world.director,
    )
    return cells, charging


def test_a_link_with_an_operating_company_is_present_and_one_without_is_a_gap(world):
    cells, charging = _links(world)
    maker = CompanyFactory(zone=world.zone, link=cells)
    ProjectFactory(zone=world.zone, company=maker, chain=world.chain, link=cells, stage="operating")
    ProjectFactory(zone=world.zone, chain=world.chain, link=charging, stage="negotiating")
    rows = {row.link.code: row for row in chain_map(user=world.officer, chain=world.chain).links}
    assert rows["cells"].present == [maker]
    assert not rows["cells"].is_gap
    assert rows["charging"].is_gap
    assert len(rows["charging"].pipeline) == 1


def test_a_gap_lists_companies_of_the_link_not_yet_in_the_zone_largest_first(world):
    _cells, charging = _links(world)
    small = CompanyFactory(zone=world.zone, link=charging, name_en="Small Charge")
    big = CompanyFactory(
        zone=world.zone, link=charging, name_en="Big Charge", fortune_global_500_rank=12
    )
    busy = CompanyFactory(zone=world.zone, link=charging, name_en="Busy Charge")
    ProjectFactory(zone=world.zone, company=busy, link=charging, stage="qualified")
    assert gap_targets(user=world.officer, link=charging) == [big, small]


def test_assigning_a_target_opens_a_lead_with_its_source_and_link(world):
    _cells, charging = _links(world)
    target = CompanyFactory(zone=world.zone, link=charging)
    lead = gap_target_assign(link=charging, company=target, owner=world.officer2, by=world.director)
    assert (lead.stage, lead.source, lead.link, lead.chain) == (
        "lead",
        Source.CHAIN_GAP,
        charging,
        world.chain,
    )
    assert lead.owner == world.officer2
    assert gap_targets(user=world.officer, link=charging) == []
