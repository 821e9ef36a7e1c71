"""Settings for Lianluo: one module, read from the environment.

Local defaults need nothing installed: an SQLite file in the project root, DEBUG on.
With DEBUG off, a missing SECRET_KEY fails loudly instead of running with the dev key.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "accounts",
    "representatives",
    "activities",
    "ledgers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lianluo.middleware.chinese_first_locale",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "lianluo.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "lianluo.wsgi.application"

# DATABASE_URL selects the database: sqlite:///path/to/file.db or postgres://user@host:port/name.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# The app serves its own assets (offices run on intranets): WhiteNoise serves what
# `collectstatic` gathers into STATIC_ROOT, compressed, behind gunicorn.
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if not DEBUG:  # in development, runserver serves the assets from the app folders
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

# Uploaded ledgers are kept with their import record (private: never served as static).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
LEDGER_UPLOAD_MAX_MB = int(os.environ.get("LEDGER_UPLOAD_MAX_MB", "20"))
# What a ledger may expand to once read, checked before it is read (the upload limit is
# on the compressed file): a province roster is 130,000 rows of 12 columns. A workbook is
# read as a grid of rows × columns (32 bytes a cell), so these two bound the memory.
LEDGER_MAX_ROWS = int(os.environ.get("LEDGER_MAX_ROWS", "200000"))
LEDGER_MAX_COLUMNS = int(os.environ.get("LEDGER_MAX_COLUMNS", "40"))
LEDGER_MAX_UNCOMPRESSED_MB = int(os.environ.get("LEDGER_MAX_UNCOMPRESSED_MB", "300"))
# A preview still checking after this long was cut off (a worker killed by its timeout).
LEDGER_CHECK_TIMEOUT_MINUTES = int(os.environ.get("LEDGER_CHECK_TIMEOUT_MINUTES", "10"))
# Files of imports that saved nothing (refused, failed, never confirmed) are deleted by
# `purge_uploads` after this many days; the files of applied imports are kept.
LEDGER_UPLOAD_KEEP_DAYS = int(os.environ.get("LEDGER_UPLOAD_KEEP_DAYS", "30"))

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)

# The office that edits the bulletin 联络动态, as its masthead names it.
OFFICE_NAME = os.environ.get("OFFICE_NAME", "湖南省人大常委会选举任免联络工作委员会")
