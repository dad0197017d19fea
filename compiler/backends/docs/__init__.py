"""Docs backend: reviewers' documentation (Markdown and a static HTML site, English and Vietnamese)."""
from .emit import emit  # noqa: F401
