"""What the organisations tests share: the edit form as a browser would post it."""

from maillage.territories.search import commune_label


def edit_data(target, **overrides) -> dict:
    """The edit form filled with the organisation's current values, then `overrides`."""
    data = {
        "name": target.name,
        "kind": target.kind,
        "siret": target.siret,
        "address": target.address,
        "commune": commune_label(target.commune),
        "website": target.website,
        "contact_email": target.contact_email,
        "phone": target.phone,
        "description": target.description,
        "networks": [str(pk) for pk in target.networks.values_list("pk", flat=True)],
    }
    data.update(overrides)
    return data
