"""Pure rendering: (localized content, locale) -> text for the site engine, emails and banners."""
