"""Reading and writing catalog files for `portal i18n`: located errors, no churn, atomic writes.

A catalog is rewritten only when its bytes change, and holds no line numbers of the sources, so
running a command twice, or on a fresh clone, leaves git clean; a broken .po is reported as
file:line (Babel counts lines from 0 in its exception; people count from 1).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from ..errors import PortalError
from .posyntax import syntax_problems

# The translator note on greetings and subjects (written by extract.content_comments).
# One line of a catalog (under 76 characters), so it reads back as it was written.
FREE_NOTE = "Write it your language's way: any merge field may be used or left out."

WIDTH = 79  # the project's line length, also for catalogs


def shown_path(path: Path, root: Path) -> str:
    """A path as the user knows it: relative to the project folder when it is inside it."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def read_catalog(path: Path, shown: str, locale: str | None = None) -> Catalog:
    """A .po or .pot file as a Catalog; a file people cannot use is one error naming file:line."""
    try:
        broken = syntax_problems(path.read_bytes().decode("utf-8"))
        if broken:
            line, text = broken[0]
            more = f" (and {len(broken) - 1} more)" if len(broken) > 1 else ""
            raise PortalError(f"{shown}:{line}: cannot read catalog: {text}{more}; msgfmt --check "
                              "refuses it: fix the line or restore the file")
        with path.open("rb") as fp:
            return read_po(fp, locale=locale, abort_invalid=True)
    except PoFileError as exc:
        message = str(exc).rsplit(" on ", 1)[0]
        raise PortalError(f"{shown}:{exc.lineno + 1}: cannot read catalog: {message}: "
                          f"{exc.line.strip()!r}; fix the line or restore the file") from None
    except UnicodeDecodeError as exc:
        raise PortalError(f"{shown}: cannot read catalog: not UTF-8 ({exc.reason}); save it as "
                          "UTF-8") from None
    except (ValueError, LookupError) as exc:
        raise PortalError(f"{shown}: cannot read catalog: {exc}") from None
    except OSError as exc:
        raise PortalError(f"{shown}: cannot read catalog: {exc.strerror}") from None


def render_catalog(catalog: Catalog) -> bytes:
    """The catalog as .po/.pot bytes in the project's layout (extraction order, width 79).

    Locations name the file without a line number (`#: content/emails.yml`): the translator
    comment says where in it, and line numbers would change every catalog whenever a line is added
    above a message. Without the previous msgids of fuzzy entries (#| msgid): Babel's reader does
    not read them back (it keeps them as a "# |" comment), so they would not survive the next update.
    """
    for message in catalog:
        if FREE_NOTE in message.auto_comments:  # Babel flags every {name} msgid; these are free
            message.flags.discard("python-brace-format")
            message.flags.add("no-python-brace-format")
    buffer = BytesIO()
    write_po(buffer, catalog, width=WIDTH, include_lineno=False)
    return buffer.getvalue()


def write_if_changed(path: Path, data: bytes) -> bool:
    """Replace `path` with `data` atomically unless it already holds exactly that; True if written."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fp:
            fp.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def now() -> dt.datetime:
    """The time stamped into catalogs: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0)
