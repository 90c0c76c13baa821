"""Importing the list of member organisations: the pages of maillage.core.importing in the
cooperation's back-office layout."""

from django.urls import reverse

from maillage.core.importing.views import ImportPages

from ...importers import MemberImporter
from ._common import LAYOUT, editable_cooperation


class MemberImportPages(ImportPages):
    """Animators of the cooperation and staff import its members (deny by default)."""

    importer_class = MemberImporter
    base_template = LAYOUT
    section = "members"
    done_label = "Retour à la liste des membres"

    def scope(self, request, *, slug):
        return editable_cooperation(request, slug)

    def scope_context(self, cooperation):
        return {"cooperation": cooperation}

    def scope_args(self, cooperation):
        return [cooperation.slug]

    def done_url(self, cooperation):
        return reverse("cooperations:backoffice_members", args=[cooperation.slug])


member_imports = MemberImportPages()
