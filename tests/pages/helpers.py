"""Reading what a user sees on a page, without depending on labels."""

import re


def listed_codes(response):
    """Project codes in the order the list table shows them."""
    return re.findall(r'<span class="code">([^<]+)</span>', response.content.decode())


def figure(response, name):
    """The text of the element marked data-figure="name" (a headline figure)."""
    match = re.search(rf'data-figure="{name}">(.*?)</', response.content.decode(), re.S)
    assert match, f"no figure {name}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def listed_round_entries(response):
    """(round, list, project) codes of the rows of the rounds page's table, in order."""
    return re.findall(
        r'<tr data-round="([^"]+)" data-list="([^"]+)" data-project="([^"]+)">',
        response.content.decode(),
    )
