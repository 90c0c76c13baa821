"""Development settings: the platform on a laptop with `make run`."""

from .base import *  # noqa: F403
from .base import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILLAGE_DEMO = env_bool("MAILLAGE_DEMO", True)
