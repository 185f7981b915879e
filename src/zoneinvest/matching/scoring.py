"""Scores that explain themselves: an investor's profile against parks and opportunities, and a
small eligibility engine for policies.

Everything here is pure: it reads the records it is given and a `Facts` of the zone (chains,
links, who is present in which park, the weights) and returns each record with its score and
the reasons, one per criterion that counted, in the active language. The selectors
(`matching.selectors`) read the records; the same functions serve the portal, the office and
the API.
"""

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zoneinvest.core.i18n import join_words
from zoneinvest.core.money import Money, format_money, is_chinese
from zoneinvest.industries.models import ChainLink, IndustryChain
from zoneinvest.matching.criteria import Criterion
from zoneinvest.matching.profile import InvestorProfile, Motivation
from zoneinvest.pipeline.models import Ownership
from zoneinvest.places.models import Facility, Park, Policy
from zoneinvest.portal.models import AmountBand, Opportunity

TRADE_FACILITIES = (Facility.BONDED, Facility.RAIL_FREIGHT, Facility.RIVER_PORT, Facility.AIRPORT)

# The investment each band of an opportunity stands for, in yuan: [from, below).
BANDS: dict[str, tuple[Decimal, Decimal | None]] = {
    AmountBand.UNDER_100M: (Decimal(0), Decimal(10) ** 8),
    AmountBand.FROM_100M: (Decimal(10) ** 8, Decimal(10) ** 9),
    AmountBand.FROM_1B: (Decimal(10) ** 9, Decimal(5) * Decimal(10) ** 9),
    AmountBand.OVER_5B: (Decimal(5) * Decimal(10) ** 9, None),
}


@dataclass(frozen=True)
class Reason:
    criterion: str
    points: int
    text: str


@dataclass
class Match:
    """A record (park, opportunity) with its score and the reasons that make it."""

    record: Any
    reasons: list[Reason] = field(default_factory=list)

    @property
    def score(self) -> int:
        return sum(reason.points for reason in self.reasons)

    @property
    def raised(self) -> list[Reason]:
        return [r for r in self.reasons if r.points > 0]

    @property
    def lowered(self) -> list[Reason]:
        return [r for r in self.reasons if r.points < 0]


@dataclass
class Facts:
    """What scoring needs to know of a zone, read once per request by the selectors."""

    weights: dict[str, int]
    chains: dict[str, IndustryChain] = field(default_factory=dict)  # by code
    links: dict[tuple[str, str], ChainLink] = field(default_factory=dict)  # (chain, link) codes
    neighbours: dict[int, list[ChainLink]] = field(default_factory=dict)  # link id → adjacent
    # park id → link id → (English, Chinese) names of the companies present (registered or later)
    present: dict[int, dict[int, list[tuple[str, str]]]] = field(default_factory=dict)
    focus: dict[int, set[int]] = field(default_factory=dict)  # park id → focus chain ids
    middle_land_price: Decimal | None = None  # the median of the parks' lowest prices

    def chain(self, profile: InvestorProfile) -> IndustryChain | None:
        return self.chains.get(profile.chain)

    def link(self, profile: InvestorProfile) -> ChainLink | None:
        return self.links.get((profile.chain, profile.link))


def middle_price(parks: Iterable[Park]) -> Decimal | None:
    prices = [park.land_price_min for park in parks if park.land_price_min]
    return Decimal(statistics.median(prices)) if prices else None


def _mu(value: Decimal) -> str:
    """150 → "150", 1850.0 → "1,850", 12.5 → "12.5" (亩 are shown as the records hold them)."""
    number = value.normalize()
    return f"{number:,f}" if number == number.to_integral_value() else f"{number:,}"


def _yuan(amount: Decimal) -> str:
    return format_money(Money(amount, "CNY"))


def _names(names: list[tuple[str, str]], at_most: int = 3) -> str:
    """Companies by their name in the active language (English when it has no Chinese name)."""
    chinese = is_chinese()
    local = [(zh if chinese and zh else en) for en, zh in names]
    shown = join_words(local[:at_most])
    if len(local) <= at_most:
        return shown
    return gettext("%(names)s and %(n)d more") % {"names": shown, "n": len(local) - at_most}


def _sentence(text: str) -> str:
    """A sentence ending in a name that ends in a full stop ("… Co., Ltd.") gets one stop."""
    return text[:-1] if text.endswith("..") else text


class _Reasons:
    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.found: list[Reason] = []

    def add(self, criterion: Criterion, text: str) -> None:
        self.found.append(Reason(str(criterion), self.facts.weights[criterion], text))


# ---------------------------------------------------------------- parks


def score_park(profile: InvestorProfile, park: Park, facts: Facts) -> Match:
    found = _Reasons(facts)
    _park_chain(profile, park, facts, found)
    _park_land(profile, park, found)
    facilities = set(park.facilities or [])
    for code in profile.needed_facilities():
        label = Facility(code).label
        if code in facilities:
            found.add(Criterion.PARK_FACILITY, gettext("Has: %(facility)s.") % {"facility": label})
        else:
            found.add(
                Criterion.PARK_FACILITY_MISSING,
                gettext("Lacks: %(facility)s.") % {"facility": label},
            )
    _park_price(profile, park, found)
    present = _park_presence(profile, park, facts, found)
    _park_motivations(profile, park, facts, present, found)
    return Match(park, found.found)


def _park_chain(profile: InvestorProfile, park: Park, facts: Facts, found: _Reasons) -> None:
    chain = facts.chain(profile)
    if chain is None:
        return
    if chain.pk in facts.focus.get(park.pk, set()):
        found.add(
            Criterion.PARK_FOCUS_CHAIN,
            gettext("%(chain)s is a focus chain of this park.") % {"chain": chain.name},
        )
    else:
        found.add(
            Criterion.PARK_OTHER_CHAIN,
            gettext("%(chain)s is not among this park's focus chains.") % {"chain": chain.name},
        )


def _park_land(profile: InvestorProfile, park: Park, found: _Reasons) -> None:
    if not profile.needs_land:
        return
    need = profile.land_mu
    assert need is not None  # noqa: S101 - needs_land says so
    free = park.free_land_mu or Decimal(0)
    if free <= 0 and park.land_price_min is None:
        found.add(Criterion.PARK_NO_LAND, gettext("No land for sale here: ready buildings only."))
    elif free >= need:
        found.add(
            Criterion.PARK_LAND_ENOUGH,
            gettext("%(free)s 亩 of land available; %(need)s 亩 needed.")
            % {"free": _mu(free), "need": _mu(need)},
        )
    else:
        found.add(
            Criterion.PARK_LAND_SHORT,
            gettext("Only %(free)s 亩 of land available; %(need)s 亩 needed.")
            % {"free": _mu(free), "need": _mu(need)},
        )


def _park_price(profile: InvestorProfile, park: Park, found: _Reasons) -> None:
    budget = profile.max_land_price
    if budget is None or not profile.needs_land or park.land_price_min is None:
        return
    values = {"price": _yuan(park.land_price_min), "budget": _yuan(budget)}
    if park.land_price_min <= budget:
        found.add(
            Criterion.PARK_PRICE_WITHIN,
            gettext("Land from %(price)s per 亩, within the budget of %(budget)s.") % values,
        )
    else:
        found.add(
            Criterion.PARK_PRICE_ABOVE,
            gettext("Land from %(price)s per 亩, above the budget of %(budget)s.") % values,
        )


def _park_presence(profile: InvestorProfile, park: Park, facts: Facts, found: _Reasons) -> bool:
    link = facts.link(profile)
    if link is None:
        return False
    here = facts.present.get(park.pk, {})
    same = here.get(link.pk, [])
    if same:
        found.add(
            Criterion.PARK_SAME_LINK,
            _sentence(
                gettext("Companies of “%(link)s” are here: %(names)s.")
                % {"link": link.name, "names": _names(same)}
            ),
        )
    near = [(n, here[n.pk]) for n in facts.neighbours.get(link.pk, []) if here.get(n.pk)]
    if near:
        found.add(
            Criterion.PARK_ADJACENT_LINK,
            gettext("Suppliers or customers of the neighbouring links are here: %(links)s.")
            % {
                "links": join_words(
                    f"{neighbour.name} ({_names(names)})" for neighbour, names in near
                )
            },
        )
    return bool(same or near)


def _park_motivations(
    profile: InvestorProfile, park: Park, facts: Facts, present: bool, found: _Reasons
) -> None:
    facilities = set(park.facilities or [])
    for motivation in profile.motivations:
        text = ""
        if motivation == Motivation.COST:
            middle = facts.middle_land_price
            if park.land_price_min and middle and park.land_price_min <= middle:
                text = gettext(
                    "Lower costs: land from %(price)s per 亩, at or below the zone's middle price."
                ) % {"price": _yuan(park.land_price_min)}
        elif motivation == Motivation.RELOCATION:
            if Facility.STANDARD_FACTORIES in facilities:
                text = gettext("Moving production: standard factory buildings for a quick start.")
        elif motivation == Motivation.MARKET:
            trade = [str(Facility(code).label) for code in TRADE_FACILITIES if code in facilities]
            if trade:
                text = gettext("Reaching Asian markets: %(links)s.") % {"links": join_words(trade)}
        elif motivation == Motivation.SUPPLY_CHAIN and present:
            text = gettext("Close to suppliers and customers: their companies are in this park.")
        if text:
            found.add(Criterion.PARK_MOTIVATION, text)


# ---------------------------------------------------------------- opportunities


def score_opportunity(profile: InvestorProfile, opportunity: Opportunity, facts: Facts) -> Match:
    found = _Reasons(facts)
    chain = facts.chain(profile)
    if chain is not None:
        if opportunity.chain_id == chain.pk:
            found.add(
                Criterion.OPPORTUNITY_SAME_CHAIN,
                gettext("In the same chain: %(chain)s.") % {"chain": chain.name},
            )
            link = facts.link(profile)
            if link is not None and opportunity.link_id == link.pk:
                found.add(
                    Criterion.OPPORTUNITY_SAME_LINK,
                    gettext("In the same link: %(link)s.") % {"link": link.name},
                )
        else:
            found.add(
                Criterion.OPPORTUNITY_OTHER_CHAIN,
                gettext("In another chain: %(chain)s.") % {"chain": opportunity.chain.name},
            )
    if profile.investment is not None and opportunity.amount_band in BANDS:
        low, high = BANDS[opportunity.amount_band]
        values = {
            "band": AmountBand(opportunity.amount_band).label,
            "amount": _yuan(profile.investment),
        }
        if low <= profile.investment and (high is None or profile.investment < high):
            found.add(
                Criterion.OPPORTUNITY_AMOUNT_FITS,
                gettext("Investment sought: %(band)s; planned: %(amount)s.") % values,
            )
        else:
            found.add(
                Criterion.OPPORTUNITY_AMOUNT_OFF,
                gettext("Investment sought: %(band)s; planned: %(amount)s.") % values,
            )
    if profile.needs_land and opportunity.land_mu is not None:
        need = profile.land_mu
        assert need is not None  # noqa: S101 - needs_land says so
        values = {"site": _mu(opportunity.land_mu), "need": _mu(need)}
        if opportunity.land_mu >= need:
            found.add(
                Criterion.OPPORTUNITY_LAND_FITS,
                gettext("A site of %(site)s 亩; %(need)s 亩 needed.") % values,
            )
        else:
            found.add(
                Criterion.OPPORTUNITY_LAND_SHORT,
                gettext("A site of only %(site)s 亩; %(need)s 亩 needed.") % values,
            )
    return Match(opportunity, found.found)


# ---------------------------------------------------------------- policies


class Verdict(models.TextChoices):
    ELIGIBLE = "eligible", _("Eligible")
    CHECK = "check", _("Needs checking")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")


@dataclass(frozen=True)
class Condition:
    met: bool | None  # None: the profile does not say
    text: str


@dataclass
class Eligibility:
    record: Policy
    conditions: list[Condition]

    @property
    def verdict(self) -> Verdict:
        if any(c.met is False for c in self.conditions):
            return Verdict.NOT_ELIGIBLE
        if any(c.met is None for c in self.conditions):
            return Verdict.CHECK
        return Verdict.ELIGIBLE

    @property
    def reasons(self) -> list[Condition]:
        """The conditions that decide: those not met, else those unknown, else all."""
        for wanted in (False, None):
            deciding = [c for c in self.conditions if c.met is wanted]
            if deciding:
                return deciding
        return self.conditions


VERDICT_ORDER = {Verdict.ELIGIBLE: 0, Verdict.CHECK: 1, Verdict.NOT_ELIGIBLE: 2}


def _day(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT")


def eligibility(policy: Policy, profile: InvestorProfile, *, on: dt.date) -> Eligibility:
    """Each structured condition of `policy` against `profile`: met, not met, or unknown.
    `policy.chains` must be prefetched (one query for a list)."""
    return Eligibility(policy, [_in_force(policy, on), *who_qualifies(policy, profile)])


def who_qualifies(policy: Policy, profile: InvestorProfile) -> list[Condition]:
    """The conditions on the investor (chain, minimum investment, company type), without the
    policy's dates: also the portal's incentive finder (places.selectors.policy_fits)."""
    conditions: list[Condition] = []
    chains = list(policy.chains.all())
    if chains:
        names = join_words(chain.name for chain in chains)
        if not profile.chain:
            conditions.append(
                Condition(None, gettext("Only for these chains: %(chains)s.") % {"chains": names})
            )
        elif profile.chain in {chain.code for chain in chains}:
            conditions.append(
                Condition(True, gettext("Open to this chain (%(chains)s).") % {"chains": names})
            )
        else:
            conditions.append(
                Condition(False, gettext("Only for these chains: %(chains)s.") % {"chains": names})
            )
    if policy.min_investment is not None:
        least = _yuan(policy.min_investment)
        if profile.investment is None:
            conditions.append(
                Condition(
                    None, gettext("Needs an investment of at least %(least)s.") % {"least": least}
                )
            )
        elif profile.investment >= policy.min_investment:
            conditions.append(
                Condition(
                    True,
                    gettext("Needs at least %(least)s; planned: %(amount)s.")
                    % {"least": least, "amount": _yuan(profile.investment)},
                )
            )
        else:
            conditions.append(
                Condition(
                    False,
                    gettext("Needs at least %(least)s; planned: %(amount)s.")
                    % {"least": least, "amount": _yuan(profile.investment)},
                )
            )
    if policy.company_types:
        kinds = join_words(Ownership(code).label for code in policy.company_types)
        if not profile.company_type:
            met: bool | None = None
        else:
            met = profile.company_type in policy.company_types
        conditions.append(Condition(met, gettext("Only for: %(kinds)s.") % {"kinds": kinds}))
    return conditions


def _in_force(policy: Policy, on: dt.date) -> Condition:
    """Whether the policy is in force on the day (Policy.in_force_on), said with its dates."""
    until = policy.valid_until
    if policy.in_force_on(on):
        if until is None:
            return Condition(True, gettext("In force, with no end date."))
        return Condition(True, gettext("In force until %(day)s.") % {"day": _day(until)})
    if until is not None and until < on:
        return Condition(False, gettext("Expired on %(day)s.") % {"day": _day(until)})
    return Condition(
        False, gettext("In force only from %(day)s.") % {"day": _day(policy.valid_from)}
    )
