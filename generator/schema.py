"""JSON Schemas of the content files, generated from the models, so editors validate as you type.

Each content file starts with a `yaml-language-server` modeline pointing at its schema in
content/schema/, which the VS Code YAML extension (and other editors using that server) picks up.
"""

from __future__ import annotations

import json
from pathlib import Path

from .models import CONTENT_FILES

SCHEMA_FOLDER = Path("content") / "schema"


def file_schemas() -> dict[str, str]:
    """{file name: schema text} for every content file."""
    schemas = {}
    for name, model in CONTENT_FILES.items():
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{name}.schema.json",
            **model.model_json_schema(),
            "title": f"content/{name}.yml",
        }
        schemas[f"{name}.schema.json"] = json.dumps(schema, indent=2, sort_keys=True,
                                                    ensure_ascii=False) + "\n"
    return schemas


def write_schemas(root: Path) -> list[Path]:
    folder = root / SCHEMA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in file_schemas().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
