"""The partner tools on the command line (`portal calendar`, `portal merge`): the same rules as the
kit page's browser tools, read from the same kit description (kit.json)."""
