from modeltranslation.translator import TranslationOptions, register

from zoneinvest.consultants.models import Appointment, Consultant


@register(Consultant)
class ConsultantTranslation(TranslationOptions):
    fields = ("name", "title", "organisation", "bio")


@register(Appointment)
class AppointmentTranslation(TranslationOptions):
    fields = ("batch",)
