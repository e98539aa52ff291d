"""Settings of the portal: one module, every value read once from the environment.

The defaults give the embedded mode (SQLite, Celery on the filesystem transport, mail to a
local outbox, all under ``var/``); production and the test suite differ only by environment
variables (see README.md, "Configuration").
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

from portal import logs, sentry

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
# The local default is only safe because DEBUG-mode installs never face the internet;
# production sets SECRET_KEY (checked by `manage.py check --deploy`).
SECRET_KEY = os.environ.get("SECRET_KEY", "embedded-mode-only-not-secret-change-me")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # Before the admin: its translation tabs and admin classes extend Django's.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "django_htmx",
    "ninja",
    "allauth",
    "allauth.account",
    "simple_history",
    "portal",
    "lots",
    "consortia",
    "outbox",
]

MIDDLEWARE = [
    # First: everything after it logs under the request's id, and is counted and timed.
    "portal.request_ids.RequestIdMiddleware",
    "portal.metrics.http.RequestMetricsMiddleware",
    # The security headers come before WhiteNoise, whose static files then carry them too.
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.pin_catalogue",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "outbox.middleware.QueueNoticeMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "portal.middleware.NullCharacterMiddleware",
    # Last, so that its process_exception sees a view's exception first.
    "portal.middleware.ConflictMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

# Database: DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/portal.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
        # Persistent connections: 177 against 2,300 req/s on a one-query view (STACK-NOTES).
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The test database is named after the database, so that runs on different databases
    # (several checkouts on one server) never share one.
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get(
        "TEST_DATABASE_NAME", f"test_{DATABASES['default']['NAME']}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts (django-allauth): sign in by email, no usernames, verified addresses only.
# Django's and allauth's backends, reading the signed-in user from the cache
# (portal/auth_backends.py): with the cached_db engine, a signed-in request reads neither its
# session nor its user from the database (sessions are written through to it: none is lost
# when Redis is).
AUTHENTICATION_BACKENDS = [
    "portal.auth_backends.CachedModelBackend",
    "portal.auth_backends.CachedAllauthBackend",
]
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "consortia:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_FORMS = {"login": "portal.forms.LoginForm"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_DISPLAY = "portal.accounts.user_display"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Consortium Portal: "
# Adds what the portal's account emails (templates/account/email/) say: links' lifetimes.
ACCOUNT_ADAPTER = "portal.accounts.AccountAdapter"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"

# The cache holds the rate limits' counters, so it must be shared by every process: Redis
# (CACHE_URL, e.g. redis://127.0.0.1:6379/1, a database of its own: clearing the cache empties
# it), local memory only in embedded mode. Short socket timeouts, and when Redis cannot be
# reached the cache answers as if empty for CACHE_BREAKER_SECONDS (portal/cache.py): the limits
# fail open, a page never waits on it more than about a second, and nothing answers 500.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHE_SOCKET_TIMEOUT = float(os.environ.get("CACHE_SOCKET_TIMEOUT", "1"))
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.FailOpenRedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {
                "socket_connect_timeout": CACHE_SOCKET_TIMEOUT,
                "socket_timeout": CACHE_SOCKET_TIMEOUT,
                "breaker_seconds": float(os.environ.get("CACHE_BREAKER_SECONDS", "10")),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Abuse limits, "count/period" (s, m, h, d; "5/10m" is 5 in ten minutes), each overridable by
# RATE_LIMIT_<NAME>. Requests are counted in the cache (django-ratelimit; "api" per client
# address, the others per user) and answered 429 over the limit; invitation emails and new
# organisations are counted from their rows by the services, which refuse with the time to
# retry. Sign-in and sign-up are allauth's own limits, below.
RATE_LIMITS = {
    name: os.environ.get(f"RATE_LIMIT_{name.upper()}", default)
    for name, default in {
        "api": "60/m",
        "export": "10/m",
        "import": "20/h",
        "invitations_per_proposal": "60/h",
        "invitations_per_address": "10/d",
        "organisations_per_user": "60/h",
    }.items()
}
# An imported file may name at most this many members (each can add an organisation).
IMPORT_MAX_MEMBERS = int(os.environ.get("IMPORT_MAX_MEMBERS", "60"))
# Directory files (admin import of organisations): a larger file is refused before it is read;
# a confirmed import of more rows than IMPORT_SYNC_MAX_ROWS runs as a background job.
DIRECTORY_IMPORT_MAX_BYTES = int(os.environ.get("DIRECTORY_IMPORT_MAX_BYTES", str(40 * 2**20)))
DIRECTORY_IMPORT_MAX_ROWS = int(os.environ.get("DIRECTORY_IMPORT_MAX_ROWS", "200000"))
IMPORT_SYNC_MAX_ROWS = int(os.environ.get("IMPORT_SYNC_MAX_ROWS", "2000"))
# allauth's limits (its syntax: count/period/per, per ip, key (the address) or user). Failed
# sign-ins count the portal's and admin's together (portal/admin.py).
ACCOUNT_RATE_LIMITS = {
    "login": os.environ.get("RATE_LIMIT_LOGIN", "30/m/ip"),
    "login_failed": os.environ.get("RATE_LIMIT_LOGIN_FAILED", "10/m/ip,5/5m/key"),
    "signup": os.environ.get("RATE_LIMIT_SIGNUP", "20/m/ip"),
}
# Behind a proxy, the client's address is the last one the proxy adds to X-Forwarded-For; the
# per-address limits (allauth's and ours) read it from allauth's adapter.
ALLAUTH_TRUSTED_PROXY_COUNT = int(
    os.environ.get("TRUSTED_PROXY_COUNT", "1" if env_bool("BEHIND_TLS_PROXY", False) else "0")
)
RATELIMIT_IP_META_KEY = "portal.ratelimits.client_ip"
RATELIMIT_FAIL_OPEN = True

# The portal speaks English, French and German: the language comes from the language cookie
# (set by the switcher on every page, and at sign-in from the user's saved choice), else from
# the browser's Accept-Language; English (with British formats, portal/formats/en) otherwise.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("de", _("German"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Database content in the three languages (django-modeltranslation): a translated field such as
# Lot.title keeps a column per language (title_en, title_fr, title_de) and reads the active
# language's, falling back to English when that one is empty.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fr", "de")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# Deadlines are set and shown in Brussels time; storage is UTC.
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
# Dates and times without an explicit format (admin) read as the pages do: 24-hour clock.
FORMAT_MODULE_PATH = ["portal.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
# Private files (exports, uploaded directory files): read only through views that check
# permission, never at a public URL. On the local disk under var/private/<folder> (or
# <FOLDER>_DIR), or, when S3_BUCKET is set, in that S3-compatible bucket under the key prefix
# <folder>/: then web processes and workers on several machines share them, and none keeps a
# file on its own disk.
S3_BUCKET = os.environ.get("S3_BUCKET", "")
S3_OPTIONS = {
    "bucket_name": S3_BUCKET,
    "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,  # None: AWS itself
    "region_name": os.environ.get("S3_REGION", "us-east-1"),
    # None: boto3 finds credentials itself (AWS_* variables, an instance's role).
    "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
    "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
}


def private_storage(folder: str, s3: dict[str, object] | None = None) -> dict[str, object]:
    """The ``STORAGES`` entry of a folder of private files: in the bucket of ``s3`` (the
    environment's S3_* settings by default) when it names one, else on the local disk."""
    s3 = S3_OPTIONS if s3 is None else s3
    if s3["bucket_name"]:
        return {"BACKEND": "consortia.s3.PrivateS3Storage", "OPTIONS": {**s3, "location": folder}}
    location = os.environ.get(f"{folder.upper()}_DIR", VAR_DIR / "private" / folder)
    return {
        "BACKEND": "consortia.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": Path(location)},
    }


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "exports": private_storage("exports"),
    # Uploaded directory files, read again by the worker that applies a large import.
    "imports": private_storage("imports"),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
# Behind a TLS-terminating proxy: trust its X-Forwarded-Proto and send HSTS (a year, unless
# SECURE_HSTS_SECONDS says otherwise); SECURE_SSL_REDIRECT redirects plain HTTP to HTTPS.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", "31536000" if BEHIND_TLS_PROXY else "0")
)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Browser features no page of the portal uses, refused to it and to anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media",
        "geolocation", "gyroscope", "hid", "magnetometer", "microphone", "midi", "payment",
        "screen-wake-lock", "serial", "usb", "xr-spatial-tracking", "browsing-topics",
    ]
)  # fmt: skip
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def mailers_from_url(url: str) -> dict[str, dict[str, object]]:
    """MAIL_URL to Django 6.1's MAILERS: smtp://user:pass@host:port[?tls=1|ssl=1&timeout=10],
    file:///absolute/folder (one file per message) or console:."""
    parts = urlsplit(url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if parts.scheme == "smtp":
        options: dict[str, object] = {
            "host": parts.hostname or "127.0.0.1",
            "port": parts.port or 25,
            "use_tls": query.get("tls") == "1",
            "use_ssl": query.get("ssl") == "1",
            "timeout": float(query.get("timeout", "10")),
        }
        if parts.username:
            options |= {
                "username": unquote(parts.username),
                "password": unquote(parts.password or ""),
            }
        backend = "django.core.mail.backends.smtp.EmailBackend"
    elif parts.scheme == "file":
        options = {"file_path": unquote(parts.path)}
        backend = "django.core.mail.backends.filebased.EmailBackend"
    elif parts.scheme == "console":
        options, backend = {}, "django.core.mail.backends.console.EmailBackend"
    else:
        raise ValueError(f"MAIL_URL: unknown scheme {parts.scheme!r} (smtp, file or console)")
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


MAIL_OUTBOX_DIR = VAR_DIR / "outbox"
MAILERS = mailers_from_url(os.environ.get("MAIL_URL", f"file://{MAIL_OUTBOX_DIR}"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Consortium Portal <portal@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The address of the portal as its users reach it, for links in emails.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
# Invitations: a link lasts INVITATION_EXPIRY_DAYS; a failed send is retried after
# INVITATION_RETRY_BACKOFF_SECONDS, doubling each time (up to OUTBOX_MAX_BACKOFF_SECONDS),
# until the link expires; after INVITATION_SEND_RETRIES failures it shows as failed;
# pending invitees are reminded REMINDER_DAYS_BEFORE days before expiry and the deadline.
INVITATION_EXPIRY_DAYS = int(os.environ.get("INVITATION_EXPIRY_DAYS", "14"))
INVITATION_SEND_RETRIES = int(os.environ.get("INVITATION_SEND_RETRIES", "5"))
INVITATION_RETRY_BACKOFF_SECONDS = float(os.environ.get("INVITATION_RETRY_BACKOFF_SECONDS", "30"))
REMINDER_DAYS_BEFORE = int(os.environ.get("REMINDER_DAYS_BEFORE", "3"))
# The review step re-reads the members table this often while invitations are awaited.
MEMBERS_POLL_SECONDS = int(os.environ.get("MEMBERS_POLL_SECONDS", "10"))
# Background work goes through the outbox (outbox/): a row per task, published after commit.
# A publish that fails leaves it to the sweep (every OUTBOX_SWEEP_SECONDS), which also
# publishes again what no worker began within OUTBOX_PICKUP_SECONDS (doubling), and what a
# worker began but stopped renewing: a running task renews its lease every third of
# OUTBOX_LEASE_SECONDS. So a worker killed mid-task costs at most LEASE + SWEEP seconds
# (45 s by default) before another worker starts it again.
OUTBOX_SWEEP_SECONDS = float(os.environ.get("OUTBOX_SWEEP_SECONDS", "15"))
OUTBOX_PICKUP_SECONDS = float(os.environ.get("OUTBOX_PICKUP_SECONDS", "60"))
OUTBOX_LEASE_SECONDS = float(os.environ.get("OUTBOX_LEASE_SECONDS", "30"))
OUTBOX_BREAKER_SECONDS = float(os.environ.get("OUTBOX_BREAKER_SECONDS", "10"))
OUTBOX_MAX_BACKOFF_SECONDS = float(os.environ.get("OUTBOX_MAX_BACKOFF_SECONDS", "900"))
# Closed intents are deleted after this many days (beat, hourly).
OUTBOX_KEEP_DAYS = int(os.environ.get("OUTBOX_KEEP_DAYS", "30"))
# An export is stopped after EXPORT_TIMEOUT_SECONDS (prefork pool) and tried EXPORT_ATTEMPTS
# times in all before the job is marked failed.
EXPORT_TIMEOUT_SECONDS = int(os.environ.get("EXPORT_TIMEOUT_SECONDS", "300"))
EXPORT_ATTEMPTS = int(os.environ.get("EXPORT_ATTEMPTS", "3"))

# Celery: CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0. The default is kombu's filesystem
# transport, which needs no server (see STACK-NOTES.md for the folder options).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_FOLDER = VAR_DIR / "celery"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER / "queue"),
        "data_folder_out": str(CELERY_BROKER_FOLDER / "queue"),
        "control_folder": str(CELERY_BROKER_FOLDER / "control"),
        "processed_folder": str(CELERY_BROKER_FOLDER / "processed"),
        "store_processed": False,
        "polling_interval": float(os.environ.get("CELERY_POLLING_INTERVAL", "0.1")),
    }
else:
    # Bounded waits: a Redis that is down or frozen fails a publish within a second (the
    # outbox then leaves it to the sweep). visibility_timeout: how long an unacknowledged
    # task (its worker died) waits before Redis delivers it again; longer than the longest
    # task, so that a running task is not delivered twice (the outbox's lease finds a dead
    # worker sooner).
    BROKER_SOCKET_TIMEOUT = float(os.environ.get("CELERY_BROKER_SOCKET_TIMEOUT", "1"))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "polling_interval": float(os.environ.get("CELERY_POLLING_INTERVAL", "1")),
        "visibility_timeout": int(
            os.environ.get("CELERY_VISIBILITY_TIMEOUT", str(EXPORT_TIMEOUT_SECONDS + 60))
        ),
        "socket_timeout": BROKER_SOCKET_TIMEOUT,
        "socket_connect_timeout": BROKER_SOCKET_TIMEOUT,
        # A publisher that finds no connection tries once, not again and again: the outbox
        # publishes later. (The worker's consumer reconnects with its own policy, below.)
        "max_retries": 0,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 1.0
# A worker waits for a broker that went away as long as it takes (Celery retries after 2, 4,
# ... up to 30 s), and drops the tasks it was running then: Redis delivers them again, and the
# outbox runs each once.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# Tasks record progress and errors on our own rows, so no result backend is needed.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "sweep-outbox": {"task": "outbox.sweep", "schedule": OUTBOX_SWEEP_SECONDS},
    "send-reminders": {"task": "consortia.send_reminders", "schedule": 900.0},
    "purge-outbox": {"task": "outbox.purge", "schedule": 3600.0},
}
# Beat keeps its schedule in memory: every entry is safe to run at any time (each reminder
# goes once a day, the sweep and purge are idempotent), so a restart loses nothing, and there
# is no schedule file (Python 3.13's shelve on SQLite failed with "locking protocol" under load,
# which stopped beat and with it the sweep).
CELERY_BEAT_SCHEDULER = "celery.beat:Scheduler"

# Widgets render through the project's template engine, so that templates/django/forms/ can
# override Django's: its select renders every option inline, not one include per option (a
# country select has 250), which halves the time of a form with one.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
COUNTRIES_FIRST_REPEAT = False
# Kosovo has no ISO 3166-1 code yet; the EU and Erasmus+ use XK. Added so that organisations
# there can be entered (a Partner country unless a call lists it).
COUNTRIES_OVERRIDE = {"XK": _("Kosovo")}

# Log lines carry the request id (portal/request_ids.py); LOG_FORMAT=json writes each as one
# JSON object for a log collector, LOG_FORMAT=text as a readable line. Default: text in
# DEBUG (embedded mode), JSON otherwise. Celery workers apply the same (portal/celery.py).
LOGGING_CONFIG = "portal.logs.apply"
LOGGING = logs.from_environment(debug=DEBUG)

# Metrics for Prometheus at /metrics, for whoever sends "Authorization: Bearer
# <METRICS_TOKEN>"; anyone else, and everyone when no token is set, gets a 404
# (portal/metrics/). With several processes per machine (gunicorn), PROMETHEUS_MULTIPROC_DIR
# names an empty folder they share (read by prometheus_client itself).
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

# Errors go to Sentry when SENTRY_DSN is set (portal/sentry.py), never with personal data.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    sentry.start(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=os.environ.get("SENTRY_RELEASE") or None,
    )
