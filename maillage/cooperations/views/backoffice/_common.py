"""What every back-office page of a cooperation shares: its gatekeeper and its layout."""

from django.contrib import messages
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render

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


def form_page(request, cooperation, form, *, save, done: str, message: str = SAVED, **page_context):
    """The page of one form: on a valid POST, `save(form)` (which may refuse with
    `form.add_error`), then `message` and back to the `done` URL name of the cooperation;
    else the page (see `page`) with the form and its errors."""
    if request.method == "POST" and form.is_valid():
        save(form)
        if form.is_valid():  # nothing refused by the save
            messages.success(request, message)
            return redirect(done, cooperation.slug)
    return page(request, cooperation, form=form, **page_context)
