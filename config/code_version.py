"""A digest of the code that renders what the cache keeps: cached pages, fragments and figures
are made by code, so after an upgrade none made by the old code may be served. Their keys
name this digest (settings.CODE_VERSION, core/cache.py): every value of another version is
out of reach at once, on every host running the new code, without clearing anything."""

import hashlib
import os
from pathlib import Path

# What a cached value can depend on besides the data: Python code, templates, messages,
# the site's own scripts and styles, and the front-end packages' versions.
SUFFIXES = (".py", ".html", ".mo", ".js", ".css")
SKIPPED = {".venv", "node_modules", "staticfiles", "media", "tests", "docs", "vendor", ".git"}


def code_version(base_dir: Path) -> str:
    digest = hashlib.sha256()
    for folder, subfolders, names in os.walk(base_dir):  # top-down, in a stable order
        subfolders[:] = sorted(name for name in subfolders if name not in SKIPPED)
        for name in sorted(names):
            if name.endswith(SUFFIXES) or name == "package-lock.json":
                path = Path(folder, name)
                digest.update(str(path.relative_to(base_dir)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
