"""Settings for cartnav, read from the environment (one module, healthchecks' way).

The embedded default (``make demo``, the tests) needs no configuration at all: SQLite under
``var/``, a secret key and a field-encryption key generated once into ``var/``.  Production is
``CARTNAV_ENV=production``: there the settings refuse to start with DEBUG on or without a secret
key, a field-encryption key and allowed hosts, so a forgotten variable fails loudly at start-up
rather than quietly weakening the deployment.

Variables:
    CARTNAV_ENV             ``development`` (default) or ``production``
    CARTNAV_DEBUG           ``1`` turns Django's debug pages on — off unless asked for (``cartnav
                            serve --dev`` asks); refused in production
    CARTNAV_TRUSTED_PROXIES comma-separated addresses or networks of the reverse proxies in front of
                            cartnav; only from these is ``X-Forwarded-For`` believed
                            (``cartnav/core/client.py``)
    CARTNAV_SECRET_KEY      Django's secret key (development: generated into var/secret.key)
    CARTNAV_FIELD_KEYS      comma-separated Fernet keys for encrypted fields, newest first
                            (development: generated into var/field.key)
    CARTNAV_ALLOWED_HOSTS   comma-separated host names
    CARTNAV_VAR_DIR         where the embedded database, keys and media live (default ./var)
    DATABASE_URL            e.g. postgres://postgres@127.0.0.1:5432/cartnav (default SQLite in var/)
    REDIS_URL               use Redis for background jobs, the cache and sessions
    CARTNAV_MEDIA_ROOT      where uploaded documents are stored (default var/media)
    EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS,
    DEFAULT_FROM_EMAIL      outgoing mail (default: printed to the console)
    CARTNAV_SESSION_IDLE_SECONDS  sign-out after this much inactivity (default 1800)
    CARTNAV_AUDIT_KEYS      the audit chain's HMAC keys, ``id:secret`` comma-separated, newest first
                            (development: generated into var/audit.key; cartnav/audit/keys.py)
    CARTNAV_AUDIT_CHECKPOINTS  where signed checkpoints of the audit chain are appended (default
                            var/audit-checkpoints.log; production: append-only storage)
    CARTNAV_CTGOV_API_URL   the ClinicalTrials.gov API v2 studies endpoint ``cartnav sync-trials``
                            reads (default https://clinicaltrials.gov/api/v2/studies)
    CARTNAV_CTGOV_QUERY     the registry search it syncs (default: CAR-T studies, see below)
    CARTNAV_CTGOV_RATE      at most this many requests per second to the registry (default 1)
    CARTNAV_CTGOV_TIMEOUT   seconds a request may stay silent before it is retried (default 60)
    CARTNAV_CTGOV_SYNC_STATE  the file remembering the last successful sync (default
                            var/ctgov-sync.json)
    CARTNAV_CTGOV_SYNC_NIGHTLY  ``1`` runs the sync every night in the background worker (default
                            off: it needs the internet)
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Callable
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("CARTNAV_VAR_DIR", BASE_DIR.parent / "var")).resolve()

ENV = os.environ.get("CARTNAV_ENV", "development")
PRODUCTION = ENV == "production"


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _generated_secret(filename: str, make: Callable[[], str]) -> str:
    """Read a development secret from ``var/``, creating it on first use.

    Only the embedded default does this; production must be given its secrets.
    """
    path = VAR_DIR / filename
    if not path.exists():
        VAR_DIR.mkdir(mode=0o750, parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def _check_audit_keys(spec: str) -> None:
    from cartnav.audit.keys import parse

    parse(spec)


def _fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


# Fail safe: tracebacks and settings are shown only when someone asked for them (``cartnav serve
# --dev`` sets the variable). A server started without any configuration shows the product's own
# error pages.
DEBUG = _flag("CARTNAV_DEBUG", default=False)

#: Django's own rule for a strong key (``check --deploy``, security.W009): 50 characters or more,
#: at least 5 different ones.
MIN_SECRET_KEY_LENGTH = 50


def _strong_secret_key(key: str) -> str:
    if len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < 5 or key.startswith("django-insecure"):
        raise ImproperlyConfigured(
            f"CARTNAV_SECRET_KEY is too weak: use at least {MIN_SECRET_KEY_LENGTH} random "
            "characters, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    return key


if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("CARTNAV_DEBUG must be off when CARTNAV_ENV=production.")
    for required in (
        "CARTNAV_SECRET_KEY",
        "CARTNAV_FIELD_KEYS",
        "CARTNAV_ALLOWED_HOSTS",
        "CARTNAV_AUDIT_KEYS",
        "CARTNAV_AUDIT_CHECKPOINTS",
    ):
        if not os.environ.get(required):
            raise ImproperlyConfigured(f"{required} must be set when CARTNAV_ENV=production.")
    SECRET_KEY = _strong_secret_key(os.environ["CARTNAV_SECRET_KEY"])
    FIELD_ENCRYPTION_KEYS = os.environ["CARTNAV_FIELD_KEYS"].split(",")
    AUDIT_KEYS = os.environ["CARTNAV_AUDIT_KEYS"]
    AUDIT_CHECKPOINTS = os.environ["CARTNAV_AUDIT_CHECKPOINTS"]
else:
    SECRET_KEY = os.environ.get("CARTNAV_SECRET_KEY") or _generated_secret(
        "secret.key", lambda: secrets.token_urlsafe(50)
    )
    FIELD_ENCRYPTION_KEYS = (
        os.environ["CARTNAV_FIELD_KEYS"].split(",")
        if os.environ.get("CARTNAV_FIELD_KEYS")
        else [_generated_secret("field.key", _fernet_key)]
    )
    AUDIT_KEYS = os.environ.get("CARTNAV_AUDIT_KEYS") or _generated_secret(
        "audit.key", lambda: "k1:" + secrets.token_urlsafe(48)
    )
    AUDIT_CHECKPOINTS = os.environ.get(
        "CARTNAV_AUDIT_CHECKPOINTS", str(VAR_DIR / "audit-checkpoints.log")
    )

# A malformed audit key stops the start, not the first request that reads a person's data.
_check_audit_keys(AUDIT_KEYS)

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("CARTNAV_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_htmx",
    "ninja",  # serves the API docs' own Swagger files, so /api/v1/docs works under the CSP
    "huey.contrib.djhuey",
    "cartnav.core",
    "cartnav.accounts",
    "cartnav.catalog",
    "cartnav.patients",
    "cartnav.audit",
    "cartnav.registry",
    "cartnav.records",
    "cartnav.grading",
    "cartnav.screening",
    "cartnav.inquiries",
    "cartnav.plans",
    "cartnav.costs",
    "cartnav.visas",
    "cartnav.travel",
    "cartnav.notifications",
    "cartnav.conversations",
    "cartnav.custody",
    "cartnav.ward",
]

# First contact (issue 12, item 1): flooding is refused per e-mail address and per client.
INQUIRY_PER_ADDRESS_PER_DAY = int(os.environ.get("CARTNAV_INQUIRY_PER_ADDRESS_PER_DAY", "3"))
INQUIRY_PER_CLIENT_PER_HOUR = int(os.environ.get("CARTNAV_INQUIRY_PER_CLIENT_PER_HOUR", "5"))
#: The address links in e-mails start with when no request is at hand (a background job).
PUBLIC_BASE_URL = os.environ.get("CARTNAV_PUBLIC_BASE_URL", "http://127.0.0.1:8000")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cartnav.accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cartnav.core.middleware.RefuseNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cartnav.accounts.middleware.VerifiedDeviceMiddleware",  # django-otp's, faster
    "cartnav.accounts.middleware.SecondFactorRequiredMiddleware",
    "cartnav.accounts.middleware.UserPreferencesMiddleware",
    "cartnav.core.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cartnav.urls"
WSGI_APPLICATION = "cartnav.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cartnav.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
_sqlite_default = f"sqlite:///{VAR_DIR / 'cartnav.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _sqlite_default))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, with writers queued on an OS lock instead of SQLite's sleeping busy
    # handler (cartnav/core/sqlite/gate.py says why).
    DATABASES["default"]["ENGINE"] = "cartnav.core.sqlite"
    # Tests use an in-memory database, as Django does for its own SQLite engine (said outright
    # because pytest-django recognises only that engine's name).
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
    # IMMEDIATE transactions take the write lock up front, so the audit chain's
    # read-last-hash-then-append can never interleave between two requests.
    # WAL lets readers proceed while one request writes, and synchronous=NORMAL is the setting
    # SQLite recommends with WAL (durable across application crashes; a power cut may lose the
    # last transactions, which PostgreSQL in production does not).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=268435456;",
    }
    if not os.environ.get("DATABASE_URL"):
        VAR_DIR.mkdir(mode=0o750, parents=True, exist_ok=True)
# Keep each server thread's connection for a minute, on SQLite too: opening one per request (and
# running the PRAGMAs above, with a cold page cache) cost about a third of a page's CPU time
# under load (bench/bench_pages.py).
DATABASES["default"]["CONN_MAX_AGE"] = 60
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication and the second factor ---------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "cartnav.accounts.backends.CartnavBackend",  # Django's ModelBackend, faster per request
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
OTP_TOTP_ISSUER = "cartnav"

# Login throttling (django-axes): five wrong passwords for one account from one address lock
# that pair out for fifteen minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The address is the real client's, not a reverse proxy's (cartnav/core/client.py): otherwise five
# wrong passwords from anyone would lock the account for everyone behind the proxy.
AXES_CLIENT_IP_CALLABLE = "cartnav.core.client.client_ip"
TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("CARTNAV_TRUSTED_PROXIES", "").split(",") if p.strip()
]
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _exc:
        raise ImproperlyConfigured(
            f"CARTNAV_TRUSTED_PROXIES: {_proxy!r} is not an address or network."
        ) from _exc
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# --- Sessions: signed out after inactivity --------------------------------------------------
SESSION_COOKIE_AGE = int(os.environ.get("CARTNAV_SESSION_IDLE_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = (
    False  # IdleTimeoutMiddleware renews the deadline (at most once a minute)
)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie
CSRF_FAILURE_VIEW = "cartnav.core.views.csrf_failure"

# --- Security headers -----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = _flag("CARTNAV_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS]

# --- Languages and time ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"  # the hospitals' zone; storage is UTC
HOSPITAL_TIME_ZONE = "Asia/Shanghai"

# --- Static files, documents, mail, jobs ----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(os.environ.get("CARTNAV_MEDIA_ROOT", VAR_DIR / "media"))
# Documents and pending imports are health data: readable by the server's user (and its group,
# for a backup user), never by everyone on the machine. The database file is kept 0600 by the
# SQLite backend (cartnav/core/sqlite).
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _flag("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cartnav <noreply@cartnav.invalid>")

REDIS_URL = os.environ.get("REDIS_URL")
HUEY = {
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    "name": "cartnav",
    "immediate": _flag("CARTNAV_HUEY_IMMEDIATE", False),
    "connection": {"url": REDIS_URL} if REDIS_URL else {"filename": str(VAR_DIR / "huey.sqlite3")},
    "consumer": {"workers": 2, "worker_type": "thread"},
}
# --- ClinicalTrials.gov sync (``cartnav sync-trials``, cartnav/catalog/ctgov_sync.py) ---------
CTGOV_API_URL = os.environ.get("CARTNAV_CTGOV_API_URL", "https://clinicaltrials.gov/api/v2/studies")
#: Searched in every field (``query.term``, the registry's Essie syntax): the three ways CAR-T
#: studies name their product. Changing it makes the next sync a full one.
CTGOV_QUERY = os.environ.get(
    "CARTNAV_CTGOV_QUERY", 'CAR-T OR "CAR T" OR "chimeric antigen receptor"'
)
CTGOV_PAGE_SIZE = 1000  # the API's largest page
CTGOV_RATE = float(os.environ.get("CARTNAV_CTGOV_RATE", "1"))  # requests per second, at most
CTGOV_TIMEOUT = float(os.environ.get("CARTNAV_CTGOV_TIMEOUT", "60"))  # seconds, per request
CTGOV_RETRIES = 5  # after the first try; on connection errors, timeouts, HTTP 429 and 5xx
CTGOV_BACKOFF_SECONDS = 2.0  # the first wait before a retry; doubled for each next one
CTGOV_BACKOFF_MAX_SECONDS = 120.0
CTGOV_RETRY_AFTER_MAX_SECONDS = 300.0  # a server's Retry-After is honoured up to this
CTGOV_SYNC_STATE = Path(
    os.environ.get("CARTNAV_CTGOV_SYNC_STATE", VAR_DIR / "ctgov-sync.json")
).resolve()
#: The nightly sync (cartnav/catalog/tasks.py) runs only where this is on: it needs the internet.
CTGOV_SYNC_NIGHTLY = _flag("CARTNAV_CTGOV_SYNC_NIGHTLY", False)

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# With Redis, sessions are read from it and written through to the database, which stays the
# record: a signed-in request then costs no session query. Only with a cache that every worker
# shares: with a per-process cache, signing out in one worker would leave the session alive in
# another's memory. (Both engines are Django's, reading the row by a prepared query.)
SESSION_ENGINE = "cartnav.core.sessions.cached_db" if REDIS_URL else "cartnav.core.sessions.db"

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CARTNAV_LOG_LEVEL", "WARNING")},
}

# Demo conveniences (the `cartnav demo-otp` command) exist only when this is on.
DEMO_MODE = _flag("CARTNAV_DEMO", False) and not PRODUCTION

# --- Conversations --------------------------------------------------------------------------
#: How often an open conversation page asks for new messages (seconds).
MESSAGES_POLL_SECONDS = int(os.environ.get("CARTNAV_MESSAGES_POLL_SECONDS", "10"))
