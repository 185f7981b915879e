"""The referral reward, computed from a rule that is data, and explained line by line.

A project below the rule's minimum size earns nothing. Otherwise the band whose range holds the
base (from `lower` inclusive, below `upper`) gives a rate of the base or a fixed amount; the cap
limits it; and when the rule pays only after capital arrives, nothing is due before it does.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext

from zoneinvest.core.money import Money, format_money

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Band:
    lower: Decimal
    upper: Decimal | None
    rate: Decimal | None  # percent
    fixed: Decimal | None

    def holds(self, amount: Decimal) -> bool:
        return amount >= self.lower and (self.upper is None or amount < self.upper)


@dataclass(frozen=True)
class Rule:
    name: str
    base: str  # "contracted" | "paid_in"
    minimum_project_size: Decimal
    cap: Decimal | None
    payable_after_arrival: bool
    bands: tuple[Band, ...]


@dataclass(frozen=True)
class Inputs:
    project_size: Decimal  # contracted amount (or total investment) in yuan
    contracted: Decimal
    paid_in: Decimal


@dataclass
class Reward:
    rule: Rule
    inputs: Inputs
    base: Decimal = Decimal(0)
    band: Band | None = None
    computed: Decimal = Decimal(0)
    due: Decimal = Decimal(0)
    steps: list[str] = field(default_factory=list)


def _yuan(amount: Decimal) -> str:
    return format_money(Money(amount, "CNY"))


def reward_compute(rule: Rule, inputs: Inputs) -> Reward:
    reward = Reward(rule=rule, inputs=inputs)
    steps = reward.steps
    steps.append(gettext("Rule: %(rule)s.") % {"rule": rule.name})
    if inputs.project_size < rule.minimum_project_size:
        steps.append(
            gettext("Project size %(size)s is below the minimum of %(minimum)s: no reward.")
            % {"size": _yuan(inputs.project_size), "minimum": _yuan(rule.minimum_project_size)}
        )
        return reward
    reward.base = inputs.paid_in if rule.base == "paid_in" else inputs.contracted
    steps.append(
        gettext("Base (%(kind)s): %(amount)s.")
        % {
            "kind": gettext("paid-in capital")
            if rule.base == "paid_in"
            else gettext("contracted amount"),
            "amount": _yuan(reward.base),
        }
    )
    reward.band = next((b for b in rule.bands if b.holds(reward.base)), None)
    if reward.band is None:
        steps.append(gettext("No band of the rule covers this base: no reward."))
        return reward
    if reward.band.rate is not None:
        reward.computed = (reward.base * reward.band.rate / 100).quantize(CENT, ROUND_HALF_UP)
        steps.append(
            gettext("Band from %(lower)s: %(rate)s%% of the base = %(amount)s.")
            % {
                "lower": _yuan(reward.band.lower),
                "rate": f"{reward.band.rate.normalize():f}",
                "amount": _yuan(reward.computed),
            }
        )
    else:
        reward.computed = reward.band.fixed or Decimal(0)
        steps.append(
            gettext("Band from %(lower)s: a fixed %(amount)s.")
            % {"lower": _yuan(reward.band.lower), "amount": _yuan(reward.computed)}
        )
    if rule.cap is not None and reward.computed > rule.cap:
        reward.computed = rule.cap
        steps.append(gettext("Capped at %(cap)s.") % {"cap": _yuan(rule.cap)})
    if rule.payable_after_arrival and inputs.paid_in <= 0:
        steps.append(gettext("Payable only after capital arrives; none has arrived yet."))
        return reward
    reward.due = reward.computed
    steps.append(gettext("Due: %(amount)s.") % {"amount": _yuan(reward.due)})
    return reward
