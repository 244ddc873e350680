"""Compiled Jinja templates, kept in memory and shared by environments that are configured alike.

A build makes a Jinja environment per language and kind of output (and the site engine makes one
per language), and each used to compile every template it rendered: tens of milliseconds per
template, so most of a language's render time, and about half of each engine build's. Jinja's
bytecode-cache hook lets such environments share the compiled code instead. Jinja checks each
entry against the template's source, so an edited template (the live preview) is compiled again.

The compiled code depends on how an environment is configured (autoescape, finalize, extensions,
the kinds of its filters), not on its globals or filter functions: give every differently
configured environment its own `CompiledTemplates`.
"""

from __future__ import annotations

import marshal
from types import CodeType

import jinja2
from jinja2.bccache import Bucket


class CompiledTemplates(jinja2.BytecodeCache):
    """In-process store of compiled templates, keyed by template name and file, checked by source."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, CodeType]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self._code.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self._code[bucket.key] = (bucket.checksum, bucket.code)

    def clear(self) -> None:
        self._code.clear()

    def __len__(self) -> int:
        return len(self._code)

    def keys(self) -> set[str]:
        return set(self._code)

    def export(self, leave_out: set[str]) -> bytes:
        """The entries not in `leave_out`, as bytes for another process (see `absorb`)."""
        return marshal.dumps({key: entry for key, entry in self._code.items()
                              if key not in leave_out})

    def absorb(self, exported: bytes) -> None:
        """Add what another process running the same Python exported."""
        if exported:
            self._code.update(marshal.loads(exported))
