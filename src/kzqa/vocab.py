"""The values an option accepts: fixed vocabularies from the schema, and those that come
from the loaded records (topics and sectors, countries in any of their spellings).

Each record-derived vocabulary is one function of the record set, so that a store can
answer it with one query. Commands check option values against these (exit status 2 with
a near match and the accepted values) and shell completion offers them.
"""

from __future__ import annotations

from typing import Any, Protocol

from kzqa import KINDS as KINDS  # re-exported: the commands check --kind here
from kzqa.store import MILESTONES as STORE_MILESTONES
from kzqa.text import fold

# The schema's fixed vocabularies (kzqa.models keeps the same lists as Literal types;
# tests/test_vocab.py holds them equal). Here, so that checking an option imports no pydantic.
EVENT_TYPES = ("visit", "meeting", "forum", "award", "opening", "crisis", "establishment",
               "statement", "election", "other")
AGREEMENT_TYPES = ("treaty", "agreement", "memorandum", "protocol", "action-plan", "roadmap",
                   "programme", "declaration", "law", "decree", "other")
AGREEMENT_STATUSES = ("proposed", "under-negotiation", "signed", "ratified", "in-force", "ended", "unknown")
PROJECT_STATUSES = ("idea", "proposed", "under-negotiation", "planned", "funded",
                    "under-construction", "completed", "unknown")
# The milestones the timeline lists (kzqa.store.MILESTONES), by record kind.
MILESTONES = tuple(name for steps in STORE_MILESTONES.values() for name, _path in steps)
TIMELINE_KINDS = tuple(dict.fromkeys(("event", "agreement", "project", *EVENT_TYPES, *MILESTONES,
                                      *AGREEMENT_TYPES)))


class RecordSet(Protocol):
    """What the vocabularies read: the store (kzqa.store.Store), whose `conn` they query."""

    conn: Any


def topics(records: RecordSet) -> list[str]:
    """Every topic and sector named by a record, sorted (`--topic`, `--sector` take either)."""
    seen: dict[str, str] = {}
    sql = ("SELECT DISTINCT j.value FROM records, json_each(records.json, '$.topics') AS j UNION "
           "SELECT DISTINCT j.value FROM records, json_each(records.json, '$.sectors') AS j")
    for (label,) in records.conn.execute(sql):
        seen.setdefault(fold(label), label)
    return sorted(seen.values(), key=fold)


def countries(records: RecordSet) -> dict[str, str]:
    """Every spelling of every country entity (id, name, aliases, in any script), folded,
    mapped to the country's id: {"kazakhstan": "kazakhstan", "қазақстан": "kazakhstan", ...}."""
    out: dict[str, str] = {}
    sql = ("SELECT names.key, r.id FROM names JOIN records r USING (n) "
           "WHERE r.kind = 'entity' AND r.type = 'country' AND names.rank IN (0, 1, 4) ORDER BY r.id, names.rank")
    for key, rid in records.conn.execute(sql):
        out.setdefault(key, rid)
    return out


def country_ids(records: RecordSet) -> list[str]:
    """The ids of the country entities, sorted."""
    return [i for (i,) in records.conn.execute(
        "SELECT id FROM records WHERE kind = 'entity' AND type = 'country' ORDER BY id")]
