"""Settings, read from environment variables only.

With nothing set this is production-safe (DEBUG off, secure cookies, HSTS) and refuses to start
without SECRET_KEY. `DEBUG=1` is the development mode `make run` uses: SQLite in the project
folder, tasks run in-process, email to the console.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "development-only-insecure-key"  # noqa: S105 - used only when DEBUG is on

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "django.contrib.admin",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "csp",
    "import_export",
    "coalition",
    "members",
    "cases",
    "referrals",
    "coalition.reports",
    "coalition.activities",
]

MIDDLEWARE = [
    # Outermost: its headers go on every response, health checks and static files included.
    "coalition.middleware.CrossOriginHeadersMiddleware",
    # Then: health probes are answered before sessions, login and the Host check.
    "coalition.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "coalition.middleware.ResilientSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's and django-otp's, with the user loaded and verified at once, not lazily.
    "coalition.middleware.SignedInUserMiddleware",
    "coalition.middleware.AbsoluteSessionLifetimeMiddleware",
    "coalition.middleware.SignedInNoStoreMiddleware",
    "coalition.middleware.MethodNotAllowedPageMiddleware",
    "coalition.middleware.FormMethodsOnlyMiddleware",
    "members.two_factor.VerifiedUserMiddleware",
    "members.two_factor.SecondFactorMiddleware",
    "coalition.middleware.RequestSizeLimitMiddleware",
    "coalition.middleware.SignInAgainMiddleware",  # Django's LoginRequiredMiddleware
    "coalition.middleware.RequestContextMiddleware",
    "coalition.middleware.DeniedRequestLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coalition.urls"
WSGI_APPLICATION = "coalition.wsgi.application"

TEMPLATES = [
    {
        # Django's, its tag-library check aware of the `i18n` below (coalition/templating.py).
        "BACKEND": "coalition.templating.DjangoTemplates",
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coalition.context_processors.shell",
            ],
            # `{% load i18n %}` is Django's tags, a constant `{% translate %}` drawn once per
            # language; `{% load static %}` Django's, each path's URL looked up once
            # (coalition/templatetags/translate_once.py, static_once.py).
            "libraries": {
                "i18n": "coalition.templatetags.translate_once",
                "static": "coalition.templatetags.static_once",
            },
            # `{% url %}` is Django's, a constant name with ids reversed once per name;
            # `|date` is Django's, formats in digits only drawn directly
            # (coalition/templatetags/url_once.py, date_digits.py).
            "builtins": [
                "coalition.templatetags.url_once",
                "coalition.templatetags.date_digits",
            ],
        },
    },
    # The rows of the longest lists only (coalition/jinja.py): everything else is Django's.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "coalition.jinja.environment"},
    },
]

# Forms are drawn by the project's template engine, so templates/django/forms/ can override
# Django's (a label says "(required)").
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: PostgreSQL through psycopg 3 when DATABASE_URL is set, SQLite in the project otherwise.
# TLS: `?sslmode=verify-full` (and `&sslrootcert=/path/ca.pem` for a private authority) in the
# URL reach psycopg as connection options.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo's server answers requests on several threads. A transaction that read before it
    # wrote failed at once with "database is locked" when another was writing; one that takes
    # the write lock as it begins waits its turn instead (up to 20 seconds).
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
# The web server stops a statement that waits on PostgreSQL past this (a locked table, a runaway
# query) and answers 503 (coalition.views.server_error), before gunicorn's and the proxy's own
# timeouts cut the request off with no answer while it might still commit. docker-compose.yml
# sets it for `web` only: jobs may rightly run longer. 0: no limit.
DB_STATEMENT_TIMEOUT_SECONDS = envint("DB_STATEMENT_TIMEOUT_SECONDS", 0)
if DB_STATEMENT_TIMEOUT_SECONDS and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={DB_STATEMENT_TIMEOUT_SECONDS * 1000}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, the staff record read with the user (members/backends.py).
    "members.backends.StaffModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "coalition.password_breaches.BreachedPasswordValidator"},
]
# Refuse passwords found in public breaches (coalition/password_breaches.py): only 5 characters
# of the password's SHA-1 are sent; a check that does not answer in time lets the password by.
PWNED_PASSWORDS_CHECK = envbool("PWNED_PASSWORDS_CHECK", not DEBUG)
PWNED_PASSWORDS_TIMEOUT = 2
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Idle timeout: the session ends after this many minutes without a request. A request pushes
# the end back by saving the session, at most once every SESSION_REFRESH_SECONDS
# (coalition.middleware.ResilientSessionMiddleware), not on every request: an idle session so
# ends between SESSION_REFRESH_SECONDS early and on time, never late.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", 30) * 60
SESSION_REFRESH_SECONDS = envint("SESSION_REFRESH_SECONDS", 120)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Absolute lifetime: a session ends this many hours after its sign-in, however active.
SESSION_ABSOLUTE_HOURS = envint("SESSION_ABSOLUTE_HOURS", 12)

# Second factor (members/two_factor.py): required of the roles in
# members.accounts_policy.SECOND_FACTOR_ROLES, offered to everyone. On unless turned off; the
# demo (DEBUG) turns it off by default and says so on its sign-in page. A browser may be
# remembered for at most 12 hours.
REQUIRE_TWO_FACTOR = envbool("REQUIRE_TWO_FACTOR", not DEBUG)
TWO_FACTOR_REMEMBER_HOURS = min(envint("TWO_FACTOR_REMEMBER_HOURS", 12), 12)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Coalition cases")
# Passkeys (members/passkey_views.py), a second factor only, never a way in without the
# password. A passkey is bound to the site's domain (SITE_URL's, or WEBAUTHN_RP_ID, a parent
# domain of it): changing it later makes every registered passkey unusable.


def passkey_origin(site_url: str) -> str:
    """The origin passkeys work on. Browsers refuse them on an address such as 127.0.0.1 and
    on plain http anywhere but localhost: a development SITE_URL on the loopback address gets
    passkeys at http://localhost on the same port."""
    parts = urlsplit(site_url)
    netloc = parts.netloc
    if parts.hostname in ("127.0.0.1", "::1"):
        netloc = f"localhost:{parts.port}" if parts.port else "localhost"
    return urlunsplit((parts.scheme, netloc, "", "", ""))


OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_ALLOWED_ORIGINS = [passkey_origin(SITE_URL)]
OTP_WEBAUTHN_RP_ID = (
    os.environ.get("WEBAUTHN_RP_ID") or urlsplit(OTP_WEBAUTHN_ALLOWED_ORIGINS[0]).hostname or ""
)
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER

# Lockout after repeated failed logins, per username and address.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = envint("PROXY_COUNT", 0)
# axes and the access log read the client's address the same way (PROXY_COUNT).
AXES_CLIENT_IP_CALLABLE = "coalition.middleware.client_ip"
# Beyond the pair lock (coalition/throttle.py): failures from one address across names before
# it is refused for the cool-off, and the longest delay between attempts at one name.
LOGIN_FAILURES_PER_ADDRESS = envint("LOGIN_FAILURES_PER_ADDRESS", 30)
LOGIN_DELAY_MAX_SECONDS = envint("LOGIN_DELAY_MAX_SECONDS", 60)
# Password reset requests: at most this many per email address, and per address, an hour.
PASSWORD_RESETS_PER_EMAIL_PER_HOUR = envint("PASSWORD_RESETS_PER_EMAIL_PER_HOUR", 3)
PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = envint("PASSWORD_RESETS_PER_ADDRESS_PER_HOUR", 10)

# guardian: direct foreign-key permission tables only, no anonymous user row.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ur", _("Urdu"))]
LOCALE_PATHS = [BASE_DIR / "coalition" / "locale"]
TIME_ZONE = "Asia/Karachi"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploaded case documents live outside the web root and are served only through
    # permission-checked views; nothing maps MEDIA_URL to them.
    "default": {
        # Encrypted on disk with FIELD_ENCRYPTION_KEYS (coalition/encrypted_storage.py).
        "BACKEND": "coalition.encrypted_storage.EncryptedFileSystemStorage",
        "OPTIONS": {"location": os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media")},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
# Where `manage.py backup` writes (the compose stack's backup service mounts a volume there).
BACKUP_ROOT = os.environ.get("BACKUP_ROOT", str(BASE_DIR / "backups"))
# A case document is at most DOCUMENT_MAX_BYTES; a request larger than that and its form is
# refused from its Content-Length before its body is read (coalition.middleware).
DOCUMENT_MAX_BYTES = envint("DOCUMENT_MAX_MB", 10) * 1024 * 1024
REQUEST_BODY_MAX_BYTES = DOCUMENT_MAX_BYTES + 1024 * 1024
# Spreadsheets brought in through the import pages: at most IMPORT_MAX_BYTES, kept (until the
# import is done) in IMPORT_ROOT, outside the web root and never served.
IMPORT_MAX_BYTES = envint("IMPORT_MAX_MB", 10) * 1024 * 1024
IMPORT_ROOT = Path(os.environ.get("IMPORT_ROOT", BASE_DIR / "private-imports"))
# A member's free shelter beds and legal aid slots older than this are shown as out of date.
CAPACITY_STALE_DAYS = envint("CAPACITY_STALE_DAYS", 14)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600

# Email: console in development, SMTP from the environment otherwise.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or not os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.smtp.EmailBackend",
)
# For EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (a mail-catcher folder).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-emails"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cases@coalition.invalid")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery on Redis when REDIS_URL is set; otherwise tasks run in-process, at commit.
# The broker and the cache live in separate Redis databases (or instances): clearing or evicting
# the cache never touches the task queue. REDIS_URL's database N is the broker, N+1 the cache,
# unless CELERY_BROKER_URL or CACHE_URL name their own. The broker's Redis must run with
# `maxmemory-policy noeviction`; the cache's may evict.
REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_database_after(url: str) -> str:
    """The same Redis server's next database: redis://host:6379/0 -> redis://host:6379/1."""
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{database + 1}"))


CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or "memory://"
CACHE_URL = os.environ.get("CACHE_URL") or (redis_database_after(REDIS_URL) if REDIS_URL else "")

# TLS to Redis: a rediss:// URL. The server's certificate must be valid for its host name,
# signed by the system's authorities or by REDIS_CA_FILE. redis-py (the cache) checks both by
# default; Celery's kombu (the broker) checks neither unless told, so both are told here.
REDIS_CA_FILE = os.environ.get("REDIS_CA_FILE", "")


def redis_tls_options(url: str) -> dict:
    if urlsplit(url).scheme != "rediss":
        return {}
    options = {"ssl_cert_reqs": "required", "ssl_check_hostname": True}
    if REDIS_CA_FILE:
        options["ssl_ca_certs"] = REDIS_CA_FILE
    return options


CELERY_BROKER_USE_SSL = redis_tls_options(CELERY_BROKER_URL) or False
# No task's result is read back: no result store, so a call never waits on one.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = not (REDIS_URL or os.environ.get("CELERY_BROKER_URL"))
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Beat queues the heartbeat task this often and a worker stamps the time it ran; /healthz fails
# when the stamp is older than HEARTBEAT_MAX_AGE_SECONDS (no worker took a job for that long).
HEARTBEAT_SECONDS = envint("HEARTBEAT_SECONDS", 60)
HEARTBEAT_MAX_AGE_SECONDS = envint("HEARTBEAT_MAX_AGE_SECONDS", 300)
# A request that queues a task never waits on a broker that is down: one quick try, then the
# caller logs it and the periodic jobs (the email outbox, the stalled-report job) catch up.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Every task stops by its time limit: the soft one raises inside the task, the hard one kills
# the worker process. Building a stored report may take longer than anything else.
CELERY_TASK_SOFT_TIME_LIMIT = envint("TASK_SOFT_TIME_LIMIT_SECONDS", 5 * 60)
CELERY_TASK_TIME_LIMIT = envint("TASK_TIME_LIMIT_SECONDS", 6 * 60)
REPORT_BUILD_SOFT_TIME_LIMIT = envint("REPORT_BUILD_SOFT_TIME_LIMIT_SECONDS", 25 * 60)
REPORT_BUILD_TIME_LIMIT = envint("REPORT_BUILD_TIME_LIMIT_SECONDS", 30 * 60)
# A report claimed longer ago than this was claimed by a worker that died: it is taken over.
REPORT_BUILD_STALE_SECONDS = REPORT_BUILD_TIME_LIMIT + 5 * 60
# A build is tried this many times (a worker killed by the hard limit counts) before it fails.
REPORT_BUILD_MAX_ATTEMPTS = envint("REPORT_BUILD_MAX_ATTEMPTS", 3)
# An unacknowledged task comes back to the queue after this: longer than the longest time
# limit, so a task is never handed to a second worker while the first still runs it.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": max(CELERY_TASK_TIME_LIMIT, REPORT_BUILD_TIME_LIMIT) + 10 * 60,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
}
# The email outbox: an email that failed is tried again after 5 minutes, then 10, 20... (at most
# 6 hours apart), up to 8 times in all, then flagged to the secretariat's admins.
NOTIFICATION_EMAIL_FIRST_RETRY_SECONDS = envint("NOTIFICATION_EMAIL_FIRST_RETRY_SECONDS", 300)
NOTIFICATION_EMAIL_MAX_RETRY_SECONDS = 6 * 3600
NOTIFICATION_EMAIL_MAX_ATTEMPTS = envint("NOTIFICATION_EMAIL_MAX_ATTEMPTS", 8)
CELERY_BEAT_SCHEDULE = {
    "coalition-heartbeat": {
        "task": "coalition.tasks.heartbeat",
        "schedule": HEARTBEAT_SECONDS,
        "options": {"expires": HEARTBEAT_SECONDS},
    },
    "notifications-send-due-emails": {
        "task": "coalition.tasks.send_due_emails",
        "schedule": 300,
    },
    "sessions-clear-expired": {
        "task": "coalition.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=30),
    },
    "reports-resume-stalled": {
        "task": "coalition.reports.tasks.resume_stalled_builds",
        "schedule": 600,
    },
    "imports-resume-stalled": {
        "task": "coalition.tasks.resume_stalled_imports",
        "schedule": 600,
    },
    "referrals-remind-due-soon": {"task": "referrals.tasks.remind_due_soon", "schedule": 3600},
    "referrals-escalate-overdue": {"task": "referrals.tasks.escalate_overdue", "schedule": 3600},
    "referrals-expire": {"task": "referrals.tasks.expire_unanswered", "schedule": 3600},
    "helpline-remind-callbacks": {"task": "cases.helpline.tasks.remind_callbacks", "schedule": 300},
    "cases-hearing-reminders": {
        "task": "cases.tasks.hearing_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "referrals-daily-digest": {
        "task": "referrals.tasks.daily_digest",
        "schedule": crontab(hour=8, minute=0),
    },
    # Every 4 minutes, within REPORTS_CACHE_SECONDS: dashboards open with figures counted.
    "reports-recount-dashboards": {
        "task": "coalition.reports.tasks.recount_dashboards",
        "schedule": 240,
    },
    "activities-follow-up-reminders": {
        "task": "coalition.activities.tasks.follow_up_reminders",
        "schedule": crontab(hour=7, minute=15),
    },
    "activities-funding-deadline-reminders": {
        "task": "coalition.activities.tasks.funding_deadline_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    # After midnight (Asia/Karachi) and the sealing margin: yesterday's access log is sealed.
    "access-log-seal": {
        "task": "coalition.tasks.seal_access_log",
        "schedule": crontab(hour=1, minute=5),
    },
    "cases-retention-erasure": {
        "task": "cases.tasks.erase_expired_cases",
        "schedule": crontab(hour=2, minute=30),
    },
    "reports-monthly": {
        "task": "coalition.reports.tasks.monthly_report",
        "schedule": crontab(day_of_month=1, hour=2, minute=0),
    },
}

# The cache only saves work: when its Redis is unreachable every page still answers, counting
# afresh (coalition.cache.ResilientRedisCache logs the failure and reports a miss).
CACHES = {
    "default": {
        "BACKEND": "coalition.cache.ResilientRedisCache",
        "LOCATION": CACHE_URL,
        "OPTIONS": {
            "socket_connect_timeout": 0.5,
            "socket_timeout": 1,
            **redis_tls_options(CACHE_URL),
        },
    }
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
# Sessions are read from the cache and written to both it and the database (one query less on
# every page), when the cache is Redis that every worker shares: a worker's own memory would
# keep a session that another worker ended. members.sessions drops the cached copy of every
# session it ends.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHE_URL
    else "django.contrib.sessions.backends.db"
)


# Product settings.
# Django's admin is a developer tool; production enables it only on purpose.
ADMIN_ENABLED = envbool("ADMIN_ENABLED", False)
SMALL_CELL_THRESHOLD = envint("SMALL_CELL_THRESHOLD", 11)
# How long the reports page reuses figures it has counted (0: count them on every view).
REPORTS_CACHE_SECONDS = envint("REPORTS_CACHE_SECONDS", 300)
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "coalition-demo-2026")

# Security headers. Production defaults; a reverse proxy that terminates TLS sets
# SECURE_PROXY_SSL_HEADER through the environment.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
if envbool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
# HSTS preload is a one-way commitment for a whole domain, and member NGOs often host other sites
# on theirs: opt in with SECURE_HSTS_PRELOAD=1 rather than by default.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# A window this site opens, or that opens it, shares no browsing context with another site's
# (Django's default, stated here: Cross-Origin-Resource-Policy is in coalition.middleware).
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Request bodies and querystrings can carry survivors' details: never log them.
    "loggers": {"django.request": {"level": "ERROR"}, "axes": {"level": "WARNING"}},
}

# Referrals: hours to answer by urgency, then grace before an unanswered referral expires, and
# hours overdue before the secretariat is told.
REFERRAL_RESPONSE_HOURS = {
    "emergency": envint("REFERRAL_HOURS_EMERGENCY", 24),
    "urgent": envint("REFERRAL_HOURS_URGENT", 72),
    "routine": envint("REFERRAL_HOURS_ROUTINE", 168),
}
REFERRAL_EXPIRY_GRACE_HOURS = envint("REFERRAL_EXPIRY_GRACE_HOURS", 72)
REFERRAL_ESCALATE_TO_SECRETARIAT_HOURS = envint("REFERRAL_ESCALATE_TO_SECRETARIAT_HOURS", 48)
HEARING_REMINDER_DAYS = envint("HEARING_REMINDER_DAYS", 2)
# Activities: how far ahead owners of follow-up actions are reminded, and the days before a
# funding call's deadline on which the members bidding are reminded.
FOLLOW_UP_REMINDER_DAYS = envint("FOLLOW_UP_REMINDER_DAYS", 2)
FUNDING_REMINDER_DAYS = tuple(int(d) for d in envlist("FUNDING_REMINDER_DAYS", "14,7,1"))
CALLBACK_REMINDER_MINUTES = envint("CALLBACK_REMINDER_MINUTES", 15)

# Duplicate checks (cases/duplicates.py): how many a person may make in an hour, and the key of
# the hash the access log keeps of each checked CNIC or phone number (a key derived from
# SECRET_KEY when unset; set it so that rotating SECRET_KEY keeps the hashes comparable).
DUPLICATE_CHECKS_PER_HOUR = envint("DUPLICATE_CHECKS_PER_HOUR", 30)
IDENTIFIER_HASH_KEY = os.environ.get("IDENTIFIER_HASH_KEY", "")

# The access log's daily seals (coalition/access_log_chain.py): the key of their HMAC (a key
# derived from SECRET_KEY when unset; set it, keep it out of the database and its backups, and
# never change it: the seals made with the old key stop verifying), and how long after a day's
# end it is sealed (longer than the longest transaction that may still be writing entries).
ACCESS_LOG_SEAL_KEY = os.environ.get("ACCESS_LOG_SEAL_KEY", "")
ACCESS_LOG_SEAL_MARGIN_MINUTES = envint("ACCESS_LOG_SEAL_MARGIN_MINUTES", 45)

# Retention (cases/erasure.py): a case closed longer ago than this many years has its identifying
# details erased by a nightly job; the de-identified facts the reports count stay.
RETENTION_YEARS_AFTER_CLOSURE = envint("RETENTION_YEARS_AFTER_CLOSURE", 5)
# Identifiers, names, notes and documents are encrypted at rest (coalition/crypto.py) with these
# keys: URL-safe base64 of 32 bytes each, comma-separated, the first one current, older ones
# kept only until `manage.py rotate_keys` has moved everything to it. With DEBUG and none set, a
# key is derived from SECRET_KEY (and IDENTIFIER_HASH_KEY falls back to SECRET_KEY); without
# DEBUG both must be set, and `check --deploy` fails without them.
FIELD_ENCRYPTION_KEYS = envlist("FIELD_ENCRYPTION_KEYS", "")
