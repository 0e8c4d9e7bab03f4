"""Shared fixtures: the English pipeline with the dipevents components, loaded once.

The pipeline is a dependency of the package (STYLE.md, "Tests"): tests that need it run
everywhere and never skip.
"""
from __future__ import annotations

import pytest
from spacy.language import Language

from dipevents.extract.pipeline import load_nlp


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default pipeline (statistical model + dipevents rule components), once per session."""
    return load_nlp()
