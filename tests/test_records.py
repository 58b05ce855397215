"""The bundled records after the audit of issue 13: corrected values, the names writers type.

1. each value the audit corrected is pinned (status, parties and partners, standing, dates,
   periods, measures and basis, new records and entities, source types, curators' titles);
2. entity names: inflected forms are forms, not aliases; no name is shared by two entities;
   a name none of the five sources uses is said so in the entity's note;
3. `kzqa search NAME --json` puts the entity first for each name writers type and for every
   entity's name, alias and form.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import tomli
from typer.testing import CliRunner

from kzqa.cli import app
from kzqa.dates import parse_edtf

pytestmark = pytest.mark.bundled

ROOT = Path(__file__).resolve().parents[1]
FACTS = ROOT / "facts"
SOURCES_DIR = ROOT.parent / "shared" / "sources"

runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args), catch_exceptions=False)


_RECORDS: dict[str, dict[str, Any]] | None = None


def record(rid: str) -> dict[str, Any]:
    """One bundled record as `kzqa export --json` gives it."""
    global _RECORDS
    if _RECORDS is None:
        result = invoke("export", "--json")
        assert result.exit_code == 0, result.output
        _RECORDS = {r["id"]: r for r in json.loads(result.stdout)}
    return _RECORDS[rid]


def all_records() -> list[dict[str, Any]]:
    record("kazakhstan")
    assert _RECORDS is not None
    return list(_RECORDS.values())


def entity_files() -> list[dict[str, Any]]:
    """The entities straight from facts/*.toml, for parametrizing at collection time."""
    out: list[dict[str, Any]] = []
    for path in sorted(FACTS.glob("**/*.toml")):
        out.extend(tomli.loads(path.read_text(encoding="utf-8")).get("entity", []))
    return out


# ------------------------------------------------------------------ wrong values

@pytest.mark.parametrize(("rid", "status"), [
    ("ahmad-table2-kashagan-gpp", "planned"),             # beside its signed 2024 project agreement
    ("ahmad-table2-logistics-route", "under-negotiation"),  # Table 1: negotiations on the corridor
    ("kz-qa-mining-projects", "under-negotiation"),
    ("kz-qa-alternative-energy-projects", "under-negotiation"),
    ("kz-qa-finance-telecom-investment", "under-negotiation"),  # the same sentence
])
def test_corrected_status(rid: str, status: str) -> None:
    assert record(rid)["status"] == status


def test_kashagan_project_is_committed_by_its_2024_agreement() -> None:
    project = record("ahmad-table2-kashagan-gpp")
    assert project["committed"] == "2024"
    assert "ahmad-kashagan-gpp-project-agreement-2024" in project["related"]
    assert record("ahmad-kashagan-gpp-project-agreement-2024")["signed"] == "2024"


def test_the_action_plan_day_is_the_signing_not_the_dawn_report() -> None:
    dawn = record("dawn-2025-action-plan")
    assert dawn["date"] == "2025-09-09/.."
    assert "signed" in dawn["note"]
    assert record("pk-kz-action-plan-of-cooperation")["signed"] == "2025-09-09"
    assert record("nurtleu-pakistan-visit-2025")["date"] == "2025-09"


# ------------------------------------------------------------------ no more than the quote says

def test_kashagan_agreement_names_no_parties() -> None:
    agreement = record("ahmad-kashagan-gpp-project-agreement-2024")
    assert agreement.get("parties", []) == []
    assert "names none" in agreement["note"]


@pytest.mark.parametrize(("rid", "field", "expected"), [
    ("ahmad-north-south-corridor", "partners", []),
    ("ahmad-north-south-corridor", "location", []),
    ("ahmad-almaty-ai-fintech-hub-idea", "partners", ["kazakhstan", "qatar"]),
    ("ahmad-corridor-feasibility-study", "partners", ["kazakhstan", "qatar"]),
    ("ahmad-corridor-feasibility-study", "location", []),
    ("ahmad-central-asia-middle-east-corridor", "partners", ["kazakhstan", "qatar"]),
    ("ahmad-central-asia-middle-east-corridor", "location", ["kazakhstan", "caspian-sea"]),
    ("ahmad-table2-islamic-financial-center", "partners", ["kazakhstan", "qatar"]),
    ("ahmad-qatar-turkmenbashi-port-investment", "partners", ["qatar"]),
    ("elegancia-medical-center-astana", "partners", ["elegancia-healthcare"]),
    ("almaty-region-maternity-hospital", "partners", ["qatar-fund-for-development"]),
    ("nur-astana-mosque-qatar-funding", "partners", ["qatar"]),
])
def test_partners_and_places_only_as_the_quote_gives_them(rid: str, field: str, expected: list[str]) -> None:
    assert record(rid).get(field, []) == expected


@pytest.mark.parametrize(("rid", "moved"), [
    ("ahmad-almaty-ai-fintech-hub-idea", ["qatar-fintech-hub"]),
    ("ahmad-corridor-feasibility-study", ["uzbekistan", "turkmenistan", "iran", "oman", "aiib"]),
    ("ahmad-central-asia-middle-east-corridor", ["uzbekistan", "turkmenistan", "iran"]),
    ("ahmad-table2-islamic-financial-center", ["aifc"]),
])
def test_possible_partners_backers_and_models_are_related(rid: str, moved: list[str]) -> None:
    assert set(moved) <= set(record(rid)["related"])


def test_defence_ministers_began_a_dialogue_and_officials_met() -> None:
    summary = record("ahmad-defence-ministers-dialogue-2022")["summary"]
    assert "defence ministers of Kazakhstan and Qatar held" not in summary
    assert "began an active dialogue" in summary
    assert "officials from both sides held regular meetings" in summary


def test_talks_do_not_claim_what_tokayev_repeatedly_emphasized() -> None:
    talks = record("tokayev-tamim-talks-2024")
    assert "investment in logistics and transport" not in talks["summary"]
    assert "repeatedly emphasized" in talks["note"]


def test_a_unit_of_the_university_is_no_alias() -> None:
    abai = record("abai-kaznpu")
    assert "Sorbonne-Kazakhstan Institute" not in abai["aliases"]
    assert "KazNPU" in abai["aliases"]


@pytest.mark.parametrize(("sid", "kind", "supplied"), [
    ("al-jaber-interview", "news", True),
    ("astana-times-2026-tokayev-pakistan", "news", True),
    ("tokayev-pakistan-visit", "news", True),
    ("ahmad-2025", "article", False),
    ("syed-2024", "analysis", False),
    ("gu-li-mepei", "op-ed", False),
    ("dawn-2025-action-plan", "news", False),
    ("bnn-2024-qatar-investment-pact", "news", False),
    ("britannica-tamim", "reference", False),
    ("afp-2013-emir-abdicates", "news", False),
])
def test_source_type_and_supplied_title(sid: str, kind: str, supplied: bool) -> None:
    source = record(sid)
    assert source["type"] == kind
    assert bool(source.get("supplied_title", False)) is supplied


# ------------------------------------------------------------------ standing

def test_a_stated_season_is_not_inferred() -> None:
    senate = record("senate-endorses-strategic-partnership-2024")
    assert senate["date"] == "2024-23"
    assert not senate.get("inferred")


def test_trade_figure_is_disputed_and_shares_the_measure_of_its_target() -> None:
    trade = record("ahmad-trade-volume-56-6-million")
    assert "investment" in trade["disputed"]
    assert (trade["measure"], trade["basis"]) == ("trade-kazakhstan-qatar", "actual")
    target = record("kz-qa-trade-target-500m")
    assert (target["measure"], target["basis"]) == ("trade-kazakhstan-qatar", "target")


@pytest.mark.parametrize(("rid", "measure"), [
    ("kz-exports-to-qatar-target-2024", "kazakhstan-exports-to-qatar"),
    ("kz-export-items-to-qatar-target-2024", "kazakhstan-export-items-to-qatar"),
])
def test_targets_stay_in_the_measure_they_aim_at(rid: str, measure: str) -> None:
    figure = record(rid)
    assert (figure["measure"], figure["basis"]) == (measure, "target")


def test_no_measure_is_a_target_of_its_own() -> None:
    assert [r["id"] for r in all_records() if r["kind"] == "figure" and r["measure"].endswith("-target")] == []


def test_peer_review_is_marked_inferred() -> None:
    note = record("ahmad-2025")["note"]
    assert not note.startswith("Peer-reviewed")
    assert "peer-reviewed is inferred" in note


def test_shura_council_visit_keeps_only_the_year() -> None:
    visit = record("qatar-shura-council-delegation-visit")
    assert visit["date"] == "2023?"
    start = parse_edtf(visit["date"]).start
    assert start is not None and (start.year, start.month) == (2023, None)
    assert "June" in visit["inferred"]


def test_joint_projects_period_is_the_year_the_body_gives() -> None:
    figure = record("ahmad-joint-projects-over-20-billion")
    assert figure["period"] == "2024"
    assert "2024-05-15" in figure["inferred"]


@pytest.mark.parametrize("rid", ["ruslan-zhaksylykov", "khalid-al-attiyah", "murat-nurtleu"])
def test_people_dates_from_linked_records_are_marked_inferred(rid: str) -> None:
    roles = record(rid)["roles"]
    assert roles and all("infer" in role["note"] for role in roles)


def test_new_air_routes_set_the_date_their_reasoning_gives() -> None:
    routes = record("kz-qa-new-air-routes-2024")
    assert routes["announced"] == "2024-01/2024-02"
    assert "2024" in routes["inferred"]


# ------------------------------------------------------------------ missing facts, now recorded

@pytest.mark.parametrize(("rid", "words"), [
    ("ahmad-energy-cooperation-gas-uranium-oil", "uranium and oil production"),
    ("ahmad-military-cooperation-agreement", "considerable experience in peacekeeping"),
    ("kz-qa-political-consultations", "political consultations"),
    ("ahmad-qatar-at-kazakh-hosted-summits", "summits on mediation and the dialogue of civilizations"),
    ("ahmad-ref-qatar-enters-kazakhstan-investments-2024", "Qatar Enters Kazakhstan with Large Investments"),
    ("ahmad-ref-kazakhstan-central-asian-interests-oic-2013", "Kazakhstan Promotes Central Asian Interests within OIC"),
    ("astana-international-forum", "Astana International Forum"),
    ("al-ain", "Al-Ain"),
])
def test_missing_fact_is_recorded_with_its_quote(rid: str, words: str) -> None:
    assert any(words in c["quote"] and c["source"] == "ahmad-2025" for c in record(rid)["citations"])


@pytest.mark.parametrize(("rid", "date"), [
    ("ahmad-ref-qatar-enters-kazakhstan-investments-2024", "../2024-12-08"),
    ("ahmad-ref-kazakhstan-central-asian-interests-oic-2013", "../2013-02-13"),
])
def test_reference_list_reports_are_dated_on_or_before_publication(rid: str, date: str) -> None:
    event = record(rid)
    assert event["date"] == date
    assert "Known only from the title and date" in event["inferred"]


def test_new_entities() -> None:
    al_ain = record("al-ain")
    assert (al_ain["type"], al_ain["country"]) == ("place", "uae")
    assert {"Әл-Айн", "Аль-Айн"} <= set(al_ain["aliases"])
    forum = record("astana-international-forum")
    assert (forum["type"], forum["country"]) == ("organisation", "kazakhstan")
    assert "astana-international-forum" in record("tamim-astana-international-forum-2023-06")["actors"]


# ------------------------------------------------------------------ names: aliases and forms

@pytest.mark.parametrize(("eid", "form"), [
    ("central-asia", "Центральной Азии"),
    ("central-asia", "Орталық Азиядағы"),
    ("persian-gulf", "Персидского залива"),
    ("tokayev", "Токаева"),
    ("kazakhstan", "Казахстана"),
    ("qatar", "Катара"),
])
def test_inflected_forms_are_forms_not_aliases(eid: str, form: str) -> None:
    entity = record(eid)
    assert form in entity["forms"]
    assert form not in entity.get("aliases", [])


@pytest.mark.parametrize("entity", entity_files(), ids=lambda e: e["id"])
def test_aliases_and_forms_do_not_overlap(entity: dict[str, Any]) -> None:
    assert set(entity.get("aliases", [])) & set(entity.get("forms", [])) == set()


def test_no_name_belongs_to_two_entities() -> None:
    owner: dict[str, str] = {}
    clashes = []
    for entity in entity_files():
        for name in {n.casefold() for n in [entity["name"], *entity.get("aliases", []), *entity.get("forms", [])]}:
            if owner.setdefault(name, entity["id"]) != entity["id"]:
                clashes.append((name, owner[name], entity["id"]))
    assert clashes == []


@pytest.mark.skipif(not SOURCES_DIR.is_dir(), reason=f"the source texts are not here ({SOURCES_DIR})")
def test_a_name_not_in_the_sources_is_said_so_in_the_note() -> None:
    texts = "\n".join(p.read_text(encoding="utf-8") for p in SOURCES_DIR.iterdir()
                      if p.suffix in (".txt", ".md") and p.name != "INDEX.md")
    unexplained = [(e["id"], name) for e in entity_files()
                   for name in [e["name"], *e.get("aliases", []), *e.get("forms", [])]
                   if name not in texts and name not in (e.get("note") or "")]
    assert unexplained == []


# ------------------------------------------------------------------ search finds the entity first

# The names the issue lists under "Names writers type" and in its brief, with the entity each names.
WRITERS_NAMES = [
    ("Alma-Ata", "almaty"), ("Organisation of the Islamic Conference", "oic"),
    ("Organization of Turkic States", "turkic-council"), ("Turkic Council", "turkic-council"),
    ("Tokaev", "tokayev"), ("Kassym-Zhomart Tokayev", "tokayev"), ("Nazarbaev", "nazarbayev"),
    ("first president of Kazakhstan", "nazarbayev"), ("Токаев", "tokayev"), ("Назарбаев", "nazarbayev"),
    ("Alikhan Smailov", "smailov"), ("KazNPU", "abai-kaznpu"), ("Samruk Kazyna", "samruk-kazyna"),
    ("Qatar Solar Technologies", "qstec"), ("Центральная Азия", "central-asia"),
    ("Персидский залив", "persian-gulf"), ("Kazakhstani", "kazakhstan"), ("Kazakhstanis", "kazakhstan"),
    ("Kazakh", "kazakhstan"), ("Qatari", "qatar"), ("Qataris", "qatar"), ("Pakistani", "pakistan"),
    ("Emirati", "uae"), ("Saudi", "saudi-arabia"), ("Turkish", "turkiye"), ("Токаева", "tokayev"),
    ("Казахстана", "kazakhstan"), ("Катара", "qatar"), ("Nur-Sultan", "astana"),
    ("Astana International Forum", "astana-international-forum"), ("Al-Ain", "al-ain"),
]


def search_cases() -> list[tuple[str, str]]:
    cases = dict((name, eid) for name, eid in WRITERS_NAMES)
    for entity in entity_files():
        for name in [entity["name"], *entity.get("aliases", []), *entity.get("forms", [])]:
            cases.setdefault(name, entity["id"])
    return sorted(cases.items(), key=lambda case: (case[1], case[0]))


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("search-cache")


@pytest.mark.parametrize(("name", "eid"), search_cases(), ids=lambda v: str(v))
def test_search_puts_the_named_entity_first(name: str, eid: str, shared_cache: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # One private cache for the module, so the records are indexed once, not once a case.
    monkeypatch.setenv("KZQA_CACHE_DIR", str(shared_cache))
    result = invoke("search", name, "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert hits and hits[0]["id"] == eid, [h["id"] for h in hits[:3]]
