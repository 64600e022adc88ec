"""Regenerate ``data/objects.json`` from the shared ``OBJECTS.md`` field reference.

The sandbox reads its object definitions from the generated JSON at run time so it does not
depend on the shared documentation being present beside the repository. Run this module after
``OBJECTS.md`` changes: ``python -m integrations.sandbox.build_catalog PATH/TO/OBJECTS.md
[LOOKUP.xml ...]``. Recorded ``lookup`` outputs given after it contribute their dotted
(relationship) fields, which ``OBJECTS.md`` omits, to ``data/dotted.json``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

_HEADING = re.compile(r"^## (\w+)\s*$")
_RELATION = re.compile(r"(\w+) -> (\w+) \((\w+), ([\w.]+)\)")


def parse_objects_md(text: str) -> dict[str, dict[str, list[list[object]]]]:
    """Turn the markdown tables into ``{OBJECT: {"fields": [...], "relationships": [...]}}``."""
    catalog: dict[str, dict[str, list[list[object]]]] = {}
    current: dict[str, list[list[object]]] | None = None
    for line in text.splitlines():
        heading = _HEADING.match(line)
        if heading:
            current = {"fields": [], "relationships": []}
            catalog[heading.group(1)] = current
            continue
        if current is None:
            continue
        if line.startswith("| ") and not line.startswith("| Field") and "---" not in line:
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if len(cells) < 6:
                continue
            field_id, datatype, required, readonly, label, valid = cells[:6]
            values: list[str] = []
            if valid and not valid.startswith("("):
                values = [value.strip() for value in valid.split(", ")]
            current["fields"].append(
                [field_id, datatype, required == "R", readonly == "RO", label, values]
            )
        elif line.startswith("Relationships"):
            for path, name, kind, related_by in _RELATION.findall(line.split(":", 1)[1]):
                current["relationships"].append([path, name, kind, related_by])
    return catalog


def parse_lookup_dotted(xml: bytes) -> tuple[str, list[list[str]]]:
    """(object name, [[field ID, datatype, label], ...]) of the dotted fields of a lookup."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(xml, parser)
    kind = root.find(".//Type")
    if kind is None:
        raise ValueError("not a lookup result")
    fields = []
    for item in kind.iterfind("Fields/Field"):
        field_id = item.findtext("ID") or ""
        if "." in field_id:
            fields.append(
                [field_id, item.findtext("DATATYPE") or "TEXT", item.findtext("LABEL") or ""]
            )
    return kind.get("Name", ""), fields


def main(argv: list[str]) -> None:
    """Read OBJECTS.md (first argument) and lookups (the rest); write JSON beside this module."""
    source = Path(argv[1])
    catalog = parse_objects_md(source.read_text(encoding="utf-8"))
    data = Path(__file__).with_name("data")
    target = data / "objects.json"
    target.write_text(json.dumps(catalog, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(catalog)} objects to {target.name}")
    if len(argv) > 2:
        dotted = {}
        for path in argv[2:]:
            name, fields = parse_lookup_dotted(Path(path).read_bytes())
            if fields:
                dotted[name] = fields
        (data / "dotted.json").write_text(
            json.dumps(dotted, indent=0, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        print(f"wrote dotted fields of {len(dotted)} objects to dotted.json")


if __name__ == "__main__":
    main(sys.argv)
