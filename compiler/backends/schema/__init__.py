"""Schema backend: JSON Schemas of the case file and of the validation result (generated/schema/)."""
from .emit import emit

__all__ = ["emit"]
