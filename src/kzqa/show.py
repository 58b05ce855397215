"""One record in full, as labelled sections for `kzqa show`."""

from __future__ import annotations

from typing import Any

from kzqa.dates import show_edtf
from kzqa.queries import EntityIndex, amount_text, entity_index
from kzqa.store import Record, Store

_DATE_FIELDS = {"date", "signed", "in_force", "ended", "announced", "committed", "started",
                "completed", "period"}
_SKIP = {"kind", "id", "citations", "related", "disputed", "inferred", "note"}


def _value(key: str, value: Any, names: EntityIndex) -> str:
    if key in _DATE_FIELDS and isinstance(value, str):
        shown = show_edtf(value)
        return f"{shown} ({value})" if shown != value else value
    if key == "amount" and isinstance(value, dict):
        return f"{amount_text(value['value'], value['currency'], value['qualifier'])} ({value['basis']})"
    if key == "ratification" and isinstance(value, dict):
        return ", ".join(f"{k} {show_edtf(v) if k == 'date' else v}" for k, v in value.items() if v)
    if key == "roles" and isinstance(value, list):
        return "; ".join(
            r["title"] + (f", {names.show([r['organisation']])}" if r.get("organisation") else "")
            + (f" ({show_edtf(r.get('from'))}–{show_edtf(r.get('to'))})" if r.get("from") or r.get("to") else "")
            for r in value)
    if isinstance(value, list):
        return ", ".join(f"{names.show([v])} ({v})" if v in names.names else str(v) for v in value)
    if isinstance(value, str) and value in names.names and key not in ("title", "name"):
        return f"{names.show([value])} ({value})"
    return str(value)


def record_sections(record: Record, records: Store, linked: list[Record]) -> list[tuple[str, list[tuple[str, Any]]]]:
    names = entity_index(records)
    title = record.get("title") or record.get("name") or record["id"]
    head = [("kind", record["kind"]), ("id", record["id"])]
    head += [(k, _value(k, v, names)) for k, v in record.items()
             if k not in _SKIP and v not in (None, [], {}, "")]
    sections: list[tuple[str, list[tuple[str, Any]]]] = [(title, head)]
    standing = [(k, record[k]) for k in ("disputed", "inferred") if record.get(k)]
    if record.get("note"):
        standing.append(("note", record["note"]))
    if standing:
        sections.append(("Standing", standing))
    cites = []
    for n, c in enumerate(record.get("citations", []), 1):
        cites.append((f"[{n}] {c['source']}, {c['locator']}", f"\u201c{c['quote']}\u201d"))
    if cites:
        sections.append(("Citations", cites))
    # Each related record once: named by this one, naming it, or both.
    related_ids = [rid for rid in dict.fromkeys(record.get("related", [])) if records.get(rid)]
    refers = {other["id"]: other for other in linked}
    related = []
    for rid in [*related_ids, *(i for i in refers if i not in related_ids)]:
        other = refers.get(rid) or records.get(rid)
        assert other is not None
        how = " (refers to this)" if rid in refers else ""
        related.append((rid, f"{other['kind']}: {other.get('title') or other.get('name')}{how}"))
    if related:
        sections.append(("Related", related))
    return sections
