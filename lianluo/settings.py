"""Settings for Lianluo: one module, read from the environment.

Local defaults need nothing installed: an SQLite file in the project root, DEBUG on for
manage.py (runserver, migrate, load_demo), the shell and the tests. A server started from
lianluo/wsgi.py or lianluo/asgi.py (gunicorn, uvicorn) is production: DEBUG off unless the
environment asks for it, and a missing SECRET_KEY fails loudly instead of running with the
development key.
"""

import os
from datetime import timedelta
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


def env_int(name, default):
    return int(os.environ.get(name, default))


# lianluo/wsgi.py and lianluo/asgi.py set LIANLUO_SERVING before loading these settings.
SERVING = os.environ.get("LIANLUO_SERVING") == "1"
DEBUG = env_bool("DEBUG", not SERVING)
# With DEBUG on, a missing page is still the site's 404 (lianluo.middleware); 1 shows
# Django's technical page instead, for a developer looking for a route.
DEBUG_404 = env_bool("DEBUG_404", False)

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
    # django-axes (login throttling), before accounts, whose admin replaces its lockout admin
    "accounts.apps.LoginThrottlingConfig",
    "accounts",
    "representatives",
    "activities",
    "bulletins",
    "suggestions",
    "archives",
    # The queue of background tasks, in the database; before ledgers, whose admin hides it.
    "django_tasks",
    "django_tasks_db",
    "ledgers",
    "backups",
    "auditlog",
    "history",
    "review",
]

MIDDLEWARE = [
    "lianluo.middleware.request_id",  # first: every response and log line carries the id
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lianluo.middleware.session_renewal",  # after sessions: its answer passes first
    "lianluo.middleware.chinese_first_locale",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.units_keep_to_suggestions",  # after auth: a unit's pages only
    "history.middleware.HistoryMiddleware",  # after auth: each write's user and path
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Inside the others: the page it draws gets their headers, in the user's language.
    "lianluo.middleware.site_not_found_page",
    "axes.middleware.AxesMiddleware",  # last, as axes asks: turns a lockout into its page
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
                "activities.context_processors.review",
                "activities.context_processors.demo",
                "activities.context_processors.figures_as_of",
            ],
            # Punctuation around data in the user's language, for every app's templates.
            "libraries": {"punctuation": "lianluo.punctuation"},
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
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # No JIT: the figures' correlated EXISTS are estimated dear enough to be compiled, and
    # compiling took 0.7–0.9 s of a 1.1 s query that runs in 0.1 s without it (a deputy's
    # archive at province scale, docs/performance/dashboards.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# The cache (activities/caching.py keeps the dashboards' and the archives' figures in
# "figures" until a write changes them). REDIS_URL (redis://host:6379/0) shares one among
# the workers of gunicorn. Without it each process keeps its own in memory: right for one
# process (runserver, the tests), wrong for several, which would not hear each other's
# writes; so a served site without Redis keeps no figures (each page reads them live).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"lianluo-{alias}",
            # A Redis that does not answer fails the request's look in a second, not the
            # system's minutes: the figures are then computed (activities/caching.py).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 5},
        }
        for alias in ("default", "figures")
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "figures": {
            "BACKEND": "django.core.cache.backends.dummy.DummyCache"
            if SERVING
            else "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "figures",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }

# A figure of the dashboards whose last computing took FIGURES_SLOW seconds or more is
# shown as kept after a write, with the time it was computed, and refreshed in the
# background at most once per FIGURES_REFRESH seconds; faster figures are computed again
# at once (activities/caching.py). FIGURES_REFRESH_IN_REQUEST refreshes in the request
# after the kept figure was taken, instead of in a thread (the tests). 0.05 s: under the
# load test (issue 16) figures of 0.05–0.2 s were computed again in the request after
# every write, by each scope that reads them (a city's staff, a leader); a small office's
# figures take less and stay exact at once.
FIGURES_SLOW = float(os.environ.get("FIGURES_SLOW", "0.05"))
FIGURES_REFRESH = float(os.environ.get("FIGURES_REFRESH", "30"))
# How many figures the processes together refresh at once, at most: refreshing every slow
# figure at once after each write took the cores the pages are answered on.
FIGURES_REFRESHING = int(os.environ.get("FIGURES_REFRESHING", "1"))
FIGURES_REFRESH_IN_REQUEST = False

# The folder of the PostgreSQL client programs (pg_dump, pg_restore) the backup commands
# run, when those on PATH are older than the server: e.g. /usr/lib/postgresql/15/bin.
PG_BIN = os.environ.get("PG_BIN", "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# AxesBackend first: it refuses a locked-out account or address before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
# The sample files of each ledger kind are served as they are, from the upload page.
STATICFILES_DIRS = [BASE_DIR / "static", ("samples", BASE_DIR / "samples")]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if not DEBUG:  # in development, runserver serves the assets from the app folders
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )

# Uploaded ledgers are kept with their import record (private: never served as static).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# A unit may return a suggestion it was wrongly given within this many working days
# (Monday to Friday) of 交办 (suggestions/deadlines.py).
SUGGESTION_RETURN_WORKING_DAYS = env_int("SUGGESTION_RETURN_WORKING_DAYS", 5)
LEDGER_UPLOAD_MAX_MB = int(os.environ.get("LEDGER_UPLOAD_MAX_MB", "20"))
# What a ledger may expand to once read, checked before it is read (the upload limit is
# on the compressed file): a province roster is 130,000 rows of 12 columns. A workbook is
# read as a grid of rows × columns (32 bytes a cell), so these two bound the memory.
LEDGER_MAX_ROWS = int(os.environ.get("LEDGER_MAX_ROWS", "200000"))
LEDGER_MAX_COLUMNS = int(os.environ.get("LEDGER_MAX_COLUMNS", "40"))
LEDGER_MAX_UNCOMPRESSED_MB = int(os.environ.get("LEDGER_MAX_UNCOMPRESSED_MB", "300"))
# A check or an import that has given no sign of life (its progress) for this long was
# cut off (its worker killed) and is failed; it writes its progress every second or so.
LEDGER_TASK_STALE_MINUTES = int(os.environ.get("LEDGER_TASK_STALE_MINUTES", "5"))

# Imports run as background tasks (django-tasks). On PostgreSQL they queue in the database
# and `manage.py db_worker` runs them; on the embedded SQLite they run in the request that
# sends them (the "immediate" backend), so `runserver` alone imports. TASKS_BACKEND says
# otherwise: "database" or "immediate".
TASKS_BACKEND = os.environ.get("TASKS_BACKEND") or (
    "immediate" if DATABASES["default"]["ENGINE"].endswith("sqlite3") else "database"
)
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured('TASKS_BACKEND must be "database" or "immediate".')
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
# Files of imports that saved nothing (refused, failed, never confirmed) are deleted by
# `purge_uploads` after this many days; the files of applied imports are kept.
LEDGER_UPLOAD_KEEP_DAYS = int(os.environ.get("LEDGER_UPLOAD_KEEP_DAYS", "30"))
# A list's export of more records than this is written by a background task (as imports
# are) and downloaded from its page; a smaller one streams in the request.
LEDGER_EXPORT_INLINE_ROWS = env_int("LEDGER_EXPORT_INLINE_ROWS", 5000)
# `purge_uploads` deletes the files of background exports after this many days.
LEDGER_EXPORT_KEEP_DAYS = env_int("LEDGER_EXPORT_KEEP_DAYS", 7)
# A group's or an area's archives (a .zip of Word files) for up to this many deputies are
# written in the request; more are written by a background task and downloaded from a page.
ARCHIVE_ZIP_INLINE = env_int("ARCHIVE_ZIP_INLINE", 30)

# A session ends after a working day without a request, and when the browser closes:
# office computers are shared. lianluo.middleware.session_renewal moves the end forward.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

# Production expects TLS in front (README "Run it in an office"); each of these can be
# turned off for an office that deliberately serves plain HTTP on its intranet.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is for public domains submitted to the browsers' list; an intranet host never
# is, so the header leaves it out and the check asking for it is silenced.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Only behind a proxy that sets these headers itself (and with the app reachable only
# through it) may they be believed: otherwise any client could claim HTTPS or an address.
TRUST_PROXY_HEADERS = env_bool("TRUST_PROXY_HEADERS", False)
if TRUST_PROXY_HEADERS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): everything from the app itself, no inline script
# or style, no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling (django-axes): an account is locked after LOGIN_FAILURES_PER_ACCOUNT
# failures, an address after LOGIN_FAILURES_PER_ADDRESS (higher: an office's computers
# may share one address), each within and for LOGIN_COOLOFF_MINUTES. Admins see and
# release lockouts in the admin (登录保护 → 登录失败与锁定).
AXES_HANDLER = "accounts.throttling.AccountAndAddressHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_page"
AXES_CLIENT_IP_CALLABLE = "lianluo.proxy.client_address"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# A success does not wipe the count: it would also wipe its address's, which one valid account
# could then use to keep guessing others from there.
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False

# Server errors, refused requests and security events (logger "lianluo.security") go to
# stderr as one JSON object a line, with the request id and the user.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "lianluo.logs.JsonFormatter"},
        "runserver": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "json"},
        "runserver": {"class": "logging.StreamHandler", "formatter": "runserver"},
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own handlers (console in DEBUG, mail to ADMINS) give way to the root's.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # The development server's request lines, as Django prints them.
        "django.server": {"handlers": ["runserver"], "level": "INFO", "propagate": False},
        "lianluo.security": {"level": "INFO"},
        # axes describes each failure with the names masked; lianluo.security says it
        # plainly, with the request id.
        "axes": {"level": "ERROR"},
    },
}

# The history (django-auditlog, the history app): a restore (`loaddata`) puts back the
# records and their history as they were; it is not a change of them to record.
AUDITLOG_DISABLE_ON_RAW_SAVE = True

# The office that edits the bulletin 联络动态, as its masthead names it.
OFFICE_NAME = os.environ.get("OFFICE_NAME", "湖南省人大常委会选举任免联络工作委员会")
