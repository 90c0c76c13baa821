"""The interactive API documentation (/api/v1/docs), served from the project: the pinned npm
package swagger-ui-dist (static "vendor/swagger-ui"), no CDN, no inline script (the CSP
allows scripts from our own origin only)."""

from django.shortcuts import render
from ninja.openapi.docs import Swagger


class LocalSwagger(Swagger):
    template = "api/docs.html"

    def render_page(self, request, api, **kwargs):
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, self.template, {"api": api, "swagger_settings": settings})
