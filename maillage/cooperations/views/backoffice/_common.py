"""What every back-office page of a cooperation shares: its gatekeeper and its layout."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render

from ...models import Cooperation

SEARCH_LIMIT = 20
SAVED = "Les modifications sont enregistrées."
LAYOUT = "cooperations/backoffice/base.html"


def count_of(model) -> Coalesce:
    """The number of `model` rows of the cooperation, as a subquery: several counts in one
    query without multiplying the joined rows."""
    rows = (
        model.objects.filter(cooperation=OuterRef("pk"))
        .order_by()
        .values("cooperation")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(rows), 0)


def editable_cooperation(request, slug: str) -> Cooperation:
    """The gatekeeper of every view of a cooperation's back office, called before anything
    else: the cooperation if the user may edit it, else 404."""
    return get_object_or_404(Cooperation.objects.editable_by(request.user), slug=slug)


def page(request, cooperation, template: str, *, section: str, title: str, **context):
    """Render a page of one cooperation's back office: `section` marks the sub-navigation."""
    return render(
        request,
        template,
        {"cooperation": cooperation, "section": section, "title": title, **context},
    )
