"""Builders of the demo's computed rows: each module adds one part of the data set.

`demo.dataset.Builder` combines them; they share the state of `base.BuilderBase`.
"""
