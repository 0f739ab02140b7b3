"""Simulated lost races on a unique key, for write paths tested without parallel requests.

The real race (parallel requests on PostgreSQL) is tests/test_concurrency.py; here the
model's uniqueness checks miss the other row once, exactly as when another request saves
the same key between this request's validation and its save.
"""


def lose_the_race_once(monkeypatch, model):
    """The first uniqueness check of each kind on `model` sees no duplicate."""
    for name in ("validate_unique", "validate_constraints"):
        real = getattr(model, name)
        calls = []

        def check(self, exclude=None, _real=real, _calls=calls):
            _calls.append(self)
            if len(_calls) > 1:
                return _real(self, exclude=exclude)
            return None

        monkeypatch.setattr(model, name, check)
