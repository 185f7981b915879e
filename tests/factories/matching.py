"""A chain's links for matching tests: materials upstream, cells midstream, assembly downstream."""

from typing import Any

from zoneinvest.core.models import Zone
from zoneinvest.industries.models import ChainLink

BATTERY_LINKS = (
    ("materials", "Battery materials", "upstream"),
    ("cells", "Cells and packs", "midstream"),
    ("assembly", "Vehicle assembly", "downstream"),
)


def battery_links(zone: Zone, chain: Any) -> dict[str, ChainLink]:
    """The three links of `chain` by code, in road order (the neighbours matching reads)."""
    return {
        code: ChainLink.objects.create(
            zone=zone,
            chain=chain,
            code=code,
            name_en=name,
            name_zh_hans=name + "（中）",
            position=position,
            order=order,
        )
        for order, (code, name, position) in enumerate(BATTERY_LINKS)
    }
