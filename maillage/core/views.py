"""The home page, the error pages and the preview of rich text."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_POST


def home(request):
    return render(request, "core/home.html")


@login_required
@require_POST
def richtext_preview(request):
    """The text of an editor as the site will publish it (fetched by static/js/richtext.js)."""
    return render(request, "core/_richtext_preview.html", {"text": request.POST.get("text", "")})
