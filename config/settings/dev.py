"""Development settings: the platform on a laptop (`make run`, `make run-debug`).

`make run` sets DEBUG=false, so that the platform shows what its users see (French error
pages); static and media files are then served by the application itself, as below.
"""

from .base import *  # noqa: F403
from .base import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILLAGE_DEMO = env_bool("MAILLAGE_DEMO", True)

# Static files straight from the finders (no collectstatic), with or without DEBUG;
# uploaded files (logos, photos) from MEDIA_ROOT, which a proxy serves in production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
MAILLAGE_SERVE_MEDIA = True
