"""Saves and deletes of the four searchable models update their entries.

The domain services offer no hook of their own, and the entries are a derived index (no business
rule lives here), so signals are the narrow exception to the house rule. Bulk writes bypass them:
those call `search.services.reindex`.
"""

from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save

from zoneinvest.search import services


def _saved(sender: type[models.Model], instance: models.Model, raw: bool = False, **_: Any) -> None:
    if raw:  # loaddata: fixtures are reindexed as a whole
        return
    services.entry_sync(obj=instance)


def _deleted(sender: type[models.Model], instance: models.Model, **_: Any) -> None:
    services.entry_remove(model=sender, pk=instance.pk)


def connect() -> None:
    for model, _fields in services.SOURCES.values():
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-del-{model.__name__}")
