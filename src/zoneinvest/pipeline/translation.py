from modeltranslation.translator import TranslationOptions, register

from zoneinvest.pipeline.models import Company, Project


@register(Company)
class CompanyTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("en",)
