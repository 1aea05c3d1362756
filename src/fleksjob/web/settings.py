"""Django settings for fleksjob: one module, configured entirely from the environment.

FLEKSJOB_MODE is ``production`` (the default: every secret must be given), ``demo`` (set by
``fleksjob demo``: secrets generated into the data directory, DEBUG on) or ``test`` (fixed test
keys, fast hashing, strict templates).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dj_database_url
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured

from fleksjob.core.casework.transfer import MAX_RELEASE_DAYS
from fleksjob.core.private_files import create_private, private_dir, restrict
from fleksjob.core.twofactor import DEFAULT_MFA_AMR, parse_required_roles
from fleksjob.web import env

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# The repository root when run from a checkout (editable install), else the working directory.
_checkout = PACKAGE_DIR.parent.parent
PROJECT_DIR = _checkout if (_checkout / "pyproject.toml").exists() else Path.cwd()

MODE = env.get_choice("FLEKSJOB_MODE", env.MODES, "production")
DEMO = MODE == "demo"
TESTING = MODE == "test"

DATA_DIR = Path(env.get_str("FLEKSJOB_DATA_DIR", str(PROJECT_DIR / "var"))).resolve()
ASSETS_DIR = Path(env.get_str("FLEKSJOB_ASSETS_DIR", str(PROJECT_DIR / "node_modules"))).resolve()

# --- secrets -----------------------------------------------------------------------------------
if TESTING:
    _secrets = {
        "SECRET_KEY": "test-only-secret-key-not-for-any-real-use-0123456789abcdef",
        # Two keys: the newest first. Tests rotate between them.
        "FLEKSJOB_FIELD_KEYS": "Jd1a4W1uFfzOTj0NrBvqg2U8tEmiV5b0Rkl3yZ6iX6M=,"
        "q6M0e5b8dV3l0pC2oH9x1nG7sY4tK2wR8aZ5fJ3uL1E=",
        "FLEKSJOB_HASH_KEY": "test-only-hash-key-0123456789abcdefghijklmnop",
    }
elif DEMO:
    _secrets = env.generated_secrets(DATA_DIR)
else:
    _secrets = {}

SECRET_KEY = env.get_str("SECRET_KEY", _secrets.get("SECRET_KEY"), required=not _secrets)
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters")
FIELD_KEYS = env.get_list("FLEKSJOB_FIELD_KEYS", [])
if not FIELD_KEYS:
    FIELD_KEYS = [k for k in _secrets.get("FLEKSJOB_FIELD_KEYS", "").split(",") if k]
if not FIELD_KEYS:
    raise ImproperlyConfigured("FLEKSJOB_FIELD_KEYS must be set (comma-separated Fernet keys)")
HASH_KEY = env.get_str(
    "FLEKSJOB_HASH_KEY", _secrets.get("FLEKSJOB_HASH_KEY"), required=not _secrets
)

DEBUG = env.get_bool("DEBUG", DEMO)
ALLOWED_HOSTS = env.get_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if (DEMO or TESTING) else []
)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set (comma-separated host names)")
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [])

# --- database ----------------------------------------------------------------------------------
_default_db = f"sqlite:///{DATA_DIR / 'fleksjob.sqlite3'}"
_db_url = env.get_str("DATABASE_URL", _default_db)
try:
    _db = dj_database_url.parse(_db_url, conn_max_age=env.get_int("DB_CONN_MAX_AGE", 60))
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a usable database URL: {exc}") from None
if _db["ENGINE"] not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
    raise ImproperlyConfigured("DATABASE_URL must be a sqlite:// or postgres:// URL")
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        # A page waits this long (seconds) for a background job's write to commit before it
        # answers 503; SQLite's 5 s default was too short on a busy machine.
        "timeout": 20,
    }
    _db["CONN_MAX_AGE"] = 0
    if _db["NAME"] != ":memory:":
        # Created here, before SQLite would create it under the umask: owner-only. SQLite gives
        # its -wal, -shm and -journal files the database file's permissions.
        _sqlite = Path(_db["NAME"])
        private_dir(_sqlite.parent)
        create_private(_sqlite)
        for _suffix in ("-wal", "-shm", "-journal"):
            restrict(_sqlite.with_name(_sqlite.name + _suffix))
else:
    _db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# One queue in the database: `fleksjob worker` runs it, and a command run in the foreground
# claims its own job (docs/background-jobs.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- applications ------------------------------------------------------------------------------
INSTALLED_APPS = [
    # First, so that its admin/base_site.html (the admin's accessibility fixes) is found before
    # Django's own, which it extends.
    "fleksjob.ui",  # the UI kit: base template, form widgets, charts, paging, static files
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_tasks",
    "django_tasks_db",  # the background jobs' queue (docs/background-jobs.md)
    "ninja",  # serves the API docs' Swagger UI from its static files (no CDN; see CSP)
    "fleksjob.operations",  # backup, fault hooks, the 503 page
    "fleksjob.accounts",
    "fleksjob.municipalities",
    "fleksjob.jobs",
    "fleksjob.citizens",
    "fleksjob.employers",
    "fleksjob.employment",
    "fleksjob.placements",
    "fleksjob.followup",
    "fleksjob.offers",
    "fleksjob.transfers",
    "fleksjob.pools",
    "fleksjob.surveys",  # satisfaction surveys: invitations and pseudonymous answers
    "fleksjob.audit",
    "fleksjob.benchmarking",
    "fleksjob.economics",
    "fleksjob.exchange",
    "fleksjob.home",
    "fleksjob.api",
    "fleksjob.demo",
    "fleksjob.privacy",
    "fleksjob.public",  # the open comparison, without login
    "fleksjob.selfservice",  # citizens' and employers' own pages and their login
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "fleksjob.operations.unavailable.DatabaseUnavailableMiddleware",  # lost database → 503
    "csp.middleware.CSPMiddleware",
    "fleksjob.ui.headers.PermissionsPolicyMiddleware",
    "fleksjob.ui.limits.RequestSizeLimitMiddleware",  # body over the upload limit → 413
    "fleksjob.api.middleware.ApiErrorBodyMiddleware",  # every API 4xx in the one error body
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fleksjob.ui.headers.NoStoreMiddleware",  # after WhiteNoise: static files stay cacheable
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "fleksjob.accounts.middleware.TwoFactorRequiredMiddleware",
    "fleksjob.accounts.middleware.LoginRequiredMiddleware",
    "fleksjob.accounts.middleware.PortalConfinementMiddleware",  # citizens: their pages only
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "fleksjob.ui.refusals.DomainErrorMiddleware",  # a refused write → its status, not a 500
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
]

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one user name from
# one address, that pair is locked out for the cool-off time; a successful login resets it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Each answers only its own OpenID Connect callback (docs/selfservice.md).
    "fleksjob.selfservice.oidc.CitizenBackend",
    "fleksjob.selfservice.oidc.EmployerBackend",
    "fleksjob.accounts.oidc.StaffBackend",  # the municipality's login: existing staff only
]


def _oidc_provider(audience: str) -> dict | None:
    """An audience's OpenID Connect provider from FLEKSJOB_OIDC_<AUDIENCE>_*: the client's id and
    secret and the provider's endpoints (all required once the client id is set), the scopes and
    the names of the claims read (the CPR number; the company's CVR number and the person's
    e-mail). None when the client id is not set."""
    prefix = f"FLEKSJOB_OIDC_{audience.upper()}_"
    client_id = env.get_str(prefix + "CLIENT_ID")
    if not client_id:
        return None
    endpoints = ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_endpoint")
    found = {key: env.get_str(prefix + key.upper(), required=True) for key in endpoints}
    return {
        **found,
        "client_id": client_id,
        "client_secret": env.get_str(prefix + "CLIENT_SECRET", required=True),
        "scopes": env.get_str(prefix + "SCOPES", "openid"),
        **{
            f"{claim}_claim": env.get_str(f"{prefix}{claim.upper()}_CLAIM", claim)
            for claim in ("cpr", "cvr", "email")
        },
        # Staff: the ID token's amr values that count as a second factor, and the municipalities
        # whose staff the provider may log in (empty: any).
        "mfa_amr": tuple(env.get_list(prefix + "MFA_AMR", list(DEFAULT_MFA_AMR))),
        "municipalities": tuple(env.get_list(prefix + "MUNICIPALITIES", [])),
    }


# Citizens log in with MitID through NemLog-in, employers with MitID Erhverv (docs/selfservice.md),
# staff optionally with the municipality's identity provider (docs/access.md); unset: no such
# login (the demo's personas use a password).
FLEKSJOB_OIDC = {
    a: c for a in ("citizen", "employer", "staff") if (c := _oidc_provider(a)) is not None
}
OIDC_TIMEOUT = 10
AXES_FAILURE_LIMIT = env.get_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.get_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_VERBOSE = False

# Two-factor authentication (django-otp, TOTP + static backup codes). Optional per user; the roles
# in FLEKSJOB_REQUIRE_2FA ("all" or comma-separated role names) must enrol before anything else.
# accounts.Role's staff roles; citizens and employers log in with MitID (two factors already).
STAFF_ROLES = ("caseworker", "consultant", "manager", "national", "admin", "visitation")
try:
    REQUIRE_2FA_ROLES = parse_required_roles(
        env.get_str("FLEKSJOB_REQUIRE_2FA", "") or "", STAFF_ROLES
    )
except ValueError as exc:
    raise ImproperlyConfigured(f"FLEKSJOB_REQUIRE_2FA: {exc}") from None
OTP_TOTP_ISSUER = "fleksjob"
OTP_TOTP_THROTTLE_FACTOR = 1  # seconds, doubled after each wrong code (per device, in the DB)
OTP_STATIC_THROTTLE_FACTOR = 1
# Wrong second-step codes in one login attempt before the attempt is abandoned.
TWO_FACTOR_MAX_FAILURES = env.get_int("FLEKSJOB_2FA_MAX_FAILURES", 5, minimum=1)
TWO_FACTOR_PENDING_SECONDS = 300  # password accepted, code not yet given: the window to give it

ROOT_URLCONF = "fleksjob.web.urls"
WSGI_APPLICATION = "fleksjob.web.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"


class _InvalidTemplateVariable(str):
    """In tests an undefined template variable is an error, not an empty string."""

    def __mod__(self, other: object) -> str:
        raise NameError(f"undefined template variable {other!r}")


TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],  # every template lives in an app (base.html in fleksjob.ui)
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "fleksjob.ui.context.site",
            ],
            # Dates and shares in the page's language in every template (fleksjob.ui.formats).
            "builtins": ["fleksjob.ui.templatetags.formats"],
            **({"string_if_invalid": _InvalidTemplateVariable("%s")} if TESTING else {}),
        },
    }
]
# Django's form renderer with the plain widget templates written in Python (fleksjob.ui.widgets).
FORM_RENDERER = "fleksjob.ui.widgets.FastRenderer"

# --- passwords ---------------------------------------------------------------------------------
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if TESTING
    else [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- language and time -------------------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# --- static files: DKFDS, htmx and Vega straight from the npm packages, no build step ----------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [  # the app's own files come from fleksjob/ui/static (app directories finder)
    ("dkfds", ASSETS_DIR / "dkfds" / "dist"),
    ("htmx", ASSETS_DIR / "htmx.org" / "dist"),
    ("vega", ASSETS_DIR / "vega" / "build"),
    ("vega-lite", ASSETS_DIR / "vega-lite" / "build"),
    ("vega-embed", ASSETS_DIR / "vega-embed" / "build"),
]
WHITENOISE_USE_FINDERS = DEBUG or DEMO or TESTING
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS  # no collectstatic needed outside production
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if (DEBUG or DEMO or TESTING)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- e-mail ------------------------------------------------------------------------------------
_email = env.get_choice(
    "EMAIL_BACKEND",
    ("console", "smtp", "locmem"),
    "locmem" if TESTING else "console" if DEMO else "smtp",
)
EMAIL_BACKEND = f"django.core.mail.backends.{_email}.EmailBackend"
if _email == "smtp":
    EMAIL_HOST = env.get_str("EMAIL_HOST", required=True)
    EMAIL_PORT = env.get_int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env.get_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env.get_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "fleksjob@localhost")

# --- security ----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.get_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=60)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content Security Policy (django-csp), the same in every mode so the browser tests exercise it.
# No inline scripts or styles anywhere: chart specs are JSON data blocks, Vega interprets its
# expressions instead of eval, and vega-embed/vega-tooltip inject no <style> (static/charts.js);
# Swagger UI for the API docs comes from django-ninja's static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "form-action": [csp.SELF],
        "base-uri": [csp.SELF],
        "object-src": [csp.NONE],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
if not (DEBUG or DEMO or TESTING):
    SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.get_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env.get_bool("FLEKSJOB_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- logging: never personal data; requests are logged by path only, and paths carry no CPR ----
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

FLEKSJOB = {
    "PAGE_SIZE": env.get_int("FLEKSJOB_PAGE_SIZE", 50, minimum=1),
    # Links in e-mails point here (reminders carry a link, never CPR or health data).
    "BASE_URL": (env.get_str("FLEKSJOB_BASE_URL", "http://127.0.0.1:8000") or "").rstrip("/"),
    "REMINDER_LEAD_DAYS": env.get_int("FLEKSJOB_REMINDER_LEAD_DAYS", 7),
    # Years after a citizen's case ended before the retention job anonymises them (see
    # docs/record-of-processing.md for why 5 is the default and who must confirm it).
    "RETENTION_YEARS": env.get_int("FLEKSJOB_RETENTION_YEARS", 5, minimum=1),
    # Bulk import (docs/import.md): larger files are refused with a clear error before parsing.
    "IMPORT_MAX_ROWS": env.get_int("FLEKSJOB_IMPORT_MAX_ROWS", 10_000, minimum=1),
    "IMPORT_MAX_BYTES": env.get_int("FLEKSJOB_IMPORT_MAX_BYTES", 10_000_000, minimum=1),
    # Case transfer (docs/case-transfer.md): days until a requested case that the sending
    # municipality neither released nor refused is released automatically.
    "TRANSFER_RELEASE_DAYS": env.get_int("FLEKSJOB_TRANSFER_RELEASE_DAYS", 14, minimum=1),
    # Background jobs (docs/background-jobs.md): a job whose worker on another host has shown
    # no sign of life for this many seconds is claimed again (on the same host a dead process
    # is seen at once).
    "JOB_LEASE_SECONDS": env.get_int("FLEKSJOB_JOB_LEASE_SECONDS", 600, minimum=10),
    # Retraining prospects in matching (docs/matching.md), opt-in: for a citizen whose purpose
    # is retraining, a position whose occupation has good prospects in their area is lifted by
    # this per cent of its score's distance to 1. 0 (the default) is off: scores as without it.
    "MATCH_PROSPECTS_PERCENT": env.get_int("FLEKSJOB_MATCH_PROSPECTS_PERCENT", 0),
}
if FLEKSJOB["MATCH_PROSPECTS_PERCENT"] > 50:
    raise ImproperlyConfigured("FLEKSJOB_MATCH_PROSPECTS_PERCENT must be at most 50")
if FLEKSJOB["TRANSFER_RELEASE_DAYS"] > MAX_RELEASE_DAYS:
    raise ImproperlyConfigured(f"FLEKSJOB_TRANSFER_RELEASE_DAYS must be at most {MAX_RELEASE_DAYS}")
