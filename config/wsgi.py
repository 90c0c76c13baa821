"""WSGI entry point."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
application = get_wsgi_application()
# Objects loaded at start-up (settings, URL map, the map's SVG) never die: keep them out of the
# garbage collector's full passes, which otherwise cost tens of milliseconds on a busy page.
gc.freeze()
