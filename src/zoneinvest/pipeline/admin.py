from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from zoneinvest.pipeline.models import (
    Activity,
    CapitalArrival,
    Company,
    Contact,
    Project,
    StageChange,
    Task,
)


@admin.register(Company)
class CompanyAdmin(TranslationAdmin):
    list_display = ("name", "country", "zone", "ownership", "fortune_global_500_rank")
    list_filter = ("zone", "ownership")
    search_fields = ("name_en", "name_zh_hans")
    raw_id_fields = ("merged_into",)


@admin.register(Project)
class ProjectAdmin(TranslationAdmin):
    list_display = ("title", "zone", "stage", "sector", "total_investment", "currency", "owner")
    list_filter = ("zone", "stage", "sector", "source", "confidential", "illustrative")
    search_fields = ("title_en", "title_zh_hans")
    raw_id_fields = ("company", "owner")
    readonly_fields = ("stage", "stage_changed_at", "held_from_stage", "version")


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("name", "title", "company", "zone")
    raw_id_fields = ("company",)


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    list_display = ("project", "from_stage", "to_stage", "at", "by")
    raw_id_fields = ("project",)


admin.site.register(Activity)
admin.site.register(Task)
admin.site.register(CapitalArrival)
