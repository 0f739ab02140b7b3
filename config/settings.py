"""Settings for the key-project tracker, read from environment variables (django-environ).

Every deployment-specific value comes from the environment (or a `.env` file beside
manage.py); see `.env.example` and the README for the full list.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.code_version import code_version

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["localhost", "127.0.0.1", "[::1]"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    HTTPS_ONLY=(bool, False),
    API_MAX_PAGE_SIZE=(int, 100),
    FEEDBACK_RATE=(str, "10/hour"),
    REDIS_URL=(str, ""),
    SESSION_IDLE_TIMEOUT=(int, 2 * 60 * 60),
    LOGIN_FAILURE_LIMIT=(int, 5),
    LOGIN_LOCKOUT_MINUTES=(int, 30),
    API_TOKEN_DAYS=(int, 365),
    DATABASE_REPLICA_URL=(str, ""),
    CONN_MAX_AGE=(int, 60),
    CACHE_PUBLIC_RESPONSES=(bool, True),
    METRICS_ALLOWED_IPS=(list, ["127.0.0.1"]),
)
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env("DEBUG")
# Production refuses to start without a real secret; a plain local run gets a dev key.
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key") if DEBUG else env("SECRET_KEY")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "config.apps.TrackerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "axes",
    "csp",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "core",
    "districts",
    "projects",
    "enterprises",
    "stats",
    "supervision",
    "sync",
    "django_tasks",
    "django_tasks_db",
    "portal",
    "demo",
]

MIDDLEWARE = [
    # Request counts and latencies for /metrics (django-prometheus), 304s and cached responses
    # included.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # /healthz and /metrics, ahead of everything that may be down or refuse (core.health).
    "core.health.HealthMiddleware",
    # Outermost of the rest: a response with an ETag or Last-Modified (the API's,
    # core.api.conditional), also one served from the public cache, answers a matching
    # If-None-Match with 304.
    "django.middleware.http.ConditionalGetMiddleware",
    # Public responses from the shared cache, before the middleware that made them (their
    # headers included; a plain-HTTP request is never answered from a HTTPS response).
    "core.cache.PublicResponseCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which reads a form body: refused requests are never read.
    "core.middleware.RefuseNulMiddleware",
    "core.middleware.AnonymousBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# DATABASE_URL unset = the embedded SQLite file in the project root.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Each worker keeps its connection for this many seconds instead of opening one per request.
DATABASES["default"]["CONN_MAX_AGE"] = env("CONN_MAX_AGE")
# …checked before its first query in each request, so that after a database restart the next
# request reconnects instead of failing on the closed connection.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A read replica (streaming replication of the primary) for the public's reads; writes and
# officials' reads stay on the primary (core.routers). See docs/deployment.md "Scaling out".
if env("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **env.db("DATABASE_REPLICA_URL"),
        "CONN_MAX_AGE": env("CONN_MAX_AGE"),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["core.routers.PublicReadsRouter"]
    MIDDLEWARE.insert(0, "core.routers.PublicReadsMiddleware")
# PostgreSQL's JIT compiles a query the planner estimates costly: 60-70 ms of compiling for
# the officials' lists at 100,000 projects, which run in less (docs/performance.md).
for _database in DATABASES.values():
    if _database["ENGINE"].endswith("postgresql"):
        _database.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded photos are sent by a view that checks who may see them (django-sendfile2). Behind
# nginx: SENDFILE_BACKEND=django_sendfile.backends.nginx, and an `internal` location at
# SENDFILE_URL aliasing MEDIA_ROOT (docs/deployment.md); the default sends the file itself.
SENDFILE_BACKEND = env("SENDFILE_BACKEND", default="django_sendfile.backends.simple")
SENDFILE_ROOT = MEDIA_ROOT
SENDFILE_URL = env("SENDFILE_URL", default="/protected-media")
# Uploaded photos larger than this are refused with a form error.
MAX_PHOTO_BYTES = env.int("MAX_PHOTO_BYTES", default=5 * 1024 * 1024)
# Largest body an anonymous request may send (a problem report: 5,000 characters and a few
# short fields); larger ones get 413. Officials keep Django's DATA_UPLOAD_MAX_MEMORY_SIZE.
ANONYMOUS_MAX_BODY_BYTES = env.int("ANONYMOUS_MAX_BODY_BYTES", default=128 * 1024)
# A month's reports are due by this day of the next month (the period's default deadline).
REPORTING_DEADLINE_DAY = env.int("REPORTING_DEADLINE_DAY", default=5)
# Plausibility flags on a progress report (projects.plausibility): a month's figure above
# PLAUSIBILITY_JUMP_FACTOR times the monthly plan (annual plan / 12) is a jump; a photo whose
# EXIF position is more than PLAUSIBILITY_PHOTO_KM km from the project's location is far.
PLAUSIBILITY_JUMP_FACTOR = env.float("PLAUSIBILITY_JUMP_FACTOR", default=3.0)
PLAUSIBILITY_PHOTO_KM = env.float("PLAUSIBILITY_PHOTO_KM", default=5.0)


# Reminders (manage.py send_reminders, 催报/督办): reporters are reminded this many days
# before a period's deadline; a problem past its due date goes to its assignee, then to the
# district's reviewers after ESCALATE_TO_REVIEWER_DAYS and the city after ESCALATE_TO_CITY_DAYS.
REMIND_DAYS_BEFORE_DEADLINE = env.int("REMIND_DAYS_BEFORE_DEADLINE", default=3)
ESCALATE_TO_REVIEWER_DAYS = env.int("ESCALATE_TO_REVIEWER_DAYS", default=3)
ESCALATE_TO_CITY_DAYS = env.int("ESCALATE_TO_CITY_DAYS", default=7)
# Channels besides the admin inbox: e-mail through Django's mail settings (EMAIL_URL, e.g.
# smtp+tls://user:password@mail.example.gov.cn:587; the console by default) and a chat
# robot's webhook (a JSON text message POSTed to NOTIFY_WEBHOOK_URL; unset = no webhook).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="tracker@localhost")
# Seconds an SMTP server may keep a delivery waiting (Django's default: without bound): the
# task worker sends reminders (core.notify), and a failure is recorded on the delivery.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
NOTIFY_WEBHOOK_URL = env("NOTIFY_WEBHOOK_URL", default="")
NOTIFY_WEBHOOK_TIMEOUT = env.int("NOTIFY_WEBHOOK_TIMEOUT", default=10)

# Signed webhooks to other systems (sync.webhooks), sent by the task worker
# (`manage.py db_worker`: django-tasks on the database, PostgreSQL or SQLite alike). A failed
# delivery is tried again after WEBHOOK_RETRY_SECONDS × 2^(attempt − 1), at most
# WEBHOOK_MAX_ATTEMPTS times.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WEBHOOK_TIMEOUT = env.int("WEBHOOK_TIMEOUT", default=10)
WEBHOOK_RETRY_SECONDS = env.int("WEBHOOK_RETRY_SECONDS", default=60)
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=8)

# The site's address in links sent by e-mail and webhook.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

LOGIN_URL = "admin:login"

# Officials are logged out after this many seconds without a request (not Django's 14 days):
# every request pushes the expiry on; visitors without a session are unaffected.
SESSION_COOKIE_AGE = env("SESSION_IDLE_TIMEOUT")
SESSION_SAVE_EVERY_REQUEST = True

# Brute force on the admin login (django-axes): after LOGIN_FAILURE_LIMIT failures a username
# is locked from every address (guesses spread over many), and an address for every username
# (one password tried on many accounts), for LOGIN_LOCKOUT_MINUTES from the last counted
# failure; wrong old passwords on the password change page count too (core.admin.site).
# `manage.py axes_reset_username` (or deleting the access attempt in the admin) unlocks sooner.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env("LOGIN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = timedelta(minutes=env("LOGIN_LOCKOUT_MINUTES"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Attempts while locked are refused, not counted: the lock ends LOGIN_LOCKOUT_MINUTES after it
# began, however often the official (or a guesser) tries meanwhile.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
# Failed logins and lockouts are rows of the database (never evicted by anything cached).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# The client address as the throttles see it (NUM_PROXIES), not the proxy's.
AXES_CLIENT_IP_CALLABLE = "core.security.client_address"

# Behind TLS (HTTPS_ONLY=true): redirect to HTTPS, secure cookies, HSTS.
HTTPS_ONLY = env("HTTPS_ONLY")
if HTTPS_ONLY:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = False
# Joining the browsers' HSTS preload list is a decision for the owner of the whole domain
# (gov.cn registrations), not for one application on a subdomain.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts only from our own files (chart data travels
# as JSON, never as inline script). Inline *styles* stay allowed: the admin, Swagger UI and
# ECharts set them, and a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}


def redis_cache(url):
    """The shared cache in Redis at `url`. A Redis that fails is a miss, not an error
    (docs/deployment.md "When a part fails"): a call waits at most 250 ms, and after a
    failure the worker skips Redis for a second (core.outage.Breaker) before asking again,
    so that a request never waits long for it."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": 0.25,
            "SOCKET_TIMEOUT": 0.25,
            "IGNORE_EXCEPTIONS": True,
            "CONNECTION_POOL_CLASS": "core.outage.GuardedConnectionPool",
        },
    }


# One store every worker shares for anything cached: Redis when REDIS_URL is set, else a table
# of the database (`migrate` creates it). Never a per-process cache: several workers would each
# see their own.
if env("REDIS_URL"):
    CACHES = {"default": redis_cache(env("REDIS_URL"))}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }
# Redis's errors, ignored, are logged once a minute per worker (core.outage.OncePerMinute).
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "core.outage"
# Rate limits (the feedback throttle) count in a table of the database of their own, with
# Redis as without: nothing cached can push their counters out (the cached pages filled the
# shared table past its 300 entries, and its culling erased them), a Redis outage or restart
# does not erase them, and only the rare requests they limit read them. One counter per
# client address and scope, for an hour: culling (the expired first, then a third of the
# rest) needs MAX_ENTRIES addresses within the hour, each with a budget of its own anyway.
# `migrate` creates the table. Login lockouts are rows of the database (AXES_HANDLER).
CACHES["limits"] = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "django_cache_limits",
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}
# Public GET responses (no token, no session) are served from the cache until the next write
# (core.cache); false answers every request afresh, e.g. to measure the uncached cost.
CACHE_PUBLIC_RESPONSES = env("CACHE_PUBLIC_RESPONSES")
# Client addresses (or networks, 10.0.0.0/24) that may read /metrics; others get 403.
METRICS_ALLOWED_IPS = env("METRICS_ALLOWED_IPS")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"feedback": env("FEEDBACK_RATE")},
    "COERCE_DECIMAL_TO_STRING": True,
    # Client address for throttling: REMOTE_ADDR with NUM_PROXIES=0 (direct), the address
    # the proxy adds to X-Forwarded-For with NUM_PROXIES=1 (behind nginx). A client cannot
    # dodge the feedback limit by sending its own X-Forwarded-For.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}
API_MAX_PAGE_SIZE = env("API_MAX_PAGE_SIZE")

# API tokens (django-rest-knox): stored as hashes, each named after the client system that
# uses it (`manage.py create_api_token`), expiring after API_TOKEN_DAYS unless given --days;
# the header stays `Authorization: Token <key>`.
KNOX_TOKEN_MODEL = "core.ApiToken"
# knox's own migrations would create a table for its stock token model even though ours
# replaces it (a table that `flush` then cannot empty); without them nothing is created.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_TTL": timedelta(days=env("API_TOKEN_DAYS")),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Key-project tracker API",
    "DESCRIPTION": "重点项目与“万人助万企”数据接口 (REST API v1).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "FigureScopeEnum": ["public", "official"],
        "ChangeScopeEnum": ["city", "district", "project"],
    },
}

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # An outage (of Redis, of the database) is logged once a minute, not once a request.
    "filters": {"once_per_minute": {"()": "core.outage.OncePerMinute"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["once_per_minute"]}},
    "loggers": {
        "": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
        "django": {"handlers": [], "level": "INFO", "propagate": True},
    },
}
# Project-id prefix of our OC4IDS publications (registered with the OC4IDS helpdesk).
OC4IDS_PREFIX = env("OC4IDS_PREFIX", default="oc4ids-puyang")
# The font embedded (as a subset) in the monthly bulletin's PDF (stats/bulletin_documents.py):
# Chinese, with TrueType outlines (Noto Sans CJK's PostScript outlines are not embedded
# right). Debian's fonts-wqy-microhei installs the default; .ci/run installs it.
BULLETIN_FONT = env("BULLETIN_FONT", default="/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
# Cached values are made by code under these settings: their keys name a digest of both, so
# that none made by another version or under other settings is served after an upgrade or a
# restart with a changed setting (config/code_version.py, core/cache.py). Last: it reads them.
CODE_VERSION = code_version(BASE_DIR, globals())
