from django.db.models import Count, QuerySet

from zoneinvest.accounts.models import User
from zoneinvest.accounts.selectors import user_zone_ids
from zoneinvest.industries.models import ChainLink, IndustryChain


def chain_list(*, user: User) -> QuerySet[IndustryChain]:
    return IndustryChain.objects.filter(zone_id__in=user_zone_ids(user=user))


def link_choices(*, user: User, zone_ids: list[int]) -> QuerySet[ChainLink]:
    """Chain links a project or company of these zones may be placed on."""
    return (
        ChainLink.objects.filter(chain__in=chain_list(user=user), zone_id__in=zone_ids)
        .select_related("chain")
        .order_by("chain__position", "chain_id", "order", "id")
    )


def chain_overview(*, user: User) -> QuerySet[IndustryChain]:
    """The user's chains in order, each with `link_count` (one query for the list page)."""
    return (
        chain_list(user=user)
        .annotate(link_count=Count("links"))
        .order_by("zone_id", "position", "code")
    )
