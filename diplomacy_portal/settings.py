"""Settings for the Diplomacy Portal, read from the environment.

Local development needs no variables. Production is switched on with ``PORTAL_ENV=production``
and then refuses to start without a real ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``SITE_ORIGIN`` and a
mail server (``EMAIL_HOST``, or ``PASSWORD_RESET_DISABLED=1``).
"""

import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def development_secret_key(path):
    """The development key kept in ``path``, made by whichever process needs it first.

    Every gunicorn worker and every ``manage.py`` command must sign with the same key, or a
    session, message or form token made by one worker is refused by the next. Several workers
    start at once: each writes a complete key to a file of its own and links it to ``path``,
    which fails for all but the first, so every process reads the one key that won.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, candidate = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(descriptor, "w") as file:  # mkstemp makes it readable by its owner only
                file.write(secrets.token_urlsafe(50) + "\n")
            os.link(candidate, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(candidate)
    key = path.read_text().strip()
    if len(key) < 50:
        raise ImproperlyConfigured(
            f"{path} holds no usable SECRET_KEY: delete it to make a new one."
        )
    return key


PRODUCTION = os.environ.get("PORTAL_ENV", "development") == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if PRODUCTION:
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "Production needs SECRET_KEY: a random string of 50+ characters."
        )
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production.")
elif not SECRET_KEY:
    SECRET_KEY = development_secret_key(
        Path(os.environ.get("SECRET_KEY_FILE", VAR_DIR / "secret_key"))
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1]")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Production needs ALLOWED_HOSTS (comma-separated host names).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The portal's address, e.g. https://portal.example.org: canonical links, feeds, sitemaps and
# mails are built from it, never from the Host header a request happens to carry.
SITE_ORIGIN = os.environ.get("SITE_ORIGIN", "").strip().rstrip("/")
if not SITE_ORIGIN:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "Production needs SITE_ORIGIN, the portal's address (e.g. https://portal.example.org)."
        )
    SITE_ORIGIN = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
_origin = urlsplit(SITE_ORIGIN)
if _origin.scheme not in {"http", "https"} or not _origin.hostname or _origin.path:
    raise ImproperlyConfigured(
        f"SITE_ORIGIN must be a scheme and host with no path, e.g. https://portal.example.org "
        f"(not {SITE_ORIGIN!r})."
    )

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, as django-modeltranslation asks
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "core.taggit_app.TagsConfig",  # django-taggit, named "Tags"
    "core",
    "search",
    "accounts",
    "glossary",
    "articles",
    "courses",
    "scenarios",
    "certificates",
    "offline",
    "cards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.security.content_security_policy",
    "core.security.cross_origin_resource_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "core.caching.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the page cache (whose keys read the language as this will: core.languages) and
    # the session, before CommonMiddleware, whose redirects it must see prefixed.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Needs the user: sends a first visit to its language and remembers a reader's choice.
    "core.languages.LanguageChoiceMiddleware",
    "core.privacy.private_pages",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "diplomacy_portal.urls"
WSGI_APPLICATION = "diplomacy_portal.wsgi.application"

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

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers write to one SQLite file: take the write lock when a transaction
    # starts and wait for it, rather than failing with "database is locked" mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # Memory-mapped reads let the workers share the operating system's page cache.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=268435456;"
        ),
    }
    # Tests get a file of their own too: connections to an in-memory database share one cache,
    # where a second writer fails at once ("table is locked") instead of waiting its turn, so
    # concurrent requests could not be tested.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"portal-test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out user+address is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, reading the signed-in account with one plain statement per request;
    # tests/accounts/test_fast_paths.py holds it to ModelBackend's results.
    "accounts.backends.AccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "courses:dashboard"
LOGOUT_REDIRECT_URL = "home"

# English at today's addresses, French under /fr/, Arabic (right to left) under /ar/. Each
# language is named in itself, as the switcher shows it.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as each language writes them, where Django's own formats are not what the pages show.
FORMAT_MODULE_PATH = ["core.formats"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
# Content in several languages (django-modeltranslation): <field>_en, _fr and _ar columns, English
# the default and what a missing translation shows. Listed here rather than read from LANGUAGES,
# so that the columns (and migrations) change only when this list does.
MODELTRANSLATION_LANGUAGES = ("en", "fr", "ar")
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Three caches, so that what visitors can multiply cannot push out what the content bounds:
# "default" holds public pages addressed without a query string and fragments of pages,
# "search" holds search results and every page addressed with a query string (any visitor can
# make new ones), "files" holds the large offline packs and card PDFs. Each local-memory cache
# is per worker; with REDIS_URL all workers share one Redis, each alias under its own prefix.
CACHE_SIZES = {
    "default": int(os.environ.get("CACHE_MAX_ENTRIES", "2000")),
    "search": int(os.environ.get("SEARCH_CACHE_MAX_ENTRIES", "500")),
    "files": int(os.environ.get("FILES_CACHE_MAX_ENTRIES", "50")),
}
if os.environ.get("REDIS_URL"):
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"portal-{alias}",
        }
        for alias in CACHE_SIZES
    }
else:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"portal-{alias}",
            "OPTIONS": {"MAX_ENTRIES": size},
        }
        for alias, size in CACHE_SIZES.items()
    }

# Password resets need a mail server. Production refuses to start without one unless the
# operator turns resets off; the reset page then says so and nothing is sent or logged.
PASSWORD_RESET_DISABLED = env_bool("PASSWORD_RESET_DISABLED")
if PRODUCTION and not os.environ.get("EMAIL_HOST") and not PASSWORD_RESET_DISABLED:
    raise ImproperlyConfigured(
        "Production needs EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD) "
        "to send password-reset links, or PASSWORD_RESET_DISABLED=1 to turn resets off."
    )
# Development prints mail to the console; production never does (reset links are secrets).
EMAIL_BACKEND = (
    "django.core.mail.backends.dummy.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend"
)
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")

# Request bodies: the largest form (an article with its Markdown body) is far below 1 MiB, and
# the largest admin form (a course with its lesson and quiz inlines) posts well under 500 fields.
# Anything bigger is refused with 400 before a view sees it. The portal takes no file uploads.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# Logins: django-axes locks a username at one address out after 5 failures, for 15 minutes
# (an admin can lift it sooner under Admin › Axes › Access attempts).
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_USERNAME_CALLABLE = "core.security.attempted_username"
# Wrong passwords on account deletion and password change count too: never record what was typed.
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "old_password",
    "new_password1",
    "new_password2",
]
# Lock logins out per client address. TRUSTED_PROXY_COUNT is how many proxies in front of the
# portal append to X-Forwarded-For: 0 (no proxy) reads the socket's address, N the Nth address
# from the right. A client can write anything left of what the proxies append.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "core.security.forwarded_client_address"

# Content-Security-Policy (core.security): everything from this origin, nothing inline, no
# plugins, no framing. The templates and the Django admin need no inline script or style.
SELF, NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Django's database sessions, loaded with one plain statement per request;
# tests/accounts/test_fast_paths.py holds them to Django's own store's results.
SESSION_ENGINE = "accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# How long a quiz form may stay open before its answers are refused (seconds; default a day).
ATTEMPT_TOKEN_MAX_AGE = int(os.environ.get("ATTEMPT_TOKEN_MAX_AGE", str(24 * 60 * 60)))

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    if env_bool("BEHIND_TLS_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    LANGUAGE_COOKIE_HTTPONLY = True
    LANGUAGE_COOKIE_SAMESITE = "Lax"
    # The __Host- prefix makes browsers insist on Secure, Path=/ and no Domain.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
