from django.urls import path

from .views import backoffice, public

app_name = "organisations"
urlpatterns = [
    # Public pages. The list comes before the page of an organisation: "signataires" is no slug.
    path("organisations/signataires/", public.signatory_list, name="signatory_list"),
    path("organisations/<slug:slug>/", public.organisation_detail, name="detail"),
    # Back office.
    path(
        "mon-espace/organisations/<slug:slug>/modifier/",
        backoffice.organisation_edit,
        name="backoffice_edit",
    ),
    path(
        "mon-espace/organisations/<slug:slug>/charte/",
        backoffice.signature_request,
        name="backoffice_sign",
    ),
    path(
        "mon-espace/organisations/<slug:slug>/charte/retirer/",
        backoffice.signature_withdraw,
        name="backoffice_withdraw",
    ),
    path("mon-espace/signatures/", backoffice.signature_list, name="backoffice_signatures"),
    path(
        "mon-espace/signatures/<int:pk>/valider/",
        backoffice.signature_validate,
        name="backoffice_signature_validate",
    ),
    path(
        "mon-espace/signatures/<int:pk>/refuser/",
        backoffice.signature_refuse,
        name="backoffice_signature_refuse",
    ),
]
