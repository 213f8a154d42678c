"""Mapping validation: every mistake names the file, the key and what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.core.mapping import MappingError, load_mapping
from pipelines.core.warehouse import reference_codes
from pipelines.core.workspace import load_workspace
from tests.conftest import SAGBRUK_MAPPING


def write(tmp_path: Path, text: str, company: str = "sagbruk") -> Path:
    path = tmp_path / "companies" / company / "mapping.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(MappingError) as info:
        load_mapping(path)
    assert str(path) in str(info.value)
    return info.value.problems


def test_valid_mapping_loads(tmp_path: Path) -> None:
    mapping = load_mapping(write(tmp_path, SAGBRUK_MAPPING))
    assert [e.name for e in mapping.exports] == ["production", "shipments"]
    assert mapping.exports[1].constants == {"sender_site": "SAG-1"}


def test_misspelt_key_lists_the_allowed_keys(tmp_path: Path) -> None:
    (key, msg), = problems(write(tmp_path, SAGBRUK_MAPPING.replace("encoding: windows-1252", "encodng: x", 1)))
    assert key == "exports[0].encodng"
    assert msg.startswith("unknown key; allowed keys here: name, dataset, pattern, format, delimiter")


def test_bad_choice_lists_the_allowed_values(tmp_path: Path) -> None:
    (key, msg), = problems(write(tmp_path, SAGBRUK_MAPPING.replace("windows-1252", "utf-16", 1)))
    assert key == "exports[0].encoding"
    assert msg == ("Input should be 'utf-8', 'utf-8-sig', 'windows-1252' or 'latin-1' (got 'utf-16')")


def test_unknown_field_and_unmapped_required_field(tmp_path: Path) -> None:
    text = SAGBRUK_MAPPING.replace("batch_id: Ordre,", "batch: Ordre,", 1)
    (key, msg), = problems(write(tmp_path, text))
    assert key == "exports[0]"
    assert "'batch' is not a field of dataset production; allowed: batch_id, site, event_date" in msg
    assert "required field(s) not mapped: batch_id (map a column or set a constant)" in msg


def test_company_id_must_match_folder(tmp_path: Path) -> None:
    (key, msg), = problems(write(tmp_path, SAGBRUK_MAPPING, company="annet"))
    assert (key, msg) == ("company.id", "'sagbruk' must equal its folder name 'annet'")


def test_broken_yaml(tmp_path: Path) -> None:
    (key, msg), = problems(write(tmp_path, "company: [unclosed"))
    assert key == "" and msg.startswith("cannot read the YAML")


def test_pattern_may_not_leave_the_inbox(tmp_path: Path) -> None:
    (key, msg), = problems(write(tmp_path, SAGBRUK_MAPPING.replace('"utlev_*.csv"', '"../*.csv"', 1)))
    assert key == "exports[1].pattern"
    assert "inside the company's inbox" in msg


def test_unknown_codes_in_value_maps_are_found_at_load(workspace: Path) -> None:
    path = workspace / "companies/sagbruk/mapping.yaml"
    path.write_text(SAGBRUK_MAPPING.replace("Flis: CHIPS", "Flis: CHIPZ").replace("Bil: truck", "Bil: lorry"),
                    encoding="utf-8")
    ws = load_workspace(workspace, reference_codes())
    assert set(ws.companies) == {"pellet", "fjernvarme"}
    errs = dict(ws.errors["sagbruk"].problems)
    assert errs["exports[0].values.material.Flis"].startswith("'CHIPZ' is not known; allowed: BARK, CHIPS")
    assert errs["exports[0].values.transport_mode.Bil"] == (
        "'lorry' is not known; allowed: conveyor, pipe, rail, ship, truck"
    )


def test_site_ids_must_be_unique_across_companies(workspace: Path) -> None:
    path = workspace / "companies/pellet/mapping.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: PEL-1", "id: SAG-1"), encoding="utf-8")
    ws = load_workspace(workspace, reference_codes())
    assert "site id SAG-1 is already used by company" in str(ws.errors.get("sagbruk") or ws.errors.get("pellet"))


def test_org_number_must_pass_mod11(tmp_path: Path) -> None:
    (key, msg), = problems(write(tmp_path, SAGBRUK_MAPPING.replace('"910000012"', '"910000013"', 1)))
    assert key == "company.org_number"
    assert msg == ("910000013 fails the mod-11 check of Norwegian organisation numbers (check digit should be 2) "
                   "(got '910000013')")
