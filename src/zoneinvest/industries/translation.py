from modeltranslation.translator import TranslationOptions, register

from zoneinvest.industries.models import IndustryChain


@register(IndustryChain)
class IndustryChainTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)
