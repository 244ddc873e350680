"""The downloadable zip: every kit file of one language plus its README.txt, byte-reproducible."""

from __future__ import annotations

import io
import os
import time
import zipfile
from collections.abc import Mapping
from pathlib import Path

from ..output import safe_join


def zip_timestamp() -> tuple[int, int, int, int, int, int]:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the zip format's earliest date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return (1980, 1, 1, 0, 0, 0)
    stamp = time.gmtime(max(int(epoch), 315532800))  # zip cannot hold dates before 1980
    return stamp[:6]


def _entry_name(folder: str, name: str) -> str:
    """`folder/name`, checked as files on disk are: no entry extracts outside the kit's folder."""
    return safe_join(Path(folder), name).as_posix()


def build_zip(files: Mapping[str, str | bytes], folder: str) -> bytes:
    """A zip of `files` under `folder/`, sorted, with fixed timestamps and permissions."""
    buffer = io.BytesIO()
    stamp = zip_timestamp()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(_entry_name(folder, name), date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            data = files[name]
            archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()
