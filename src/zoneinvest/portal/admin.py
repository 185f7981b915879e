"""The portal's records for platform admins; editors write pages and stories in the office."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from zoneinvest.portal.models import GuideStep, Inquiry, Opportunity, Page, Story


@admin.register(Opportunity)
class OpportunityAdmin(TranslationAdmin):
    list_display = ("title", "zone", "chain", "amount_band", "published", "illustrative")
    list_filter = ("zone", "published", "illustrative")
    raw_id_fields = ("project",)
    search_fields = ("title_en", "title_zh_hans", "slug")


@admin.register(GuideStep)
class GuideStepAdmin(TranslationAdmin):
    list_display = ("position", "title", "zone", "office", "illustrative")
    list_filter = ("zone", "illustrative")


@admin.register(Page)
class PageAdmin(TranslationAdmin):
    list_display = ("key", "title", "zone", "status", "illustrative")
    list_filter = ("zone", "status", "illustrative")


@admin.register(Story)
class StoryAdmin(TranslationAdmin):
    list_display = ("title", "zone", "kind", "status", "published_at", "illustrative")
    list_filter = ("zone", "kind", "status", "illustrative")


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    list_display = ("organisation", "zone", "country", "created_at", "due_by")
    list_filter = ("zone",)
    readonly_fields = ("project",)
