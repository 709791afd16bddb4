"""Settings of the SecureVOX Call example. Everything that differs per deployment comes from the environment."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# A development key: set DJANGO_SECRET_KEY in any real deployment.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-only-not-secret")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "calls",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "securevox_example.urls"
TEMPLATES = []
WSGI_APPLICATION = "securevox_example.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("EXAMPLE_DB", str(BASE_DIR / "db.sqlite3")),
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
TIME_ZONE = "UTC"

# The SecureVOX Call server: where call tokens are minted, and the API key this backend uses for it.
SECUREVOX_CALL_URL = os.environ.get("SECUREVOX_CALL_URL", "http://127.0.0.1:8002")
SECUREVOX_CALL_API_KEY = os.environ.get("SECUREVOX_CALL_API_KEY", "")
# The secret the server signs webhooks with (SECUREVOX_CALL_WEBHOOK_SECRET on the server).
SECUREVOX_WEBHOOK_SECRET = os.environ.get("SECUREVOX_WEBHOOK_SECRET", "")
# How far a webhook's signed timestamp may be from our clock before it is refused as a replay.
SECUREVOX_WEBHOOK_TOLERANCE = int(os.environ.get("SECUREVOX_WEBHOOK_TOLERANCE", "300"))
