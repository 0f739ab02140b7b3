"""config/code_version.py: cached values of one version of the code are never served by
another (the cache's KEY_PREFIX names the code)."""

from config.code_version import code_version
from core.cache import ANY, cache_key, data_version, versions


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


def test_cached_values_are_keyed_by_the_code_and_version_tokens_are_shared(settings, db):
    """A value made by one version is out of reach to another, but a write through a host
    still running the old version during an upgrade reaches the new one's values."""
    key, fragments, token = cache_key("figures", "x"), data_version(None), versions([ANY])
    settings.CODE_VERSION = "next-release"
    assert cache_key("figures", "x") != key
    assert data_version(None) != fragments
    assert versions([ANY]) == token
