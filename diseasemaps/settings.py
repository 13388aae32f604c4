"""Diseasemaps settings. Everything comes from the environment; see README.md."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from diseasemaps.env import envbool, envint, envlist, envsecret, envstr, tile_origins

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)

SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (or set SECRET_KEY_FILE)")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_NAME = envstr("SITE_NAME", "Diseasemaps")

# Who runs this site, as the privacy policy, the terms and the contact page name them (the data
# controller). The defaults suit the demo only: a real site sets all three.
OPERATOR_NAME = envstr("OPERATOR_NAME", f"{SITE_NAME} demo")
OPERATOR_ADDRESS = envstr("OPERATOR_ADDRESS", "1 Example Street, 00000 Example Town (demo address)")
OPERATOR_EMAIL = envstr("OPERATOR_EMAIL", "privacy@example.org")
# The version of the privacy policy (templates/pages/privacy.html), stored with each member's consent.
# Bump it whenever what the policy says changes: every member is then asked to consent again, once.
PRIVACY_POLICY_VERSION = "2026-12-01"
# The version of the terms of use (templates/pages/terms.html), shown on them.
TERMS_VERSION = "2026-12-01"

# How many reverse proxies in front of the app add themselves to X-Forwarded-For. Rate limits key
# on the client's address: 0 (the default) trusts no header; behind one proxy, set it to 1.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

INSTALLED_APPS = [
    "modeltranslation",  # before the admin: conditions' names and questions per language (conditions/translation.py)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",  # its trigram lookups, for search on PostgreSQL (conditions/search.py)
    "django.forms",
    "csp",
    "allauth",
    "allauth.account",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "diseasemaps",
    "conditions",
    "community",
]

MIDDLEWARE = [
    "diseasemaps.request_log.RequestLogMiddleware",  # outermost: one line a request, with its final status
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "diseasemaps.languages.LanguageMiddleware",  # the address's language, else the cookie's, else the browser's
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "diseasemaps.middleware.PrivateWhenSignedInMiddleware",
    "diseasemaps.middleware.DropControlCharactersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "diseasemaps.middleware.PauseLoginsWhileCacheIsDownMiddleware",  # Redis down: 503 at once, no guessing
    "community.members.consent.ConsentMiddleware",  # members give their consent before anything else
    "simple_history.middleware.HistoryRequestMiddleware",  # records who changed an article
]

ROOT_URLCONF = "diseasemaps.urls"
WSGI_APPLICATION = "diseasemaps.wsgi.application"

CSRF_FAILURE_VIEW = "diseasemaps.views.csrf_failure"  # the 403 page in the site's layout

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
                "csp.context_processors.nonce",
                "diseasemaps.context_processors.site",
            ],
        },
    },
]

# Form widgets render through the project's templates too (templates/community/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue up instead of failing with "database is locked" (a double-clicked join, say).
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
else:
    # Search's trigram match (conditions/search.py) finds "hemocromatosys" (0.56) where the default 0.6 does
    # not; added to the options DATABASE_URL may give (migration conditions 0008 sets it on the database too).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c pg_trgm.word_similarity_threshold=0.5".strip()
    if envbool("DATABASE_PREPARED_STATEMENTS", True):
        # A statement run five times on a connection is prepared (psycopg): PostgreSQL parses and
        # plans it once, which takes most of its time for this site's small queries. Off behind a
        # pooler that cannot keep prepared statements (PgBouncer in transaction mode before 1.21).
        options.update(server_side_binding=True, prepare_threshold=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = envstr("REDIS_URL")
if REDIS_URL:
    # Redis down or slow: pages render uncached, writes succeed, limits count in the database
    # (diseasemaps/cache.py); a call gives up after REDIS_TIMEOUT_MS.
    REDIS_TIMEOUT = envint("REDIS_TIMEOUT_MS", 500) / 1000
    CACHES = {
        "default": {
            "BACKEND": "diseasemaps.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background tasks (emails) through django-tasks: a queue table in the database, worked by
# `manage.py db_worker`; with REDIS_URL, RQ on the same Redis for several servers, worked by
# `manage.py rqworker --job-class django_tasks_rq.Job --with-scheduler default`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if REDIS_URL:
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
EMAIL_TASK_ATTEMPTS = envint("EMAIL_TASK_ATTEMPTS", 6)  # then given up, logged; back-off 1, 2, 4, 8, 16 min

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "community:profile"

# Accounts (django-allauth): email and password only; the pseudonym lives on the profile.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# Mandatory: a member is counted on a map only once their email is verified. Development may relax it.
ACCOUNT_EMAIL_VERIFICATION = envstr("ACCOUNT_EMAIL_VERIFICATION", "mandatory") if DEBUG else "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_SIGNUP_FORM_CLASS = "community.members.forms.SignupProfileForm"
# allauth's forms with our wording (community/members/account_forms.py)
ACCOUNT_FORMS = {
    name: f"community.members.account_forms.{form}"
    for name, form in [
        ("login", "LoginForm"),
        ("reset_password", "ResetPasswordForm"),
        ("reset_password_from_key", "ResetPasswordKeyForm"),
        ("change_password", "ChangePasswordForm"),
        ("set_password", "SetPasswordForm"),
        ("add_email", "AddEmailForm"),
    ]
}
ACCOUNT_ADAPTER = "community.members.accounts.AccountAdapter"
ACCOUNT_USER_DISPLAY = "community.members.accounts.user_display"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{envstr('SITE_NAME', 'Diseasemaps')}] "
# Brute-force protection; counted in the cache, so production needs REDIS_URL with several processes.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "confirm_email": "1/3m/key",
}

# What one member may write: (how many, per how many seconds).
MEMBER_RATE_LIMITS = {
    "answer": (envint("ANSWER_RATE_LIMIT", 20), 3600),
    "vote": (envint("VOTE_RATE_LIMIT", 120), 3600),
    "report": (envint("REPORT_RATE_LIMIT", 20), 24 * 3600),
    "request": (envint("CONNECTION_REQUEST_RATE_LIMIT", 20), 24 * 3600),
    "condition_request": (envint("CONDITION_REQUEST_RATE_LIMIT", 5), 24 * 3600),  # asking for a missing condition
    "profile_view": (envint("PROFILE_VIEW_LIMIT", 120), 3600),  # anti-scraping: other members' profiles
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "diseasemaps.api_schema.ApiSchema",  # documents the 400, 403, 404 and 429
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's parsers, refusing deep nesting and control characters with a 400 (diseasemaps/api_parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "diseasemaps.api_parsers.JSONParser",
        "diseasemaps.api_parsers.FormParser",
        "diseasemaps.api_parsers.MultiPartParser",
    ],
    # Search as you type: a person types a few letters a second, and a hospital's people share one address.
    "DEFAULT_THROTTLE_RATES": {
        "conditions": envstr("CONDITION_SEARCH_RATE", "300/min"),
        "places": "120/min",
        "me": "60/min",
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Diseasemaps API",
    "DESCRIPTION": "Conditions, places and your own profile. Other members' emails and coordinates are never exposed.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Places and maps. The gazetteer geocoder works offline; "nominatim" asks OpenStreetMap
# (at most one request a second, cached) and falls back to the gazetteer on any error.
GEOCODER = envstr("GEOCODER", "gazetteer")
if GEOCODER not in {"gazetteer", "nominatim"}:
    raise ImproperlyConfigured(f"GEOCODER={GEOCODER!r} must be 'gazetteer' or 'nominatim'")
GEOCODER_USER_AGENT = envstr("GEOCODER_USER_AGENT", "Diseasemaps (self-hosted)")
GEOCODER_TIMEOUT = envint("GEOCODER_TIMEOUT", 5)
MAP_MIN_GROUP = envint("MAP_MIN_GROUP", 3)
# Map tiles. Empty MAP_TILES_URL: no tiles, the countries are still drawn from local shapes.
MAP_TILES_URL = envstr("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = envstr(
    "MAP_TILES_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
MAP_MAX_ZOOM = envint("MAP_MAX_ZOOM", 12)
# Each process keeps the places of the last MAP_KEPT_MAPS maps it drew with at least
# MAP_KEPT_MIN_PLACES places, and brings them up to date cell by cell (community/maps/kept.py).
MAP_KEPT_MAPS = envint("MAP_KEPT_MAPS", 4)
MAP_KEPT_MIN_PLACES = envint("MAP_KEPT_MIN_PLACES", 1000)

LANGUAGE_CODE = "en"
# The interface's languages (locale/<code>/LC_MESSAGES/django.po); English is the source. A page's
# is its address's, else the member's saved one, else Accept-Language (diseasemaps/languages.py),
# and every cached page is kept per language.
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("ca", _("Catalan")),
    ("fr", _("French")),
    ("it", _("Italian")),
    ("pt", _("Portuguese")),
    ("de", _("German")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Conditions' names, synonyms and summaries and questions' wording per language, in columns beside
# the English ones (conditions/translation.py); what has no translation is shown in English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
USE_I18N = True
TIME_ZONE = envstr("TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Where django.core.mail.backends.filebased.EmailBackend writes each email, one file per connection.
EMAIL_FILE_PATH = envstr("EMAIL_FILE_PATH", str(BASE_DIR / "artifacts" / "emails"))
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Diseasemaps <noreply@localhost>")
# The site's public address: emails, canonical links and the page cache use it, never the Host header.
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL:
    raise ImproperlyConfigured(
        "SITE_URL must be set when DEBUG is off: the site's address, such as https://maps.example.org"
    )
SERVER_EMAIL = envstr("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = [("Admin", address) for address in envlist("ADMINS")]

# Security. Production (DEBUG off) is safe by default; each switch can be turned off
# through the environment, for example behind a proxy that already redirects to HTTPS.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
if envbool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
# Sessions live in the database and are read from the cache for a minute (diseasemaps/sessions.py).
SESSION_ENGINE = "diseasemaps.sessions"
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *tile_origins(MAP_TILES_URL)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# One JSON line a request on `diseasemaps.requests` (diseasemaps/request_log.py); REQUEST_LOG=0 turns it
# off. Email addresses are masked in every line.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_emails": {"()": "diseasemaps.request_log.MaskEmails"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_emails"]}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"diseasemaps.requests": {"level": "INFO" if envbool("REQUEST_LOG", True) else "WARNING"}},
}
