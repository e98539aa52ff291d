"""A change to a call, a lot, a lot's rules or a sector, by the admin, a service or a
migration, makes every process read the rules again (``lots.catalogue``)."""

from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from lots import catalogue
from lots.models import Call, CompositionRequirement, GrantCap, Lot, Sector

RULE_MODELS = (Call, Lot, CompositionRequirement, GrantCap, Sector)


def rules_changed(**kwargs: Any) -> None:
    catalogue.changed()
    transaction.on_commit(catalogue.changed)


def connect() -> None:
    for model in RULE_MODELS:
        post_save.connect(rules_changed, sender=model, dispatch_uid=f"rules-{model.__name__}")
        post_delete.connect(rules_changed, sender=model, dispatch_uid=f"rules-{model.__name__}-d")
    m2m_changed.connect(rules_changed, sender=Lot.sectors.through, dispatch_uid="rules-lot-sectors")
    post_migrate.connect(rules_changed, dispatch_uid="rules-migrate")
