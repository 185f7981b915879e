"""Parks and policies for platform admins (the office edits indicators)."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from zoneinvest.places.models import Park, Policy


@admin.register(Park)
class ParkAdmin(TranslationAdmin):
    list_display = ("name", "zone", "free_land_mu", "published", "illustrative")
    list_filter = ("zone", "published", "illustrative")
    filter_horizontal = ("focus_chains",)
    search_fields = ("name_en", "name_zh_hans", "slug")


@admin.register(Policy)
class PolicyAdmin(TranslationAdmin):
    list_display = (
        "title",
        "zone",
        "kind",
        "valid_from",
        "valid_until",
        "published",
        "illustrative",
    )
    list_filter = ("zone", "kind", "published", "illustrative")
    filter_horizontal = ("chains",)
    search_fields = ("title_en", "title_zh_hans", "slug")
