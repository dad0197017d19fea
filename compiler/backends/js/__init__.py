"""JavaScript backend: standalone validator scripts (generated/js/), the same results as the Python ones."""
from .emit import emit

__all__ = ["emit"]
