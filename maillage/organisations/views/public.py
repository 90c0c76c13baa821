"""Public pages: the signatories of the MONALISA charter and a page per organisation."""

from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from maillage.core.paging import page_of

from ..enums import CharterKind
from ..forms import SignatoryFilterForm, department_choices
from ..models import CharterSignature, Organisation
from ..permissions import can_edit_organisation

SIGNATORIES_PER_PAGE = 50


def _validated_on():
    """The date the organisation's validated signature was signed, as a subquery."""
    return Subquery(
        CharterSignature.objects.validated()
        .filter(organisation=OuterRef("pk"), charter=CharterKind.NATIONAL)
        .order_by("-signed_on")
        .values("signed_on")[:1]
    )


@require_GET
def signatory_list(request):
    signatories = Organisation.objects.signatories()
    total = signatories.count()
    form = SignatoryFilterForm(request.GET or None, departments=department_choices())
    found = signatories
    filtered = False
    if form.is_bound:
        form.is_valid()  # An unknown value is reported and ignored; the valid filters apply.
        if kind := form.cleaned_data.get("kind"):
            found = found.filter(kind=kind)
            filtered = True
        if department := form.cleaned_data.get("department"):
            found = found.filter(commune__department_id=department)
            filtered = True
    found = (
        found.select_related("commune__department")
        .annotate(signed_since=_validated_on())
        .order_by("name", "pk")
    )
    page = page_of(request, found, SIGNATORIES_PER_PAGE)
    return render(
        request,
        "organisations/public/signatory_list.html",
        {"form": form, "total": total, "page": page, "filtered": filtered},
    )


@require_GET
def organisation_detail(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.select_related("commune__department", "commune__current")
        .annotate(signed_since=_validated_on())
        # Membership lives in the cooperations app, which depends on this one: named by string.
        .prefetch_related("networks", "memberships__cooperation"),
        slug=slug,
    )
    memberships = sorted(
        organisation.memberships.all(), key=lambda membership: membership.cooperation.name
    )
    return render(
        request,
        "organisations/public/detail.html",
        {
            "organisation": organisation,
            "memberships": memberships,
            "can_edit": can_edit_organisation(request.user, organisation),
        },
    )
