"""The reward rule on its edges: minimum, band boundaries, cap, capital arrival."""

from decimal import Decimal

import pytest

from zoneinvest.consultants.rewards import Band, Inputs, Rule, reward_compute

M = Decimal(10) ** 6
RULE = Rule(
    name="Test rule",
    base="paid_in",
    minimum_project_size=100 * M,
    cap=Decimal(20) * M,
    payable_after_arrival=True,
    bands=(
        Band(lower=Decimal(0), upper=500 * M, rate=Decimal("1"), fixed=None),
        Band(lower=500 * M, upper=2000 * M, rate=Decimal("0.5"), fixed=None),
        Band(lower=2000 * M, upper=None, rate=None, fixed=Decimal(4) * M),
    ),
)


def paid(amount, size=None):
    return Inputs(project_size=size or 3000 * M, contracted=3000 * M, paid_in=amount)


def test_a_project_just_below_the_minimum_earns_nothing():
    reward = reward_compute(RULE, Inputs(project_size=100 * M - 1, contracted=0, paid_in=50 * M))
    assert reward.due == 0
    assert "below the minimum" in reward.steps[-1]


def test_a_project_at_the_minimum_earns():
    reward = reward_compute(RULE, Inputs(project_size=100 * M, contracted=100 * M, paid_in=100 * M))
    assert reward.due == Decimal(1) * M


@pytest.mark.parametrize(
    ("base", "due"),
    [
        (500 * M - 1, (500 * M - 1) / 100),  # last yuan of the 1 % band
        (500 * M, Decimal("2.5") * M),  # the boundary belongs to the upper band (0.5 %)
        (2000 * M - 1, (2000 * M - 1) * Decimal("0.005")),
        (2000 * M, Decimal(4) * M),  # fixed amount from 2 billion
    ],
)
def test_band_boundaries_belong_to_the_band_above(base, due):
    assert reward_compute(RULE, paid(base)).due == due.quantize(Decimal("0.01"))


def test_the_cap_limits_the_reward_and_says_so():
    rule = Rule(**{**RULE.__dict__, "cap": Decimal(2) * M})
    reward = reward_compute(rule, paid(1000 * M))
    assert reward.computed == 2 * M
    assert any("Capped" in step for step in reward.steps)


def test_nothing_is_due_before_capital_arrives_and_all_of_it_after():
    contracted_rule = Rule(**{**RULE.__dict__, "base": "contracted"})
    before = reward_compute(contracted_rule, paid(Decimal(0)))
    assert before.computed == 4 * M
    assert before.due == 0
    assert "none has arrived yet" in before.steps[-1]
    after = reward_compute(contracted_rule, paid(Decimal(1)))
    assert after.due == 4 * M


def test_a_rule_paying_at_once_does_not_wait_for_capital():
    rule = Rule(**{**RULE.__dict__, "base": "contracted", "payable_after_arrival": False})
    assert reward_compute(rule, paid(Decimal(0))).due == 4 * M


def test_every_reward_names_its_rule_and_inputs():
    reward = reward_compute(RULE, paid(300 * M))
    assert reward.steps[0] == "Rule: Test rule."
    assert "Base (paid-in capital)" in reward.steps[1]
    assert reward.band == RULE.bands[0]
