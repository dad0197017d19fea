"""Python backend."""
from .emit import emit  # noqa: F401
