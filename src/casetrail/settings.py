"""Django settings for casetrail, read from the environment (see docs/operations.md).

One module for every installation. CASETRAIL_MODE picks production (the
default: HTTPS-only, secret key required), demo (plain HTTP on this machine)
or test (the suite's small differences, marked where they are made).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from casetrail import config, local_time

PACKAGE_DIR = Path(__file__).resolve().parent

try:
    _env = config.from_os()
    MODE = config.mode(_env)
    DATA_DIR = config.data_dir(_env)
    SECRET_KEY = config.secret_key(_env, MODE, DATA_DIR)
    _database_url = config.database_url(_env, DATA_DIR)
    DEBUG = _env.flag("CASETRAIL_DEBUG", default=False)
    if DEBUG and MODE == "production":
        raise config.ConfigError("CASETRAIL_DEBUG: must be false in production mode")
    _https = _env.flag("CASETRAIL_HTTPS", default=MODE == "production")
    ALLOWED_HOSTS = _env.items("CASETRAIL_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
    CSRF_TRUSTED_ORIGINS = _env.items("CASETRAIL_CSRF_TRUSTED_ORIGINS", [])
    _behind_proxy = _env.flag("CASETRAIL_BEHIND_PROXY", default=False)
    _proxy_count = _env.integer("CASETRAIL_PROXY_COUNT", default=1, minimum=1)
    _hsts_seconds = _env.integer("CASETRAIL_HSTS_SECONDS", default=31_536_000)
    _hsts_preload = _env.flag("CASETRAIL_HSTS_PRELOAD", default=True)
    _session_hours = _env.integer("CASETRAIL_SESSION_HOURS", default=8, minimum=1)
    _lockout_failures = _env.integer("CASETRAIL_LOGIN_FAILURE_LIMIT", default=5, minimum=1)
    _lockout_minutes = _env.integer("CASETRAIL_LOGIN_LOCKOUT_MINUTES", default=30, minimum=1)
    EMAIL_HOST = _env.text("CASETRAIL_EMAIL_HOST", "localhost")
    EMAIL_PORT = _env.integer("CASETRAIL_EMAIL_PORT", default=25, minimum=1)
    EMAIL_HOST_USER = _env.text("CASETRAIL_EMAIL_USER")
    EMAIL_HOST_PASSWORD = _env.text("CASETRAIL_EMAIL_PASSWORD")
    EMAIL_USE_TLS = _env.flag("CASETRAIL_EMAIL_USE_TLS", default=False)
    DEFAULT_FROM_EMAIL = _env.text("CASETRAIL_EMAIL_FROM", "casetrail@localhost")
except config.ConfigError as error:
    raise ImproperlyConfigured(str(error)) from None

SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if MODE == "production"
    else "django.core.mail.backends.console.EmailBackend"
)

INSTALLED_APPS = [
    "casetrail.accounts",
    "casetrail.policy",
    "casetrail.chronology",
    "casetrail.people",
    "casetrail.workflow",
    "casetrail.assessments",
    "casetrail.web",
    "casetrail.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "rules",
    "django_htmx",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks, so it sees the outcome of every sign-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casetrail.urls"
WSGI_APPLICATION = "casetrail.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "casetrail.web.context_processors.service",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one writer works; IMMEDIATE takes the write
    # lock at BEGIN, so two writers queue instead of failing part-way through.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "casetrail.accounts.backends.PasswordBackend",
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "signed-out"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if MODE == "test":
    # Test difference: a fast hasher, so the suite is not dominated by key stretching.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Sign-in throttling (django-axes): lock a username from an address after
# repeated failures; the lock lifts by itself or when an administrator clears it.
AXES_FAILURE_LIMIT = _lockout_failures
AXES_COOLOFF_TIME = timedelta(minutes=_lockout_minutes)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = _proxy_count if _behind_proxy else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if _behind_proxy else ["REMOTE_ADDR"]
)
AXES_VERBOSE = MODE != "test"

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = _session_hours * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "casetrail.web.views.csrf_failure"

SECURE_SSL_REDIRECT = _https
# Load balancers probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = _hsts_seconds if _https else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = _https and _hsts_preload
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if _behind_proxy:
    # Only safe when the load balancer strips this header from clients' requests.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = False

# No inline script or style anywhere: every script is a file served from here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = local_time.TIME_ZONE
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            # Test difference: files straight from the package, no collectstatic step.
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if MODE == "test"
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
# Test difference: WhiteNoise looks files up as they are asked for, since tests
# never run collectstatic.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = MODE == "test"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING" if MODE == "test" else "INFO"},
    # django-axes announces its settings at every start; commands should print only their own.
    "loggers": {"axes.apps": {"level": "WARNING"}},
}
