"""Lists shown page by page: the page the request asks for (`?page=`), the last one past the end,
the first one for anything that is not a number."""

from django.core.paginator import Page, Paginator


def page_of(request, rows, per_page: int) -> Page:
    """The page of `rows` (ordered) that the request asks for; `.paginator.count` is the total."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))
