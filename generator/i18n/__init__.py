"""Localization: catalogs from locales/, content translated by its English text, locale formats."""
