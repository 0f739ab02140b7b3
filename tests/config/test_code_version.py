"""config/code_version.py: the digest that cached values are keyed by changes with the code
and the settings, and only with them (what a visitor sees of it:
tests/pages/test_response_cache.py)."""

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


def test_the_version_follows_the_settings(tmp_path):
    root = tree(tmp_path, {"app/views.py": "x = 1\n"})
    settings = {"DATABASES": {"default": {"NAME": "tracker"}}, "API_MAX_PAGE_SIZE": 100}
    first = code_version(root, settings)
    # Objects whose repr differs between processes, and lower-case names, are not read.
    assert code_version(root, {**settings, "HANDLER": object(), "local": 1}) == first
    assert code_version(root, {**settings, "API_MAX_PAGE_SIZE": 50}) != first
    assert code_version(root, {**settings, "DATABASES": {"default": {"NAME": "restored"}}}) != first
