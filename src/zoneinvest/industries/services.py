from django.db import transaction

from zoneinvest.accounts.models import User
from zoneinvest.core.audit import audit_record
from zoneinvest.core.models import Zone
from zoneinvest.industries.models import IndustryChain, Sector


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
