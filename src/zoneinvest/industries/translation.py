from modeltranslation.translator import TranslationOptions, register

from zoneinvest.industries.models import ChainLink, IndustryChain


@register(IndustryChain)
class IndustryChainTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(ChainLink)
class ChainLinkTranslation(TranslationOptions):
    fields = ("name",)
