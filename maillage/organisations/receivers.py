"""What organisations do when other apps change what they point at."""

from django.db import transaction

from maillage.core.models import audit
from maillage.territories.models import Commune

from .models import Organisation


@transaction.atomic
def follow_merged_communes(sender, replacements: dict[int, int], **kwargs) -> list[str]:
    """territories.signals.communes_replaced: an organisation located in a commune that merged
    into another is located in the new commune, rather than in none; each move is audited and
    listed in the import report."""
    moved = list(
        Organisation.objects.filter(commune_id__in=replacements)
        .select_related("commune")
        .order_by("name", "pk")
    )
    if not moved:
        return []
    successors = Commune.objects.in_bulk(set(replacements.values()))
    lines = []
    for organisation in moved:
        old = organisation.commune
        new = successors[replacements[old.pk]]
        organisation.commune = new
        audit(
            actor=None,
            target=organisation,
            action="organisations.organisation.relocate",
            summary=f"Commune fusionnée : {old.name} ({old.code}) devient {new.name} ({new.code})",
            changes={"commune": [f"{old.name} ({old.code})", f"{new.name} ({new.code})"]},
        )
        lines.append(
            f"organisation « {organisation.name} » : {old.name} ({old.code}) → "
            f"{new.name} ({new.code})"
        )
    Organisation.objects.bulk_update(moved, ["commune"])
    return lines
