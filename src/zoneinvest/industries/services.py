from decimal import Decimal

from django.db import transaction

from zoneinvest.accounts.models import User
from zoneinvest.core.audit import audit_record
from zoneinvest.core.models import Zone
from zoneinvest.industries.models import ChainLink, ClusterTarget, IndustryChain, Sector


@transaction.atomic
def chain_create(
    *,
    zone: Zone,
    code: str,
    name_en: str,
    name_zh: str,
    sector: Sector | str,
    position: int = 0,
    by: User | None = None,
) -> IndustryChain:
    chain = IndustryChain.objects.create(
        zone=zone,
        code=code,
        name_en=name_en,
        name_zh_hans=name_zh,
        sector=sector,
        position=position,
    )
    audit_record(actor=by, verb="industries.chain.created", obj=chain, zone=zone)
    return chain


@transaction.atomic
def chain_set_tier(*, chain: IndustryChain, tier: str, by: User | None) -> IndustryChain:
    before = chain.tier
    chain.tier = tier
    chain.save(update_fields=["tier", "updated_at"])
    audit_record(
        actor=by,
        verb="industries.chain.tier_set",
        obj=chain,
        zone=chain.zone,
        changes={"tier": [before, tier]},
    )
    return chain


@transaction.atomic
def link_create(
    *,
    chain: IndustryChain,
    code: str,
    name_en: str,
    name_zh: str,
    position: str,
    order: int = 0,
    by: User | None,
) -> ChainLink:
    link = ChainLink.objects.create(
        zone=chain.zone,
        chain=chain,
        code=code,
        name_en=name_en,
        name_zh_hans=name_zh,
        position=position,
        order=order,
    )
    audit_record(actor=by, verb="industries.link.created", obj=link, zone=chain.zone)
    return link


@transaction.atomic
def cluster_target_set(
    *,
    chain: IndustryChain,
    year: int,
    tier: str,
    output_target: Decimal,
    by: User | None,
    actual_output: Decimal | None = None,
    source: str = "",
) -> ClusterTarget:
    target, _created = ClusterTarget.objects.update_or_create(
        chain=chain,
        year=year,
        defaults={
            "zone": chain.zone,
            "tier": tier,
            "output_target": output_target,
            "actual_output": actual_output,
            "source": source,
        },
    )
    audit_record(
        actor=by,
        verb="industries.cluster_target.set",
        obj=chain,
        zone=chain.zone,
        changes={"target": [None, f"{year} {output_target}"]},
    )
    return target
