"""National staff review the requests to sign the charter ("Mon espace"): a filtered list that
reads on a phone, a confirmation before each decision (one request or several), and an undo
for UNDO_WINDOW. For anyone but staff these pages do not exist (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from maillage.core.actions import said_done, saved_on_form
from maillage.core.paging import page_of

from .. import services
from ..enums import SignatureStatus
from ..forms import SignatureFilterForm, SignatureRefusalForm
from ..models import CharterSignature
from ..permissions import can_decide_signature, can_review_signatures

SIGNATURES_PER_PAGE = 50
# Requests validated at once: more would make a confirmation page nobody reads.
BULK_MAX = SIGNATURES_PER_PAGE
LIST = "organisations:backoffice_signatures"
_RELATED = ("organisation__commune__department", "requested_by", "decided_by")


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _reviewable_signatures(user):
    """The signatures national staff decide on; for anyone else, the pages do not exist."""
    if not can_review_signatures(user):
        raise Http404
    return CharterSignature.objects.all()


def _decidable_signature(request, pk: int) -> CharterSignature:
    signature = get_object_or_404(
        _reviewable_signatures(request.user).select_related(*_RELATED), pk=pk
    )
    if not can_decide_signature(request.user, signature):
        raise Http404
    return signature


def _decided_already(request, signature: CharterSignature) -> bool:
    """A request someone has decided meanwhile: say so (the view goes back to the list)."""
    if signature.status == SignatureStatus.REQUESTED:
        return False
    messages.error(
        request, f"La demande de l'organisation {signature.organisation.name} a déjà été traitée."
    )
    return True


def _undo_until() -> str:
    """The hour until which a decision taken now may be undone, as French writes it."""
    until = timezone.localtime(timezone.now() + services.UNDO_WINDOW)
    return f"{until:%H} h {until:%M}"


@login_required
@require_http_methods(["GET"])
def signature_list(request):
    signatures = _reviewable_signatures(request.user)
    form = SignatureFilterForm(request.GET)
    rows = form.apply(signatures.select_related(*_RELATED))
    page = page_of(request, rows, SIGNATURES_PER_PAGE)
    recent = (
        signatures.undoable(timezone.now(), services.UNDO_WINDOW)
        .select_related("organisation", "decided_by")
        .order_by("-decided_at", "-pk")
    )
    return render(
        request,
        "organisations/backoffice/signatures.html",
        {
            "page": page,
            "form": form,
            "pending": form.shown_status == SignatureStatus.REQUESTED,
            "recent": [(signature, services.undo_deadline(signature)) for signature in recent],
            "undo_minutes": int(services.UNDO_WINDOW.total_seconds() // 60),
        },
    )


def _validation(request, signatures: list[CharterSignature], *, bulk: bool):
    """The confirmation page of these validations (GET), or the validations themselves (POST),
    then back to the list."""
    if request.method == "POST":
        said_done(
            request,
            lambda: services.signatures_validate(
                actor=request.user, signatures=signatures, base_url=_base_url(request)
            ),
            done=_validated_message([signature.organisation.name for signature in signatures]),
        )
        return redirect(LIST)
    return render(
        request,
        "organisations/backoffice/validate.html",
        {
            "signatures": signatures,
            "action": request.path,
            "bulk": bulk,
            "undo_minutes": int(services.UNDO_WINDOW.total_seconds() // 60),
        },
    )


def _validated_message(names: list[str]) -> str:
    if len(names) == 1:
        what = f"La signature de l'organisation {names[0]} est validée"
        mail = "un e-mail préviendra la personne qui l'a demandée"
    else:
        what = f"{len(names)} signatures sont validées ({', '.join(names)})"
        mail = "un e-mail préviendra chaque personne qui les a demandées"
    return (
        f"{what}. Vous pouvez annuler jusqu'à {_undo_until()} ; ensuite, {mail} "
        "(départ dans les minutes qui suivent)."
    )


@login_required
@require_http_methods(["GET", "POST"])
def signature_validate(request, pk):
    """The confirmation page of one validation (GET), the validation itself (POST)."""
    signature = _decidable_signature(request, pk)
    if _decided_already(request, signature):
        return redirect(LIST)
    return _validation(request, [signature], bulk=False)


@login_required
@require_http_methods(["GET", "POST"])
def signatures_validate(request):
    """Several requests ticked on the list: their confirmation page (GET, the ticked ids in the
    address), then their validation together (POST)."""
    reviewable = _reviewable_signatures(request.user)
    source = request.POST if request.method == "POST" else request.GET
    ids = [value for value in source.getlist("demande") if value.isdigit()][:BULK_MAX]
    signatures = list(
        reviewable.pending().filter(pk__in=ids).select_related(*_RELATED).order_by("requested_at")
    )
    if not signatures:
        messages.error(
            request,
            "Cochez au moins une demande en attente dans la liste avant de choisir « Valider "
            "la sélection ».",
        )
        return redirect(LIST)
    return _validation(request, signatures, bulk=True)


@login_required
@require_http_methods(["GET", "POST"])
def signature_refuse(request, pk):
    signature = _decidable_signature(request, pk)
    if _decided_already(request, signature):
        return redirect(LIST)
    form = SignatureRefusalForm(request.POST or None)
    if saved_on_form(
        request,
        form,
        lambda: services.signature_refuse(
            actor=request.user,
            signature=signature,
            reason=form.cleaned_data["reason"],
            base_url=_base_url(request),
        ),
    ):
        messages.success(
            request,
            f"La demande de l'organisation {signature.organisation.name} est refusée. "
            f"Vous pouvez annuler jusqu'à {_undo_until()} ; ensuite, un e-mail en donnera le "
            "motif à la personne qui l'a faite (départ dans les minutes qui suivent).",
        )
        return redirect(LIST)
    return render(
        request,
        "organisations/backoffice/refuse.html",
        {"signature": signature, "form": form},
    )


@login_required
@require_POST
def signature_undo(request, pk):
    """Take a decision back while its mail has not left."""
    signature = _decidable_signature(request, pk)
    said_done(
        request,
        lambda: services.signature_decision_undo(actor=request.user, signature=signature),
        done=f"La décision sur la demande de l'organisation {signature.organisation.name} "
        "est annulée : la demande attend de nouveau, et aucun e-mail ne partira.",
    )
    return redirect(LIST)
