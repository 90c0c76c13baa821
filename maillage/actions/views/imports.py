"""Importing a cooperation's inventory of actions: upload, preview, import, template, guide
(the pages of maillage.core.importing, in the cooperation's back-office layout)."""

from django.urls import reverse

from maillage.cooperations.views.backoffice._common import LAYOUT, editable_cooperation
from maillage.core.importing.views import ImportPages

from ..importers import ActionImporter


class ActionImportPages(ImportPages):
    """Animators of the cooperation and staff import its inventory (deny by default)."""

    importer_class = ActionImporter
    base_template = LAYOUT
    section = "actions_import"
    done_label = "Retour au tableau de bord de la coopération"

    def scope(self, request, *, slug):
        return editable_cooperation(request, slug)

    def scope_context(self, cooperation):
        return {"cooperation": cooperation}

    def scope_args(self, cooperation):
        return [cooperation.slug]

    def done_url(self, cooperation):
        return reverse("cooperations:backoffice_home", args=[cooperation.slug])


action_imports = ActionImportPages()
