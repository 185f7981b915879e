from django.db.models import QuerySet

from zoneinvest.accounts.models import User
from zoneinvest.accounts.selectors import user_zone_ids
from zoneinvest.industries.models import IndustryChain


def chain_list(*, user: User) -> QuerySet[IndustryChain]:
    return IndustryChain.objects.filter(zone_id__in=user_zone_ids(user=user))
