"""Fixtures of the public-page tests: the site's data, an English client, an HTML check."""

import copy
from html.parser import HTMLParser

import html5lib
import pytest

from tests.helpers import shared_rows

from .data import build_site


class _Ids(HTMLParser):
    """Collects repeated ids, which the HTML parser itself accepts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.duplicates = set(), []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id":
                if value in self.ids:
                    self.duplicates.append(value)
                self.ids.add(value)


def assert_valid_html(content):
    """The page parses without a single error by the WHATWG HTML parsing rules (html5lib in
    strict mode: stray or misnested tags, a missing doctype, bad attributes …) and repeats
    no id."""
    text = content.decode() if isinstance(content, bytes) else content
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        parser.parse(text)
    except html5lib.html5parser.ParseError as error:
        line, column = parser.errors[-1][0] if parser.errors else ("?", "?")
        lines = text.splitlines()
        context = lines[line - 1].strip()[:200] if isinstance(line, int) else ""
        raise AssertionError(
            f"HTML error at line {line}, column {column}: {error}\n{context}"
        ) from None
    ids = _Ids()
    ids.feed(text)
    ids.close()
    assert not ids.duplicates, f"repeated ids: {ids.duplicates}"


_site_rows = shared_rows(build_site)


@pytest.fixture
def site(_site_rows, db):
    """The small public site of data.py (built once per module, see `shared_rows`)."""
    return copy.deepcopy(_site_rows)


@pytest.fixture
def client(client):
    """Pages in English, so that assertions on labels do not depend on the translation."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
