"""The data files under `demo/data/`, read with the standard library's `tomllib`.

The demo builders and the benchmark generator both draw names and weights from here, so a
pool is declared once. Helpers that turn pools into names and codes live here for the same
reason.
"""

import copy
import functools
import random
import tomllib
from pathlib import Path

from stdnum.cn import uscc

DATA = Path(__file__).resolve().parent / "data"


@functools.cache
def _parsed(name):
    with (DATA / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


def read(name):
    """The data file `demo/data/<name>.toml`, as a fresh copy the caller may change."""
    return copy.deepcopy(_parsed(name))


def credit_code(seq, *, region="410900", entity="91", org="DM"):
    """A valid placeholder credit code: entity type, region, `org` + 7 digits, check char."""
    body = f"{entity}{region}{org}{seq:07d}"
    return body + uscc.calc_check_digit(body)


def person_names(seed, count=None):
    """Distinct Chinese names (surname + given name), shuffled the same way for a seed."""
    pools = _parsed("pools")
    pool = [s + g for s in pools["surnames"] for g in pools["given_names"]]
    random.Random(seed).shuffle(pool)
    if count is None:
        return pool
    assert count <= len(pool)
    return pool[:count]


def brand_names(*, avoid=True):
    """Two-character brands; with `avoid`, none that reads like an enterprise the article names."""
    brands = _parsed("pools")["brands"]
    names = [a + b for a in brands["first"] for b in brands["second"] if a != b]
    if avoid:
        names = [name for name in names if name not in brands["avoid"]]
    return names
