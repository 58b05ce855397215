"""Format checks for the labelled evaluation set of `kzqa check` (tests/check_labelled/)."""

from pathlib import Path
from typing import Any

import pytest
import tomllib

LABELLED = Path(__file__).parent / "check_labelled"
FILES = ("dev.toml", "holdout.toml", "fresh.toml", "fresh2.toml", "fresh3.toml", "fresh4.toml")
LABELS = {"true", "altered", "uncovered", "near-miss"}
VERDICTS = {"supported", "contradicted", "disputed", "unverifiable"}


def load_cases(name: str) -> list[dict[str, Any]]:
    """Return the `[[case]]` tables of one labelled file, in file order."""
    with (LABELLED / name).open("rb") as f:
        cases: list[dict[str, Any]] = tomllib.load(f)["case"]
    return cases


@pytest.mark.parametrize("name", FILES)
def test_file_parses_and_has_cases(name: str) -> None:
    assert load_cases(name)


def test_ids_are_unique_across_both_files() -> None:
    ids = [case["id"] for name in FILES for case in load_cases(name)]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.parametrize("name", FILES)
def test_cases_are_well_formed(name: str) -> None:
    for case in load_cases(name):
        where = f"{name}: {case.get('id')}"
        assert set(case) <= {"id", "label", "kind", "text", "expect", "none_contradicted"}, where
        assert case["label"] in LABELS, where
        assert isinstance(case["kind"], str) and case["kind"], where
        assert isinstance(case["text"], str) and case["text"].strip(), where
        assert case["expect"], where
        for expect in case["expect"]:
            assert set(expect) <= {"claim", "verdicts", "absent", "line", "column"}, where
            assert expect["claim"] in case["text"], f"{where}: {expect['claim']!r} not in text"
            if expect.get("absent"):
                assert "verdicts" not in expect, where
            else:
                assert expect["verdicts"], where
                assert set(expect["verdicts"]) <= VERDICTS, where
            for key in ("line", "column"):
                if key in expect:
                    assert isinstance(expect[key], int) and expect[key] >= 1, where


def test_holdout_is_about_a_quarter() -> None:
    dev, holdout = (len(load_cases(name)) for name in ("dev.toml", "holdout.toml"))
    assert 0.18 <= holdout / (dev + holdout) <= 0.32
