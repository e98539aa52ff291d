"""What lots tells the apps above it, which it never imports: ``rules_changed`` (with
``lot_ids``) when an admin change may change what the engine says of those lots' proposals.
And within lots: any change to a call, a lot, a lot's rules or a sector, by the admin, a
service or a migration, makes every process read the rules again (``lots.catalogue``)."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import Signal

from lots import catalogue
from lots.models import Call, CompositionRequirement, GrantCap, Lot, Sector

rules_changed = Signal()
RULE_MODELS = (Call, Lot, CompositionRequirement, GrantCap, Sector)


def announce_rules_change(lot_ids: Iterable[int]) -> None:
    """Sent in the transaction of the change (receivers queue their work in it)."""
    ids = sorted(set(lot_ids))
    if ids:
        rules_changed.send(sender=Lot, lot_ids=ids)


def lots_ruled_by(obj: Call | Lot | Sector) -> list[int]:
    """The lots whose rules an admin change to a call, a lot or a sector may change: a call's
    lots (its Programme countries, one-applicant rule, own sectors), the lot itself, and for a
    sector (its code or place in the tree) the lots of its call, or of every call that
    includes NACE Rev. 2."""
    if isinstance(obj, Lot):
        return [obj.pk] if obj.pk else []
    if isinstance(obj, Call):
        return list(Lot.objects.filter(call=obj).values_list("pk", flat=True))
    if obj.call_id is not None:
        return list(Lot.objects.filter(call_id=obj.call_id).values_list("pk", flat=True))
    return list(Lot.objects.filter(call__nace_sectors=True).values_list("pk", flat=True))


def catalogue_changed(**kwargs: Any) -> None:
    catalogue.changed()
    transaction.on_commit(catalogue.changed)


def connect() -> None:
    for model in RULE_MODELS:
        uid = f"catalogue-{model.__name__}"
        post_save.connect(catalogue_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(catalogue_changed, sender=model, dispatch_uid=f"{uid}-deleted")
    m2m_changed.connect(
        catalogue_changed, sender=Lot.sectors.through, dispatch_uid="catalogue-lot-sectors"
    )
    post_migrate.connect(catalogue_changed, dispatch_uid="catalogue-migrate")
