"""Small helpers shared by the test modules: fingerprints and text of a built site."""

from __future__ import annotations

import email
import email.policy
import gzip
import hashlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".ico", ".woff", ".woff2", ".ttf", ".eot"}


def file_digests(folder: Path) -> dict[str, str]:
    """{relative path: sha256} of every file under `folder` (hidden ones too)."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def leftovers(parent: Path, site_name: str = "site") -> list[str]:
    """Staging or old-site folders that a build left beside the site."""
    return sorted(p.name for p in parent.iterdir()
                  if p.name.startswith((f".{site_name}.staging-", f".{site_name}.old-")))


def site_texts(site: Path) -> Iterator[tuple[str, str]]:
    """(name, text) of every text in the site, decoded the way a reader sees it: members of zip
    files, gzip files (sitemap.xml.gz) and the decoded parts of .eml messages included."""
    for path in sorted(site.rglob("*")):
        if path.is_file():
            yield from _texts(path.relative_to(site).as_posix(), path.read_bytes())


def _texts(name: str, data: bytes) -> Iterator[tuple[str, str]]:
    suffix = Path(name).suffix.lower()
    if suffix in BINARY_SUFFIXES or name.endswith("/"):
        return
    if suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                yield from _texts(f"{name}!{member}", archive.read(member))
    elif suffix == ".gz":
        yield from _texts(name[: -len(".gz")], gzip.decompress(data))
    elif suffix == ".eml":
        yield name, data.decode("utf-8", errors="replace")
        message = email.message_from_bytes(data, policy=email.policy.default)
        yield f"{name} (subject)", str(message["subject"])
        for part in message.walk():
            if part.get_content_maintype() == "text":
                yield f"{name} ({part.get_content_type()})", part.get_content()
    else:
        yield name, data.decode("utf-8", errors="replace")
