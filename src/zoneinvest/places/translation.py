from modeltranslation.translator import TranslationOptions, register

from zoneinvest.places.models import Park, Policy


@register(Park)
class ParkTranslation(TranslationOptions):
    fields = ("name", "summary", "location")
    required_languages = ("en",)


@register(Policy)
class PolicyTranslation(TranslationOptions):
    fields = ("title", "issuer", "summary", "full_text")
    required_languages = ("en",)
