from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from zoneinvest.core.models import AuditEvent, FxRate, Zone


@admin.register(Zone)
class ZoneAdmin(TranslationAdmin):
    list_display = ("code", "name", "parent_city", "kind", "default_currency")


@admin.register(FxRate)
class FxRateAdmin(admin.ModelAdmin):
    list_display = ("date", "base", "quote", "rate", "source")
    list_filter = ("base", "quote")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "zone", "actor", "verb", "object_repr")
    list_filter = ("verb",)
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # the trail is append-only
