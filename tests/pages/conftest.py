"""Fixtures of the public-page tests: the site's data, an English client, an HTML check."""

from html.parser import HTMLParser

import pytest

from .data import build_site

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# Elements whose end tag HTML lets you omit; our templates always close them anyway.
OPTIONAL_END = {"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option"}


class _Checker(HTMLParser):
    """Tag balance and unique ids: the mistakes templates make (a missing </div>, a stray
    end tag, a repeated id). Not a full validator; the browser tests load every page too."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ids, self.problems = [], set(), []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id":
                if value in self.ids:
                    self.problems.append(f"duplicate id {value!r}")
                self.ids.add(value)
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            where = self.stack[-1] if self.stack else None
            self.problems.append(f"</{tag}> at {self.getpos()} closes {where}")
            # Recover: pop to the matching tag when there is one.
            for index in range(len(self.stack) - 1, -1, -1):
                if self.stack[index][0] == tag:
                    del self.stack[index:]
                    break
            return
        self.stack.pop()


def assert_valid_html(content):
    text = content.decode() if isinstance(content, bytes) else content
    assert text.lstrip().lower().startswith("<!doctype html>")
    checker = _Checker()
    checker.feed(text)
    checker.close()
    leftovers = [tag for tag, _pos in checker.stack if tag not in OPTIONAL_END]
    assert not checker.problems and not leftovers, (checker.problems, checker.stack)


@pytest.fixture
def site(db):
    return build_site()


@pytest.fixture
def client(client):
    """Pages in English, so that assertions on labels do not depend on the translation."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
