"""Backups as docs/deployment.md §9 runs them: scripts/backup dumps and encrypts, keeps
BACKUP_KEEP_DAYS of them; scripts/restore brings one back into an empty database with the
same rows (PostgreSQL's pg_dump and pg_restore of the test cluster), unattended (the key's
passphrase from a file, no terminal), and empties the shared cache."""

import os
import subprocess
import time
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django_redis.cache import RedisCache

from tests.pages.data import build_site
from tests.postgres import database_url

SCRIPTS = Path(settings.BASE_DIR) / "scripts"


PASSPHRASE = "kept in the office safe"


@pytest.fixture
def backup_key(tmp_path):
    """A gpg keyring with a fresh backup key, its passphrase PASSPHRASE (in the file
    BACKUP_GPG_PASSPHRASE_FILE of the environment returned); the agent remembers no
    passphrase, so each decryption needs it anew."""
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    (home / "gpg-agent.conf").write_text("default-cache-ttl 0\nmax-cache-ttl 0\n")
    passphrase = tmp_path / "passphrase"
    passphrase.write_text(PASSPHRASE)
    env = {**os.environ, "GNUPGHOME": str(home)}
    protected = ["--batch", "--pinentry-mode", "loopback", "--passphrase", PASSPHRASE]
    subprocess.run(
        ["gpg", *protected, "--quick-gen-key", "backup@tracker.test", "ed25519", "sign", "never"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    fingerprint = (
        subprocess.run(
            ["gpg", "--batch", "--with-colons", "--list-keys", "backup@tracker.test"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )  # fmt: skip
        .stdout.split("fpr:::::::::")[1]
        .split(":")[0]
    )
    subprocess.run(
        ["gpg", *protected, "--quick-add-key", fingerprint, "cv25519", "encr", "never"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    yield {**env, "BACKUP_GPG_PASSPHRASE_FILE": str(passphrase)}
    subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=env, check=False, capture_output=True)


def row_counts(url):
    """Rows of every table of the public schema."""
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = sorted(row[0] for row in cursor.fetchall())
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def empty_database(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("backups are PostgreSQL dumps")
    name = "restore_check"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
    yield database_url(name)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_backup_is_encrypted_kept_for_its_days_and_restores_every_row(
    backup_key, empty_database, tmp_path
):
    build_site()
    cache.set("computed-before-the-restore", "stale", None)
    backups = tmp_path / "backups"
    backups.mkdir()
    old = backups / "tracker-db-20200101-030000.dump.gpg"
    old.write_bytes(b"an old backup")
    os.utime(old, (time.time() - 40 * 86400,) * 2)
    env = {
        **backup_key,
        "DATABASE_URL": database_url(),
        "BACKUP_DIR": str(backups),
        "BACKUP_KEEP_DAYS": "30",
        "BACKUP_GPG_RECIPIENT": "backup@tracker.test",
    }
    subprocess.run([SCRIPTS / "backup"], env=env, check=True, capture_output=True, timeout=300)

    (dump,) = backups.glob("tracker-db-*.dump.gpg")
    assert not old.exists()  # older than BACKUP_KEEP_DAYS
    assert b"PGDMP" not in dump.read_bytes()[:64]  # encrypted, not a plain dump
    assert "projects_project" not in dump.read_bytes().decode("latin-1")

    # Unattended: no terminal to ask on, the passphrase from its file.
    restored = subprocess.run(
        [SCRIPTS / "restore", dump, empty_database],
        env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert restored.returncode == 0, restored.stderr
    original = row_counts(env["DATABASE_URL"])
    assert original["projects_project"] > 0
    counts = row_counts(empty_database)
    # The shared cache is emptied after the restore: the database's table, or Redis.
    if isinstance(caches["default"], RedisCache):
        assert cache.get("computed-before-the-restore") is None
    else:
        assert original["django_cache"] > 0 and counts["django_cache"] == 0
    assert {t: n for t, n in counts.items() if t != "django_cache"} == {
        t: n for t, n in original.items() if t != "django_cache"
    }


def test_a_restore_without_the_passphrase_fails_at_once(backup_key, empty_database, tmp_path):
    backups = tmp_path / "backups"
    env = {
        **backup_key,
        "DATABASE_URL": database_url(),
        "BACKUP_DIR": str(backups),
        "BACKUP_GPG_RECIPIENT": "backup@tracker.test",
    }
    subprocess.run([SCRIPTS / "backup"], env=env, check=True, capture_output=True, timeout=300)
    (dump,) = backups.glob("tracker-db-*.dump.gpg")
    del env["BACKUP_GPG_PASSPHRASE_FILE"]
    restored = subprocess.run(
        [SCRIPTS / "restore", dump, empty_database],
        env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert restored.returncode != 0
    assert "restored" not in restored.stdout
