from modeltranslation.translator import TranslationOptions, register

from zoneinvest.portal.models import GuideStep, Opportunity, Page, Story


@register(Opportunity)
class OpportunityTranslation(TranslationOptions):
    fields = ("title", "summary", "description")
    required_languages = ("en",)


@register(GuideStep)
class GuideStepTranslation(TranslationOptions):
    fields = ("title", "description", "documents", "fees", "time_needed", "office")
    required_languages = ("en",)


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "image_alt")
    required_languages = ("en",)


@register(Story)
class StoryTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "image_alt")
    required_languages = ("en",)
