"""Backups as docs/deployment.md §9 runs them: scripts/backup dumps and encrypts, keeps
BACKUP_KEEP_DAYS of them; scripts/restore brings one back into an empty database with the
same rows (PostgreSQL's pg_dump and pg_restore of the test cluster)."""

import os
import subprocess
import time
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from tests.pages.data import build_site
from tests.postgres import database_url

SCRIPTS = Path(settings.BASE_DIR) / "scripts"


@pytest.fixture
def backup_key(tmp_path):
    """A gpg keyring with a fresh backup key (no passphrase, for the test)."""
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    env = {**os.environ, "GNUPGHOME": str(home)}
    subprocess.run(
        ["gpg", "--batch", "--passphrase", "", "--quick-gen-key", "backup@tracker.test",
         "ed25519", "sign", "never"],
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
        ["gpg", "--batch", "--passphrase", "", "--quick-add-key", fingerprint, "cv25519",
         "encr", "never"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    return env


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

    subprocess.run(
        [SCRIPTS / "restore", dump, empty_database],
        env=env, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    original = row_counts(env["DATABASE_URL"])
    assert original["projects_project"] > 0
    assert row_counts(empty_database) == original
