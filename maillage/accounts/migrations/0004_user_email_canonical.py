"""Store every address in its one canonical form (NFKC, case-folded, trimmed), as the manager and
User.save() now do; an address whose canonical form another account already has is left as it is
(the staff merge the two by hand) and named in the output."""

import unicodedata

from django.db import migrations


def canonical(address: str) -> str:
    # A copy of accounts.models.canonical_email as of this migration.
    folded = unicodedata.normalize("NFKC", (address or "").strip()).casefold()
    return unicodedata.normalize("NFKC", folded)


def store_canonical_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    taken = set(User.objects.values_list("email", flat=True))
    for user in User.objects.only("pk", "email").order_by("pk"):
        address = canonical(user.email)
        if address == user.email:
            continue
        if address in taken:
            print(f"\n  Adresse laissée telle quelle (doublon de {address}) : compte {user.pk}")
            continue
        taken.discard(user.email)
        taken.add(address)
        User.objects.filter(pk=user.pk).update(email=address)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_invitation_mail")]

    operations = [migrations.RunPython(store_canonical_addresses, migrations.RunPython.noop)]
