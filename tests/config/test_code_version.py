"""config/code_version.py: cached values of one version of the code are never served by
another (the cache's KEY_PREFIX names the code)."""

from django.conf import settings
from django.core.cache import cache

from config.code_version import code_version


def tree(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_the_version_follows_code_templates_and_messages_only(tmp_path):
    root = tree(
        tmp_path,
        {
            "app/views.py": "x = 1\n",
            "templates/page.html": "<p>{{ x }}</p>",
            ".venv/lib/site.py": "installed",
            "media/photo.js": "uploaded",
        },
    )
    first = code_version(root)
    tree(root, {".venv/lib/site.py": "other", "media/photo.js": "other", "notes.txt": "a"})
    assert code_version(root) == first
    tree(root, {"templates/page.html": "<p>{{ x }}!</p>"})
    assert code_version(root) != first


def test_the_cache_keys_name_the_running_code():
    assert settings.CACHES["default"]["KEY_PREFIX"] == code_version(settings.BASE_DIR)
    assert cache.make_key("figures").startswith(code_version(settings.BASE_DIR))
