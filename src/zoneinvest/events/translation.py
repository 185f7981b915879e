from modeltranslation.translator import TranslationOptions, register

from zoneinvest.events.models import AgendaItem, Campaign, Event, Venue


@register(Campaign)
class CampaignTranslation(TranslationOptions):
    fields = ("name",)


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("name", "description", "organiser")


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("name", "city", "partners")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title",)
