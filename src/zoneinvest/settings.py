"""ZoneInvest settings: everything comes from the environment (see .env.example).

Production is the default: DEBUG is off, secure cookies and HSTS are on, and SECRET_KEY must be
given. The demo (`zoneinvest demo`, `make demo`) and the tests set their own environment.
"""

import secrets
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from zoneinvest.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent
WORK_DIR = Path(envstr("ZONEINVEST_HOME", str(Path.cwd())))

DEBUG = envbool("DEBUG", False)
SECRET_KEY = envstr("SECRET_KEY")
# Commands that never sign or serve anything may run without a key (e.g. in a packaging step).
COMMANDS_WITHOUT_SECRETS = {"makemigrations", "makemessages", "compilemessages", "help", "version"}


def _command() -> str:
    launcher = Path(sys.argv[0]).name if sys.argv else ""
    if launcher in {"zoneinvest", "__main__.py", "manage.py", "django-admin"} and len(sys.argv) > 1:
        return sys.argv[1]
    return ""


if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-development-key-only-for-debug-mode-0123456789abcdef"  # noqa: S105
    elif _command() in COMMANDS_WITHOUT_SECRETS:
        SECRET_KEY = secrets.token_urlsafe(50)  # throwaway: these commands sign nothing
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY (50+ random characters), or DEBUG=true "
            "for local development."
        )

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_countries",
    "ninja",  # its packaged Swagger UI at /static/ninja/: the API docs work offline
    "axes",
    "django_tasks_db",
    "zoneinvest.core",
    "zoneinvest.accounts",
    "zoneinvest.industries",
    "zoneinvest.places",
    "zoneinvest.pipeline",
    "zoneinvest.events",
    "zoneinvest.consultants",
    "zoneinvest.reports",
    "zoneinvest.portal",
    "zoneinvest.matching",
    "zoneinvest.search",
    "zoneinvest.office",
    "zoneinvest.api",
    "zoneinvest.demo",
]

MIDDLEWARE = [
    # First: answers anonymous GETs of cached portal pages with the headers the stack below gave
    # them, without running it (portal/cache.py).
    "zoneinvest.portal.cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The database unreachable (restarting, failing over): 503 and a plain page, never a 500.
    "zoneinvest.core.unavailable.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zoneinvest.core.security.DenialAuditMiddleware",  # each 403 → the audit trail
    # Directors and platform admins pass a second step (a TOTP code) before the office opens.
    "zoneinvest.accounts.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "zoneinvest.accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zoneinvest.urls"
WSGI_APPLICATION = "zoneinvest.wsgi.application"
ASGI_APPLICATION = "zoneinvest.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "zoneinvest.office.context_processors.office",
            ],
        },
    }
]

DEFAULT_SQLITE = WORK_DIR / "zoneinvest.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    # Django's backend, the health check of a kept connection asked of its socket before a round
    # trip (core/db/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "zoneinvest.core.db.postgresql"
    # PostgreSQL's JIT compiles a query whose estimated cost is high: on this application's short
    # queries (a ranking over 100,000 companies runs in ~100 ms) it adds ~700 ms of compiling.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off"
    if envbool("DB_PREPARED_STATEMENTS", True):
        DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 5

# The cache holds the portal's rendered pages with their generation (portal/cache.py) and each API
# token's request count. One process: its own memory is enough. Several app processes or
# machines, and the workers beside them: REDIS_URL, one Redis they all share, or a page cached by
# one process outlives a change made through another and each process counts its own requests.
_REDIS_URL = envstr("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _REDIS_URL,
            "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "zoneinvest"),
        }
        if _REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "office:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if envbool("FAST_PASSWORD_HASHER", False):
    # Tests only: hashing with Argon2 thousands of times would dominate the suite's time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Log-in lockout (django-axes): a user name is locked after AXES_FAILURE_LIMIT failed log-ins
# from any addresses, and an address after as many failures for any user names, each for
# AXES_COOLOFF_MINUTES. axes compares one limit to every parameter (no per-address limit).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The client's address behind TRUSTED_PROXY_COUNT reverse proxies (core/net.py); the portal's
# inquiry limit reads it through the same function.
AXES_CLIENT_IP_CALLABLE = "zoneinvest.core.net.client_address"
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = envbool("AXES_ENABLED", True)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "zh-hans")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "zh-hans")}
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["zoneinvest.formats"]

# Background jobs (imports, large exports): Django's tasks, stored in the database and run by
# `zoneinvest worker` (django-tasks-db); `make demo` starts one beside the server.
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
# Imports: the largest file accepted, and the limits an xlsx (a zip) must respect when unpacked.
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", 50 * 1024 * 1024)
IMPORT_MAX_UNPACKED_BYTES = envint("IMPORT_MAX_UNPACKED_BYTES", 400 * 1024 * 1024)
IMPORT_MAX_ZIP_ENTRIES = envint("IMPORT_MAX_ZIP_ENTRIES", 200)
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", 200_000)

# The zone the public investor portal presents (its code).
PORTAL_ZONE = envstr("PORTAL_ZONE", "liangjiang")
# How long a public portal page is kept rendered (seconds); any published change clears it.
PORTAL_CACHE_SECONDS = envint("PORTAL_CACHE_SECONDS", 600)
# Answers each app process keeps in its own memory (portal/cache.py LocalPages; ~50 KB each).
PORTAL_LOCAL_PAGES = envint("PORTAL_LOCAL_PAGES", 256)

# Mail (acknowledgements of inquiries): SMTP (EMAIL_HOST, default the local relay on port 25);
# the demo and development (DEBUG without EMAIL_HOST) print mails to the console instead.
_EMAIL_HOST = envstr("EMAIL_HOST", "")
MAILERS = {
    "default": (
        {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
        if DEBUG and not _EMAIL_HOST
        else {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _EMAIL_HOST or "localhost",
                "port": envint("EMAIL_PORT", 25),
                "username": envstr("EMAIL_HOST_USER", ""),
                "password": envstr("EMAIL_HOST_PASSWORD", ""),
                "use_tls": envbool("EMAIL_USE_TLS", False),
                "timeout": 10,
            },
        }
    )
}
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "invest@localhost")

# Images of pages and stories.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(WORK_DIR / "media")))
TIME_ZONE = envstr("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(WORK_DIR / "staticfiles")))
# "private": files no web server may serve (imports' uploads, exports): only a view that checks
# who asks hands them out. Keep PRIVATE_ROOT outside MEDIA_ROOT and outside the proxy's reach.
PRIVATE_ROOT = Path(envstr("PRIVATE_ROOT", str(WORK_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_ROOT), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = envbool("WHITENOISE_USE_FINDERS", DEBUG)

# Security: safe by default; the demo on plain http turns SECURE_COOKIES off.
SECURE_COOKIES = envbool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
# "__Host-": the browser keeps the cookie only if it is Secure, for path "/" and no domain, so a
# sibling subdomain cannot plant or overwrite it. Plain http (the demo) keeps the plain names.
SESSION_COOKIE_NAME = "__Host-sessionid" if SECURE_COOKIES else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if SECURE_COOKIES else "csrftoken"
SESSION_COOKIE_PATH = CSRF_COOKIE_PATH = "/"
SESSION_COOKIE_DOMAIN = CSRF_COOKIE_DOMAIN = None
SESSION_COOKIE_HTTPONLY = True
# A session ends SESSION_COOKIE_AGE seconds after the log-in, or after SESSION_IDLE_MINUTES
# without a request (accounts/middleware.py; 0 switches the idle limit off).
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", 30)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY", False) else None
)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy: no inline script or style anywhere (no nonces either: the portal's
# page cache replays a page's headers, so one policy fits every response).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SILENCED_SYSTEM_CHECKS: list[str] = []

API_TOKEN_DEFAULT_DAYS = envint("API_TOKEN_DEFAULT_DAYS", 90)
# Requests one API token may make per minute (then 429 with Retry-After); 0 switches it off.
# Counted in Django's cache: with several server processes, configure a shared cache.
API_RATE_LIMIT_PER_MINUTE = envint("API_RATE_LIMIT_PER_MINUTE", 600)
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

# No secrets in logs (core/logging.py): every handler redacts passwords, tokens (by the prefixes
# of accounts/services.py's TOKEN_PREFIX and FEED_PREFIX), cookies, session ids and SECRET_KEY.
# Django's own handlers (its DEBUG console, mail to ADMINS, runserver's lines) give way to the
# root's console, so every record passes the filter; 500 reports star secret fields.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact": {"()": "zoneinvest.core.logging.RedactSecrets", "token_prefixes": ["zi_", "zc_"]}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": []},
        "django.server": {"handlers": [], "propagate": True},
        "django.request": {"level": "ERROR"},
    },
}
DEFAULT_EXCEPTION_REPORTER_FILTER = "zoneinvest.core.logging.SafeReporterFilter"
