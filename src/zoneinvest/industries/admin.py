from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from zoneinvest.industries.models import IndustryChain


@admin.register(IndustryChain)
class IndustryChainAdmin(TranslationAdmin):
    list_display = ("code", "name", "zone", "sector", "position")
    list_filter = ("zone", "sector")
