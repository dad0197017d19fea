"""Backends: IR -> files under generated/."""
