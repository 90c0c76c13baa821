"""Back office ("Mon espace"): a referent edits their organisation and asks to sign the charter
(staff review the requests in `signatures`). Objects are fetched only through the gatekeepers:
what lies outside the user's scope is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from maillage.core.actions import said_done, saved_on_form
from maillage.core.audit import StaleVersion

from .. import services
from ..enums import CharterKind
from ..forms import OrganisationForm, SignatureRequestForm
from ..models import Organisation


def _editable_organisation(request, slug: str) -> Organisation:
    """The organisation if the user may edit it; otherwise it does not exist for them."""
    return get_object_or_404(
        Organisation.objects.editable_by(request.user).select_related("commune"), slug=slug
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, slug):
    organisation = _editable_organisation(request, slug)
    # The form writes what was typed onto the instance; the page keeps the stored name.
    name = organisation.name
    if request.method == "POST":
        form = OrganisationForm(request.POST, request.FILES, instance=organisation)
        if form.is_valid():
            values = {field: form.cleaned_data[field] for field in services.EDITABLE_FIELDS}
            try:
                changes = services.organisation_update(
                    actor=request.user,
                    organisation=organisation,
                    values=values,
                    version=form.started_version(),
                )
            except StaleVersion as error:
                form.refuse_stale(error)
            else:
                if changes:
                    messages.success(request, "Les modifications de la fiche sont enregistrées.")
                else:
                    messages.info(request, "Aucune modification : la fiche est inchangée.")
                return redirect("organisations:backoffice_edit", organisation.slug)
    else:
        form = OrganisationForm(instance=organisation)
    return render(
        request,
        "organisations/backoffice/edit.html",
        {"organisation": organisation, "name": name, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def signature_request(request, slug):
    organisation = _editable_organisation(request, slug)
    form = SignatureRequestForm(request.POST or None)
    if saved_on_form(
        request,
        form,
        lambda: services.signature_request(
            actor=request.user, organisation=organisation, **form.cleaned_data
        ),
    ):
        messages.success(
            request,
            "Votre demande de signature est enregistrée. L'équipe nationale va l'examiner ; "
            "vous recevrez sa réponse par e-mail.",
        )
        return redirect("organisations:backoffice_sign", organisation.slug)
    history = organisation.signatures.filter(charter=CharterKind.NATIONAL).exclude(
        status__in=services.LIVE_STATUSES
    )
    return render(
        request,
        "organisations/backoffice/sign.html",
        {
            "organisation": organisation,
            "form": form,
            "live": services.live_signature(organisation),
            "history": history,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def signature_withdraw(request, slug):
    organisation = _editable_organisation(request, slug)
    live = services.live_signature(organisation)
    if live is None:
        raise Http404("Aucune signature en cours")
    if request.method == "POST":
        said_done(
            request,
            lambda: services.signature_withdraw(actor=request.user, signature=live),
            done="La signature de la charte MONALISA est retirée.",
        )
        return redirect("organisations:backoffice_sign", organisation.slug)
    return render(
        request,
        "organisations/backoffice/withdraw.html",
        {"organisation": organisation, "signature": live},
    )
