"""Public pages of the geography: placeholders filled by the search and pages work."""

from django.http import Http404
from django.shortcuts import render


def department_list(request):
    raise Http404


def department_detail(request, code):
    raise Http404


def commune_search(request):
    return render(request, "territories/public/commune_search.html", {"query": ""})


def commune_detail(request, code):
    raise Http404
