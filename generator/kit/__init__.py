"""The customer notification kit: emails, call scripts and banners partners download from the portal."""
