from django.urls import path

from .views import backoffice, public, signatures

app_name = "organisations"
_MINE = "mon-espace/organisations/<slug:slug>/"
_STAFF = "mon-espace/signatures/"
urlpatterns = [
    # Public pages. The list comes before the page of an organisation: "signataires" is no slug.
    path("organisations/signataires/", public.signatory_list, name="signatory_list"),
    path("organisations/<slug:slug>/", public.organisation_detail, name="detail"),
    # Back office.
    path(_MINE + "modifier/", backoffice.organisation_edit, name="backoffice_edit"),
    path(_MINE + "charte/", backoffice.signature_request, name="backoffice_sign"),
    path(_MINE + "charte/retirer/", backoffice.signature_withdraw, name="backoffice_withdraw"),
    path(_STAFF, signatures.signature_list, name="backoffice_signatures"),
    path(
        _STAFF + "valider/",
        signatures.signatures_validate,
        name="backoffice_signatures_validate",
    ),
    path(
        _STAFF + "<int:pk>/valider/",
        signatures.signature_validate,
        name="backoffice_signature_validate",
    ),
    path(
        _STAFF + "<int:pk>/refuser/",
        signatures.signature_refuse,
        name="backoffice_signature_refuse",
    ),
    path(
        _STAFF + "<int:pk>/annuler/",
        signatures.signature_undo,
        name="backoffice_signature_undo",
    ),
]
