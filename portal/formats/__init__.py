"""Date formats of the portal's locales (settings.FORMAT_MODULE_PATH)."""
