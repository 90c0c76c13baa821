"""The reference rows of kinds and publics, in the order the interface lists them."""

from django.db import migrations

KINDS = [
    ("visites_domicile", "Visites à domicile"),
    ("visites_etablissement", "Visites en établissement"),
    ("appels_convivialite", "Appels téléphoniques de convivialité"),
    ("sorties_activites", "Sorties et activités collectives"),
    ("intergenerationnel", "Rencontres intergénérationnelles"),
    ("numerique", "Inclusion numérique"),
    ("mobilite", "Mobilité et transport"),
    ("demarches_droits", "Aide aux démarches et accès aux droits"),
    ("soutien_aidants", "Soutien aux aidants"),
    ("reperage", "Repérage des personnes isolées"),
    ("culture_loisirs", "Culture et loisirs"),
    ("activite_physique", "Activité physique"),
    ("autre", "Autre"),
]
PUBLICS = [
    ("domicile", "Personnes âgées vivant à domicile"),
    ("etablissement", "Personnes âgées en établissement"),
    ("aidants", "Aidants"),
    ("tout_public", "Tout public"),
]


def seed(apps, schema_editor):
    for model, rows in (("Kind", KINDS), ("Public", PUBLICS)):
        Model = apps.get_model("actions", model)
        for position, (code, label) in enumerate(rows):
            Model.objects.update_or_create(
                code=code, defaults={"label": label, "position": position}
            )


class Migration(migrations.Migration):
    dependencies = [("actions", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
