"""What raises or lowers a match, and by how many points unless a director says otherwise.

Every criterion is a code with a label in both languages; its points live in `Weight` rows of a
zone (tuned on the office's weights page), falling back to DEFAULT_POINTS. A criterion that
lowers a score has negative points.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Criterion(models.TextChoices):
    # an investor and a park
    PARK_FOCUS_CHAIN = "park_focus_chain", _("Park: the investor's chain is a focus of the park")
    PARK_OTHER_CHAIN = "park_other_chain", _("Park: the investor's chain is not a focus")
    PARK_LAND_ENOUGH = "park_land_enough", _("Park: enough land available")
    PARK_LAND_SHORT = "park_land_short", _("Park: not enough land available")
    PARK_NO_LAND = "park_no_land", _("Park: no land sold (buildings only)")
    PARK_FACILITY = "park_facility", _("Park: has a facility the investor needs (each)")
    PARK_FACILITY_MISSING = (
        "park_facility_missing",
        _("Park: lacks a facility the investor needs (each)"),
    )
    PARK_PRICE_WITHIN = "park_price_within", _("Park: land price within the investor's budget")
    PARK_PRICE_ABOVE = "park_price_above", _("Park: land price above the investor's budget")
    PARK_SAME_LINK = "park_same_link", _("Park: companies of the investor's link are here")
    PARK_ADJACENT_LINK = (
        "park_adjacent_link",
        _("Park: suppliers or customers (adjacent links) are here"),
    )
    PARK_MOTIVATION = "park_motivation", _("Park: suits one of the investor's motivations (each)")
    # an investor and an opportunity
    OPPORTUNITY_SAME_CHAIN = "opportunity_same_chain", _("Opportunity: the investor's chain")
    OPPORTUNITY_SAME_LINK = "opportunity_same_link", _("Opportunity: the investor's link")
    OPPORTUNITY_OTHER_CHAIN = "opportunity_other_chain", _("Opportunity: another chain")
    OPPORTUNITY_AMOUNT_FITS = "opportunity_amount_fits", _("Opportunity: investment in its band")
    OPPORTUNITY_AMOUNT_OFF = "opportunity_amount_off", _("Opportunity: investment outside its band")
    OPPORTUNITY_LAND_FITS = "opportunity_land_fits", _("Opportunity: its site is large enough")
    OPPORTUNITY_LAND_SHORT = "opportunity_land_short", _("Opportunity: its site is too small")
    # a chain gap and a company
    COMPANY_SAME_LINK = "company_same_link", _("Company: works in the gap's link")
    COMPANY_SAME_CHAIN = "company_same_chain", _("Company: works in another link of the chain")
    COMPANY_FORTUNE_500 = (
        "company_fortune_500",
        _("Company: Fortune Global 500 (rank 1 scores all)"),
    )
    COMPANY_RECENT_CONTACT = "company_recent_contact", _("Company: contacted in the last year")
    COMPANY_LOST_BEFORE = "company_lost_before", _("Company: a project with it was lost")


DEFAULT_POINTS: dict[str, int] = {
    Criterion.PARK_FOCUS_CHAIN: 25,
    Criterion.PARK_OTHER_CHAIN: -10,
    Criterion.PARK_LAND_ENOUGH: 20,
    Criterion.PARK_LAND_SHORT: -30,
    Criterion.PARK_NO_LAND: -40,
    Criterion.PARK_FACILITY: 10,
    Criterion.PARK_FACILITY_MISSING: -15,
    Criterion.PARK_PRICE_WITHIN: 10,
    Criterion.PARK_PRICE_ABOVE: -10,
    Criterion.PARK_SAME_LINK: 15,
    Criterion.PARK_ADJACENT_LINK: 8,
    Criterion.PARK_MOTIVATION: 5,
    Criterion.OPPORTUNITY_SAME_CHAIN: 25,
    Criterion.OPPORTUNITY_SAME_LINK: 20,
    Criterion.OPPORTUNITY_OTHER_CHAIN: -20,
    Criterion.OPPORTUNITY_AMOUNT_FITS: 10,
    Criterion.OPPORTUNITY_AMOUNT_OFF: -10,
    Criterion.OPPORTUNITY_LAND_FITS: 10,
    Criterion.OPPORTUNITY_LAND_SHORT: -15,
    Criterion.COMPANY_SAME_LINK: 40,
    Criterion.COMPANY_SAME_CHAIN: 15,
    Criterion.COMPANY_FORTUNE_500: 20,
    Criterion.COMPANY_RECENT_CONTACT: 10,
    Criterion.COMPANY_LOST_BEFORE: -20,
}

# Points a director may give one criterion, either way.
MAX_POINTS = 100
