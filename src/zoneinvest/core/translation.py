from modeltranslation.translator import TranslationOptions, register

from zoneinvest.core.models import Zone


@register(Zone)
class ZoneTranslation(TranslationOptions):
    fields = ("name", "parent_city")
    required_languages = ("en",)
