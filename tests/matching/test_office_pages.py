"""Matching in the office: a project's best parks and policies with their reasons, a gap's
targets ranked by the matching, and the weights a director tunes (saved, audited, refused when
stale or out of range)."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.accounts import UserFactory
from tests.factories.pipeline import CompanyFactory, ProjectFactory
from tests.factories.places import make_park, make_policy
from zoneinvest.accounts.models import Role
from zoneinvest.core.errors import StaleEdit, ValidationFailed
from zoneinvest.core.models import AuditEvent
from zoneinvest.industries.models import ChainLink
from zoneinvest.matching.criteria import DEFAULT_POINTS, Criterion
from zoneinvest.matching.models import Weight
from zoneinvest.matching.selectors import match_companies
from zoneinvest.matching.services import WeightsNotAllowed, weights_update
from zoneinvest.pipeline.models import Ownership, Project, Source
from zoneinvest.pipeline.stages import Stage

pytestmark = pytest.mark.django_db

BILLION = Decimal(10) ** 9


@pytest.fixture
def zone(world):
    """Three links of the NEV chain, three parks, a cell maker operating in the Auto park."""
    links = {
        code: ChainLink.objects.create(
            zone=world.zone,
            chain=world.chain,
            code=code,
            name_en=name,
            name_zh_hans=name_zh,
            position=position,
            order=order,
        )
        for order, (code, name, name_zh, position) in enumerate(
            [
                ("materials", "Battery materials", "电池材料", "upstream"),
                ("cells", "Cells and packs", "电芯与电池包", "midstream"),
                ("assembly", "Vehicle assembly", "整车", "downstream"),
            ]
        )
    }
    from tests.factories.pipeline import ChainFactory

    electronics = ChainFactory(zone=world.zone, code="electronics", name_en="Electronics")
    parks = {
        "rail": make_park(
            world.zone,
            slug="rail",
            name_en="Rail Park",
            focus_chains=[world.chain],
            free_land_mu=Decimal(200),
            position=1,
        ),
        "auto": make_park(
            world.zone,
            slug="auto",
            name_en="Auto Park",
            focus_chains=[world.chain],
            free_land_mu=Decimal(1000),
            position=2,
        ),
        "chips": make_park(
            world.zone,
            slug="chips",
            name_en="Chips Park",
            focus_chains=[electronics],
            free_land_mu=Decimal(50),
            position=3,
        ),
    }
    cell_maker = CompanyFactory(zone=world.zone, name_en="CellCo", chain=world.chain)
    ProjectFactory(
        zone=world.zone,
        company=cell_maker,
        chain=world.chain,
        link=links["cells"],
        stage=Stage.OPERATING,
        park=parks["auto"],
    )
    return {"links": links, "electronics": electronics, **parks}


@pytest.fixture
def battery(world, zone):
    """A battery plant of a foreign investor: 1 billion yuan, 150 亩, cells of the NEV chain."""
    investor = CompanyFactory(
        zone=world.zone, name_en="Voltstore", ownership=Ownership.FOREIGN, country="DE"
    )
    return ProjectFactory(
        zone=world.zone,
        title_en="Battery plant",
        company=investor,
        chain=world.chain,
        link=zone["links"]["cells"],
        total_investment=BILLION,
        land_mu=Decimal(150),
        owner=world.officer,
    )


def _page(client, project) -> str:
    response = client.get(reverse("office:project_detail", args=[project.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str) -> str:
    start = html.index('id="best-fit"')
    return html[start : html.index("</section>", start)]


def _order(html: str, *names: str) -> list[str]:
    return sorted(names, key=html.index)


# ---------------------------------------------------------------- the project page


def test_the_project_page_ranks_the_parks_with_the_reasons_from_the_records(
    world, zone, battery, client_for
):
    html = _section(_page(client_for(world.officer), battery))
    assert _order(html, "Auto Park", "Rail Park", "Chips Park") == [
        "Auto Park",  # 25 focus + 20 land + 15 CellCo in the same link
        "Rail Park",  # 25 + 20
        "Chips Park",  # −10 another chain, −30 not enough land
    ]
    assert "Score +60" in html
    assert "Score +45" in html
    assert "Score −40" in html
    auto = html[html.index("Auto Park") : html.index("Rail Park")]
    assert "Intelligent connected NEVs is a focus chain of this park." in auto
    assert "1,000 亩 of land available; 150 亩 needed." in auto
    assert "Companies of “Cells and packs” are here: CellCo." in auto
    chips = html[html.index("Chips Park") :]
    assert "✗" in chips
    assert "Only 50 亩 of land available; 150 亩 needed." in chips
    assert "−30" in chips
    assert "For a better match" not in html  # chain, link, land, investment, investor: all there


def test_the_project_page_lists_the_policies_it_may_get_with_their_deciding_conditions(
    world, zone, battery, client_for
):
    make_policy(world.zone, slug="open", title_en="Open subsidy")
    make_policy(world.zone, slug="foreign", title_en="Foreign fund", company_types=["foreign"])
    make_policy(world.zone, slug="big", title_en="Big projects", min_investment=2 * BILLION)
    make_policy(world.zone, slug="chips", title_en="Chips only", chains=[zone["electronics"]])
    thin = ProjectFactory(
        zone=world.zone, title_en="Unknown plant", company=None, total_investment=None
    )
    make_policy(world.zone, slug="large", title_en="Large ones", min_investment=BILLION)

    html = _section(_page(client_for(world.officer), battery))
    assert "Open subsidy" in html
    assert "Foreign fund" in html
    assert "Large ones" in html
    assert "Only for: Foreign-invested." in html
    assert "Needs at least 1 billion yuan; planned: 1 billion yuan." in html
    assert "Big projects" not in html
    assert "Chips only" not in html
    assert "2 other policies do not apply." in html

    html = _section(_page(client_for(world.officer), thin))
    assert "Needs checking" in html
    assert "Needs an investment of at least 1 billion yuan." in html


def test_a_thin_record_says_what_to_fill_in_for_a_better_match(world, zone, client_for):
    thin = ProjectFactory(
        zone=world.zone, title_en="Unknown plant", company=None, total_investment=None
    )
    html = _section(_page(client_for(world.officer), thin))
    assert (
        "For a better match, fill in the project’s industry chain, chain link, land need (mu), "
        "total investment and investor." in html
    )
    assert reverse("office:project_edit", args=[thin.pk]) in html
    assert "Rail Park" in html  # parks are listed all the same


def test_the_project_page_reads_in_chinese(world, zone, battery, client_for):
    html = client_for(world.officer).get(f"/zh-hans/office/projects/{battery.pk}/")
    html = html.content.decode()
    assert '<html lang="zh-hans">' in html
    section = _section(html)
    assert _order(section, "auto园区", "rail园区") == [
        "auto园区",
        "rail园区",
    ]  # their Chinese names
    assert "1,000 亩" in section


def test_the_project_page_costs_the_same_queries_with_many_parks_and_policies(
    world, zone, battery, client_for
):
    client = client_for(world.officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            _page(client, battery)
        return len(captured)

    make_policy(world.zone, slug="one", chains=[world.chain])
    few = count()
    for i in range(6):
        park = make_park(world.zone, slug=f"more-{i}", focus_chains=[world.chain])
        make_policy(world.zone, slug=f"more-{i}", chains=[world.chain, zone["electronics"]])
        company = CompanyFactory(zone=world.zone, name_en=f"Maker {i}")
        ProjectFactory(
            zone=world.zone,
            company=company,
            chain=world.chain,
            link=zone["links"]["materials"],
            stage=Stage.OPERATING,
            park=park,
        )
    assert count() == few


def test_a_changed_weight_changes_the_order_on_the_project_page(world, zone, battery, client_for):
    director = client_for(world.director)
    data = _weights_data(Criterion.PARK_SAME_LINK, -20)
    response = director.post(reverse("office:matching_weights"), data)
    assert response.status_code == 302
    html = _section(_page(client_for(world.officer), battery))
    assert _order(html, "Auto Park", "Rail Park") == ["Rail Park", "Auto Park"]
    assert "Score +25" in html  # Auto Park: 25 + 20 − 20


def test_officers_set_the_projects_park_from_the_zones_parks(world, zone, battery, client_for):
    elsewhere = make_park(world.other_zone, slug="elsewhere", name_en="Elsewhere Park")
    client = client_for(world.officer)
    form = client.get(reverse("office:project_edit", args=[battery.pk])).context["form"]
    assert set(form.fields["park"].queryset) == {zone["rail"], zone["auto"], zone["chips"]}
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name in form.fields
    }
    data.update(park=zone["rail"].pk, title_en=battery.title_en, version=battery.version)
    data["company"] = battery.company_id
    data["chain"] = battery.chain_id
    data["link"] = battery.link_id
    data["owner"] = battery.owner_id
    response = client.post(reverse("office:project_edit", args=[battery.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    battery.refresh_from_db()
    assert battery.park == zone["rail"]
    html = _section(_page(client, battery))
    assert "This project’s park" in html
    data.update(park=elsewhere.pk, version=battery.version)
    response = client.post(reverse("office:project_edit", args=[battery.pk]), data)
    assert response.status_code == 200
    assert "park" in response.context["form"].errors


# ---------------------------------------------------------------- a gap's targets


def test_a_gaps_targets_are_ranked_by_the_matching_with_their_reasons(world, zone, client_for):
    gap = zone["links"]["materials"]
    CompanyFactory(zone=world.zone, name_en="Lithium AG", chain=world.chain, link=gap)
    CompanyFactory(
        zone=world.zone,
        name_en="Giant Cathode SE",
        chain=world.chain,
        link=gap,
        fortune_global_500_rank=101,
    )
    CompanyFactory(
        zone=world.zone, name_en="Packs Ltd", chain=world.chain, link=zone["links"]["cells"]
    )
    CompanyFactory(zone=world.zone, name_en="Unrelated Co")
    html = client_for(world.officer).get(reverse("office:gap_targets", args=[gap.pk]))
    html = html.content.decode()
    ranked = [m.record.name_en for m in match_companies(user=world.officer, link=gap)]
    assert ranked == ["Giant Cathode SE", "Lithium AG", "Packs Ltd"]
    assert _order(html, *ranked) == ranked
    assert "Unrelated Co" not in html
    assert "Works in “Battery materials”, the gap." in html
    assert "Fortune Global 500, rank 101." in html
    assert "Works in “Cells and packs” of the same chain." in html
    assert re.search(r'<span class="score">56</span>', html)  # 40 + 20 × 400 ÷ 500


def test_a_company_of_another_link_of_the_chain_can_be_assigned_to_a_gap(world, zone, client_for):
    gap = zone["links"]["materials"]
    packs = CompanyFactory(
        zone=world.zone, name_en="Packs Ltd", chain=world.chain, link=zone["links"]["cells"]
    )
    response = client_for(world.officer).post(
        reverse("office:gap_target_assign", args=[gap.pk]),
        {"company": packs.pk, "owner": world.officer2.pk},
    )
    lead = Project.objects.get(company=packs)
    assert response["Location"] == reverse("office:project_detail", args=[lead.pk])
    assert (lead.link, lead.source, lead.owner) == (gap, Source.CHAIN_GAP, world.officer2)


def test_a_company_already_in_the_pipeline_is_not_assigned_twice(world, zone, client_for):
    gap = zone["links"]["materials"]
    client = client_for(world.officer)
    response = client.post(
        reverse("office:gap_target_assign", args=[gap.pk]),
        {"company": world.company.pk, "owner": world.officer.pk},  # Bosch: a lead already
    )
    assert response.status_code == 302
    assert Project.objects.filter(company=world.company).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "no longer a target" in page


# ---------------------------------------------------------------- the weights page


def _weights_data(criterion: str, points: int, seen: dict | None = None, zone=None) -> dict:
    data = {}
    for c in Criterion:
        shown = (seen or DEFAULT_POINTS)[c]
        data[c.value] = str(shown)
        data[f"seen_{c.value}"] = str(shown)
    data[criterion] = str(points)
    if zone is not None:
        data["zone"] = str(zone.pk)
    return data


def test_the_weights_page_lists_every_criterion_with_its_default(world, client_for):
    response = client_for(world.director).get(reverse("office:matching_weights"))
    html = response.content.decode()
    for criterion in Criterion:
        assert f'name="{criterion.value}"' in html
        assert f'name="seen_{criterion.value}"' in html
    assert "Park: companies of the investor&#x27;s link are here" in html
    assert 'max="100"' in html
    assert 'min="-100"' in html
    assert "Liangjiang New Area" in html


def test_a_director_saves_the_weights_and_the_change_is_audited(world, client_for):
    response = client_for(world.director).post(
        reverse("office:matching_weights"), _weights_data(Criterion.PARK_SAME_LINK, 40)
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?zone={world.zone.pk}")
    assert list(Weight.objects.values_list("zone", "criterion", "points")) == [
        (world.zone.pk, "park_same_link", 40)
    ]
    event = AuditEvent.objects.get(verb="matching.weights.updated")
    assert (event.zone, event.actor, event.changes) == (
        world.zone,
        world.director,
        {"park_same_link": [15, 40]},
    )


def test_a_stale_save_is_refused_with_a_message_and_nothing_is_overwritten(world, client_for):
    opened = _weights_data(Criterion.PARK_SAME_LINK, -5)  # the page showed the defaults
    weights_update(
        zone=world.zone,
        points={Criterion.PARK_SAME_LINK: 30, Criterion.PARK_MOTIVATION: 9},
        expected={},
        by=world.admin,
    )
    response = client_for(world.director).post(reverse("office:matching_weights"), opened)
    assert response.status_code == 200
    assert dict(Weight.objects.values_list("criterion", "points")) == {
        "park_same_link": 30,
        "park_motivation": 9,
    }
    messages = [str(m) for m in response.context["messages"]]
    assert any("changed these weights after you opened the page" in m for m in messages)
    assert any(world.admin.display_name in m or "admin" in m.lower() for m in messages)
    form = response.context["form"]
    assert "Changed by someone else to 30" in str(form.errors["park_same_link"])
    # what this director typed stays; what they left alone now shows the colleague's points
    assert form["park_same_link"].value() == "-5"
    assert form["park_motivation"].value() == "9"
    assert form["seen_park_same_link"].value() == "30"
    assert AuditEvent.objects.filter(verb="matching.weights.updated").count() == 1


def test_out_of_range_points_are_refused_with_a_field_error(world, client_for):
    response = client_for(world.director).post(
        reverse("office:matching_weights"), _weights_data(Criterion.COMPANY_SAME_LINK, 101)
    )
    assert response.status_code == 200
    assert "company_same_link" in response.context["form"].errors
    assert "less than or equal to 100" in response.content.decode()
    assert not Weight.objects.exists()


def test_a_director_of_several_zones_picks_the_zone(world, client_for):
    director = UserFactory(role=Role.DIRECTOR, zones=[world.zone, world.other_zone])
    client = client_for(director)
    html = client.get(reverse("office:matching_weights"), {"zone": world.other_zone.pk})
    html = html.content.decode()
    assert "Elsewhere Zone" in html
    assert 'id="zone-pick"' in html
    response = client.post(
        reverse("office:matching_weights"),
        _weights_data(Criterion.PARK_FOCUS_CHAIN, 50, zone=world.other_zone),
    )
    assert response.status_code == 302
    assert Weight.objects.get().zone == world.other_zone


def test_another_zones_weights_are_not_found(world, client_for):
    client = client_for(world.outsider)
    url = reverse("office:matching_weights")
    assert client.get(url, {"zone": world.zone.pk}).status_code == 404
    data = _weights_data(Criterion.PARK_FOCUS_CHAIN, 50, zone=world.zone)
    assert client.post(url, data).status_code == 404
    assert not Weight.objects.exists()


@pytest.mark.parametrize("role", ["officer", "analyst"])
def test_other_staff_may_not_change_the_weights(world, client_for, role):
    response = client_for(world.user(role)).post(
        reverse("office:matching_weights"), _weights_data(Criterion.PARK_FOCUS_CHAIN, 50)
    )
    assert response.status_code == 403
    assert not Weight.objects.exists()


def test_the_weights_service_refuses_the_wrong_person_an_unknown_criterion_and_a_stale_copy(
    world,
):
    with pytest.raises(WeightsNotAllowed):
        weights_update(
            zone=world.zone, points={"park_focus_chain": 1}, expected={}, by=world.officer
        )
    with pytest.raises(WeightsNotAllowed):  # a director of another zone
        weights_update(
            zone=world.zone, points={"park_focus_chain": 1}, expected={}, by=world.outsider
        )
    with pytest.raises(ValidationFailed) as refused:
        weights_update(
            zone=world.zone,
            points={"teleport": 5, "park_focus_chain": -101},
            expected={},
            by=world.director,
        )
    assert set(refused.value.details["fields"]) == {"teleport", "park_focus_chain"}
    weights_update(zone=world.zone, points={"park_focus_chain": 30}, expected={}, by=None)
    with pytest.raises(StaleEdit) as stale:
        weights_update(
            zone=world.zone,
            points={"park_other_chain": -5},
            expected={"park_focus_chain": 25, "park_other_chain": -10},
            by=world.director,
        )
    assert stale.value.details["changed"] == ["park_focus_chain"]
    assert Weight.objects.get().points == 30
    unchanged = weights_update(
        zone=world.zone, points={"park_focus_chain": 30}, expected={}, by=world.director
    )
    assert unchanged["park_focus_chain"] == 30
    assert AuditEvent.objects.filter(verb="matching.weights.updated").count() == 1
