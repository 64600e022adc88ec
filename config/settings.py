"""Settings for the Intacct sync hub, read entirely from the environment.

With no environment at all (beyond the two keys that ``make demo``/``make test`` write into a
local ``.env``) the app runs on a SQLite file and django-q2's ORM broker. ``DATABASE_URL``
switches to PostgreSQL and ``REDIS_URL`` switches the django-q2 broker and the shared cache to
Redis.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env fills in what the real environment does not set; real variables always win.
if not env.bool("DOTENV_DISABLED", default=False):
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Run `make demo` (it writes a local .env) or "
        "`python -m config.bootstrap_env`, or export SECRET_KEY."
    )

# Fernet keys for Intacct passwords at rest. Several keys (comma-separated) allow rotation:
# the first encrypts, all decrypt.
CREDENTIALS_ENCRYPTION_KEYS = env.list("CREDENTIALS_ENCRYPTION_KEY", default=[])
if not CREDENTIALS_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "CREDENTIALS_ENCRYPTION_KEY is not set. Run `python -m config.bootstrap_env` "
        "to generate one into .env, or export a Fernet key."
    )

# Off unless a developer turns it on by hand: the debug page shows code and local variables.
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Production behind HTTPS: one switch for secure cookies, HSTS and the redirect to https.
HTTPS_ONLY = env.bool("HTTPS_ONLY", default=False)
if HTTPS_ONLY:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# Behind a proxy that ends TLS and sets X-Forwarded-Proto (else every request looks like http
# and SECURE_SSL_REDIRECT would loop).
if env.bool("BEHIND_HTTPS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Before django_q: its qcluster command (a bounded stop on SIGTERM) replaces django-q2's.
    "integrations.apps.IntegrationsConfig",
    "django_q",
    "ar.apps.ArConfig",
    "ap.apps.ApConfig",
    "api.apps.ApiConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its lockout answer.
    "axes.middleware.AxesMiddleware",
]

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failed attempts for one user name
# from one address, that pair is locked out for AXES_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

# Content-Security-Policy for the admin: scripts, styles, images and forms from this site only;
# no plugins, no framing. Inline styles stay allowed (the admin's templates use style
# attributes); inline scripts do not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "config.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The test database is a file so that worker subprocesses (qcluster, a killed sync) can
    # open it too.
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", str(VAR_DIR / "test_db.sqlite3"))
    # WAL lets the web server, the django-q2 cluster and a sync read while one writes;
    # IMMEDIATE transactions take the write lock up front instead of failing on upgrade.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": env.int("SQLITE_TIMEOUT_SECONDS", default=30),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))

LOGIN_URL = "admin:login"

# Error pages and error e-mails mask every Intacct secret (see integrations/error_reports.py).
DEFAULT_EXCEPTION_REPORTER = "integrations.error_reports.SecretSafeExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "integrations.error_reports.SecretSafeExceptionReporterFilter"

# --- Intacct --------------------------------------------------------------------------------
INTACCT_DEFAULT_ENDPOINT = "https://api.intacct.com/ia/xml/xmlgw.phtml"
# Endpoints outside *.intacct.com that credentials may be sent to (URL prefixes), e.g. the
# local sandbox: "http://127.0.0.1:8765/". Anything else is refused before a byte is sent.
INTACCT_ENDPOINT_ALLOWLIST = env.list("INTACCT_ENDPOINT_ALLOWLIST", default=[])

# --- django-q2 ------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
Q_CLUSTER = {
    "name": env.str("Q_CLUSTER_NAME", default="intacct-hub"),
    "workers": env.int("Q_WORKERS", default=2),
    "timeout": env.int("Q_TASK_TIMEOUT_SECONDS", default=3600),
    "retry": env.int("Q_TASK_RETRY_SECONDS", default=3900),
    "max_attempts": 1,
    "catch_up": False,
    "poll": env.float("Q_POLL_SECONDS", default=1.0),
    "label": "Scheduled tasks",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# --- Cache ----------------------------------------------------------------------------------
# "default" is each process's own memory: what the admin keeps for a while (filter choices,
# table size estimates) and may differ between processes. "shared" is one cache for every
# process (web workers, the cluster), so that the API's rate limits count a token's requests
# wherever they land: Redis when REDIS_URL is set, else a table in the database (created by
# `migrate`, see api.apps).
SHARED_CACHE = "shared"
CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
if REDIS_URL:
    CACHES[SHARED_CACHE] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "hub-cache",
    }
else:
    CACHES[SHARED_CACHE] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "hub_cache",
        # Expired rows go first; live rate-limit counts are only culled past this many.
        "OPTIONS": {"MAX_ENTRIES": env.int("CACHE_MAX_ENTRIES", default=100_000)},
    }

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="intacct-hub@localhost")

# --- Logging --------------------------------------------------------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "filters": {
        "request_lines_at_debug": {
            "()": "integrations.log_filters.RequestLinesAtDebug",
            "up_to": "CRITICAL",
        },
        "intacct_requests_at_debug": {"()": "integrations.log_filters.RequestLinesAtDebug"},
        "client_errors_on_one_line": {"()": "integrations.log_filters.ClientErrorsOnOneLine"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"level": "INFO"},
        # Request lines at DEBUG; a 403 or 404 is one line (django.request), not a traceback.
        "django.server": {
            "handlers": ["console"],
            "level": LOG_LEVEL,
            "filters": ["request_lines_at_debug"],
            "propagate": False,
        },
        "django.request": {"filters": ["client_errors_on_one_line"]},
        # django-axes logs every start and clean-up at INFO; lockouts are warnings.
        "axes": {"level": "WARNING"},
    },
}
# `make demo` turns this on: one INFO line per Intacct request drowns the sync's progress.
if env.bool("LOG_INTACCT_REQUESTS_AT_DEBUG", default=False):
    LOGGING["loggers"]["integrations.intacct"] = {"filters": ["intacct_requests_at_debug"]}

# --- REST API (the api app) -------------------------------------------------------------------
# Tokens (`manage.py drf_create_token USER`) or the admin's session; the admin's roles decide
# what each user may read and do. Every error is an RFC 9457 problem document.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ModelRolePermission"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.IdCursorPagination",
    "PAGE_SIZE": env.int("API_PAGE_SIZE", default=100),
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerTokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": env.str("API_RATE_LIMIT", default="600/min")},
    "EXCEPTION_HANDLER": "api.problems.problem_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Intacct sync hub API",
    "DESCRIPTION": (
        "Records synced with Sage Intacct, sync runs and errors, and the operations of the "
        "admin. Errors are RFC 9457 problem details."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # The interactive page's scripts come from this site (CSP, offline use): no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "RecordStatusEnum": "integrations.models.master.Status",
        "SyncRunStatusEnum": "integrations.models.runs.SyncRun.Status",
        "SyncErrorStatusEnum": "integrations.models.errors.SyncError.Status",
        "InvoiceOriginEnum": "ar.models.receivables.Origin",
        "PaymentOriginEnum": "ar.models.payments.Payment.Origin",
        "PaymentAppStatusEnum": "ar.models.payments.Payment.Status",
        "DocumentFileKindEnum": "ar.models.documents.InvoiceDocument.Kind",
        "PurchasingDocumentKindEnum": "ap.models.purchasing.DocumentKind",
        "PurchasingStatusEnum": "ap.models.purchasing.PurchasingStatus",
        "VendorStatusEnum": "ap.models.parties.VendorStatus",
        "APDocumentOriginEnum": "ap.models.lifecycle.DocumentOrigin",
        "BillAppStatusEnum": "ap.models.lifecycle.BillStatus",
        "PaidManuallyAccountEnum": "ap.models.lifecycle.PaidManuallyAccount",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_problems",
    ],
}
# How long a POST's Idempotency-Key is remembered.
API_IDEMPOTENCY_HOURS = env.int("API_IDEMPOTENCY_HOURS", default=24)

# --- Intacct client and sync engine ------------------------------------------------------------
INTACCT_CONNECT_TIMEOUT_SECONDS = env.float("INTACCT_CONNECT_TIMEOUT_SECONDS", default=10.0)
INTACCT_READ_TIMEOUT_SECONDS = env.float("INTACCT_READ_TIMEOUT_SECONDS", default=300.0)
INTACCT_BATCH_SIZE = env.int("INTACCT_BATCH_SIZE", default=50)
INTACCT_MAX_IN_FLIGHT = env.int("INTACCT_MAX_IN_FLIGHT", default=2)
INTACCT_MAX_REQUESTS_PER_SECOND = env.float("INTACCT_MAX_REQUESTS_PER_SECOND", default=10.0)
# INTACCT_MAX_IN_FLIGHT holds for all workers together (slots shared through Redis when
# REDIS_URL is set, else the database); off, it holds per process only.
INTACCT_SHARED_IN_FLIGHT = env.bool("INTACCT_SHARED_IN_FLIGHT", default=True)
INTACCT_RETRY_ATTEMPTS = env.int("INTACCT_RETRY_ATTEMPTS", default=5)
INTACCT_RETRY_MAX_SECONDS = env.float("INTACCT_RETRY_MAX_SECONDS", default=120.0)
INTACCT_RETRY_BASE_DELAY_SECONDS = env.float("INTACCT_RETRY_BASE_DELAY_SECONDS", default=1.0)
# Records per pull page (Intacct's query allows up to 2,000).
SYNC_PAGE_SIZE = env.int("SYNC_PAGE_SIZE", default=2000)
# Each incremental pull starts this far before the last WHENMODIFIED seen: Intacct's
# timestamps carry no zone and batch imports commit late.
SYNC_OVERLAP_MINUTES = env.int("SYNC_OVERLAP_MINUTES", default=60)
# A running sync with no progress for this long is considered dead and closed as failed by the
# next start of its connection, on any machine (its heartbeat is written with every page).
SYNC_STALE_RUN_MINUTES = env.float("SYNC_STALE_RUN_MINUTES", default=15)
# The machine name a run records as its worker (host:pid); default the host name. Give machines
# or containers that share a host name distinct ones, or a live run's process id may be taken
# for a dead one's.
SYNC_WORKER_HOST = env.str("SYNC_WORKER_HOST", default="")
SYNC_QUEUED_TIMEOUT_MINUTES = env.int("SYNC_QUEUED_TIMEOUT_MINUTES", default=120)

# --- Accounts receivable --------------------------------------------------------------------
# How far back the historical import reaches.
AR_HISTORY_MONTHS = env.int("AR_HISTORY_MONTHS", default=24)
# Fetch the PDFs and attachments of open invoices during imports (others: when asked for).
AR_IMPORT_DOCUMENTS = env.bool("AR_IMPORT_DOCUMENTS", default=True)

# --- Accounts payable -----------------------------------------------------------------------
# How far back the historical import of bills, payments, credits and card transactions reaches.
AP_HISTORY_MONTHS = env.int("AP_HISTORY_MONTHS", default=24)
