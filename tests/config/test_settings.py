"""The settings contract of DESIGN.md ("Public interfaces" → Run).

In-process tests check the settings the suite runs with. Subprocess tests import a copy of
`config/` under other environment variables; the copy sits in a temporary folder, so a
developer's `.env` beside manage.py cannot leak into them.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection

REPO = Path(__file__).resolve().parents[2]

# Variables the settings module reads; removed from the subprocess environment unless a test
# sets them, so the run's own values (SECRET_KEY, DATABASE_URL …) do not decide the outcome.
SETTINGS_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "HTTPS_ONLY",
    "SECURE_HSTS_SECONDS",
    "SESSION_IDLE_TIMEOUT",
    "REDIS_URL",
    "DJANGO_SETTINGS_MODULE",
)

PRINT_SETTINGS = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECRET_KEY_SET": bool(settings.SECRET_KEY),
    "ENGINE": db["ENGINE"],
    "NAME": str(db["NAME"]),
    "HOST": db.get("HOST", ""),
    "PORT": str(db.get("PORT", "")),
    "USER": db.get("USER", ""),
    "BASE_DIR": str(settings.BASE_DIR),
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "SECURE_PROXY_SSL_HEADER": settings.SECURE_PROXY_SSL_HEADER,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "SESSION_COOKIE_AGE": settings.SESSION_COOKIE_AGE,
    "CACHE_BACKEND": settings.CACHES["default"]["BACKEND"],
}))
"""

IMPORT_SETTINGS = """
import sys
from django.core.exceptions import ImproperlyConfigured
try:
    import config.settings
except ImproperlyConfigured as exc:
    print("ImproperlyConfigured:", exc)
    sys.exit(3)
print("imported")
"""


@pytest.fixture(scope="module")
def settings_copy(tmp_path_factory):
    """A copy of config/ in a folder with no .env: BASE_DIR points there."""
    root = tmp_path_factory.mktemp("settings-copy")
    shutil.copytree(REPO / "config", root / "config", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def run_settings(root, code, **variables):
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(variables)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env["PYTHONPATH"] = str(root)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_under(root, **variables):
    result = run_settings(root, PRINT_SETTINGS, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- the settings this test run uses ------------------------------------------------------


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert {"zh-hans", "en"} <= {code for code, _ in settings.LANGUAGES}
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    assert settings.USE_I18N is True


@pytest.mark.skipif(
    os.environ.get("HTTPS_ONLY", "").lower() in ("1", "true", "yes", "on"),
    reason="this run has HTTPS_ONLY switched on",
)
def test_plain_http_by_default():
    assert not settings.SECURE_SSL_REDIRECT
    assert not settings.SESSION_COOKIE_SECURE
    assert not settings.CSRF_COOKIE_SECURE
    assert settings.SECURE_HSTS_SECONDS == 0


def test_database_engine_follows_database_url():
    """settings.py read DATABASE_URL (or its SQLite default), and the suite runs on it."""
    url = os.environ.get("DATABASE_URL", "")
    db = connection.settings_dict
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        parts = urlsplit(url)
        assert connection.vendor == "postgresql"
        assert db["ENGINE"] == "django.db.backends.postgresql"
        assert db["HOST"] == (parts.hostname or "")
        assert str(db["PORT"]) == str(parts.port or "")
    else:
        assert url == "" or url.startswith("sqlite:")
        assert connection.vendor == "sqlite"


@pytest.mark.django_db
def test_plain_http_request_is_served_not_redirected(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_chinese_by_default_and_set_language_switches_to_english(client):
    response = client.get("/admin/login/")
    assert response["Content-Language"] == "zh-hans"

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/admin/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"

    response = client.get("/admin/login/")
    assert response["Content-Language"] == "en"
    assert "Log in" in response.content.decode()


@pytest.mark.django_db
def test_set_language_refuses_unknown_language(client):
    client.post("/i18n/setlang/", {"language": "xx", "next": "/admin/login/"})
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    response = client.get("/admin/login/")
    assert response["Content-Language"] == "zh-hans"


# --- the same settings module under other environments ------------------------------------


def test_production_refuses_to_start_without_secret_key(settings_copy):
    result = run_settings(settings_copy, IMPORT_SETTINGS, DEBUG="false")
    assert result.returncode == 3, result.stdout + result.stderr
    assert "SECRET_KEY" in result.stdout


def test_debug_run_gets_a_development_key(settings_copy):
    values = settings_under(settings_copy, DEBUG="true")
    assert values["DEBUG"] is True
    assert values["SECRET_KEY_SET"] is True


def test_unset_database_url_means_sqlite_file_in_project_root(settings_copy):
    values = settings_under(settings_copy, SECRET_KEY="x" * 50)
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(values["NAME"]) == Path(values["BASE_DIR"]) / "db.sqlite3"
    assert Path(values["BASE_DIR"]) == settings_copy


def test_database_url_selects_postgresql(settings_copy):
    values = settings_under(
        settings_copy,
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://tracker:s3cret@db.example.internal:5433/tracker_prod",
    )
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["NAME"] == "tracker_prod"
    assert values["HOST"] == "db.example.internal"
    assert values["PORT"] == "5433"
    assert values["USER"] == "tracker"


def test_allowed_hosts_from_environment(settings_copy):
    values = settings_under(
        settings_copy, SECRET_KEY="x" * 50, ALLOWED_HOSTS="xm.puyang.gov.cn,10.0.0.8"
    )
    assert values["ALLOWED_HOSTS"] == ["xm.puyang.gov.cn", "10.0.0.8"]


def test_https_only_off_when_unset(settings_copy):
    values = settings_under(settings_copy, SECRET_KEY="x" * 50)
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_https_only_switches_on_redirect_secure_cookies_and_hsts(settings_copy):
    values = settings_under(settings_copy, SECRET_KEY="x" * 50, HTTPS_ONLY="true")
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] > 0
    # Behind the TLS proxy, Django learns the scheme from X-Forwarded-Proto.
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_session_idle_timeout_from_environment(settings_copy):
    assert settings_under(settings_copy, SECRET_KEY="x" * 50)["SESSION_COOKIE_AGE"] == 7200
    values = settings_under(settings_copy, SECRET_KEY="x" * 50, SESSION_IDLE_TIMEOUT="900")
    assert values["SESSION_COOKIE_AGE"] == 900


def test_cache_shared_by_every_worker(settings_copy):
    """The database by default, Redis with REDIS_URL; never a per-process memory cache."""
    values = settings_under(settings_copy, SECRET_KEY="x" * 50)
    assert values["CACHE_BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    values = settings_under(
        settings_copy, SECRET_KEY="x" * 50, REDIS_URL="redis://127.0.0.1:6379/1"
    )
    assert values["CACHE_BACKEND"] == "django_redis.cache.RedisCache"


def test_check_deploy_is_clean_with_the_readmes_production_settings():
    """README "Deploying behind TLS": DEBUG off, HTTPS_ONLY on, a real key, the host."""
    # DJANGO_ALLOW_ASYNC_UNSAFE: set for Playwright by the browser tests, not in production.
    unset = (*SETTINGS_VARIABLES, "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY="k3y-" + "x7Rq9vLm2Zp" * 5,
        DEBUG="false",
        HTTPS_ONLY="true",
        ALLOWED_HOSTS="xm.example.gov.cn",
        CSRF_TRUSTED_ORIGINS="https://xm.example.gov.cn",
        NUM_PROXIES="1",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
