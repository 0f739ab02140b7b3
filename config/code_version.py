"""A digest of the code and settings that render what the cache keeps: cached pages, fragments
and figures are made by code under settings, so after an upgrade or a changed setting (another
database, page size, site address) none made before may be served. Their keys name this digest
(settings.CODE_VERSION, core/cache.py): every value of another version is out of reach at
once, on every host running the new code, without clearing anything."""

import hashlib
import os
from datetime import timedelta
from pathlib import Path

# What a cached value can depend on besides the data: Python code, templates, messages,
# the site's own scripts and styles, and the front-end packages' versions.
SUFFIXES = (".py", ".html", ".mo", ".js", ".css")
SKIPPED = {".venv", "node_modules", "staticfiles", "media", "tests", "docs", "vendor", ".git"}


PLAIN = (str, int, float, type(None), Path, timedelta)


def _plain(value):
    """A value whose repr is the same in every process (no object's address in it)."""
    if isinstance(value, (list, tuple)):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _plain(item) for key, item in value.items())
    return isinstance(value, PLAIN)


def code_version(base_dir: Path, settings=None) -> str:
    """The digest of the code under `base_dir` and of `settings` (a settings module's names:
    the upper-case ones with plain values)."""
    digest = hashlib.sha256()
    plain = sorted(
        (name, value)
        for name, value in (settings or {}).items()
        if name.isupper() and _plain(value)
    )
    digest.update(repr(plain).encode())
    for folder, subfolders, names in os.walk(base_dir):  # top-down, in a stable order
        subfolders[:] = sorted(name for name in subfolders if name not in SKIPPED)
        for name in sorted(names):
            if name.endswith(SUFFIXES) or name == "package-lock.json":
                path = Path(folder, name)
                digest.update(str(path.relative_to(base_dir)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
