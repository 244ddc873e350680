"""Renewals Partner Portal generator: YAML content in, partner portal and notification kit out."""

__version__ = "0.1.0"
