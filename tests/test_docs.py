"""The docs a steward follows must stay true: the example mapping loads, every field is documented."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from pipelines.core.datasets import DATASETS
from pipelines.core.mapping import CompanyMapping, check_codes
from pipelines.core.settings import REPO_ROOT
from pipelines.core.warehouse import reference_codes

MAPPING_DOC = REPO_ROOT / "docs" / "mapping.md"


def test_the_complete_example_in_the_mapping_guide_is_valid(tmp_path: Path) -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", MAPPING_DOC.read_text(encoding="utf-8"), flags=re.S)
    mapping = CompanyMapping.model_validate(yaml.safe_load(blocks[0]))
    codes = reference_codes()
    check_codes(tmp_path, mapping, materials=codes["materials"], units=codes["units"],
                operations=codes["operations"], roles=codes["roles"], sites={"SAG-1", "PEL-1", "FJV-1"})
    assert [e.dataset for e in mapping.exports] == ["production", "shipments"]


def test_every_dataset_field_is_documented() -> None:
    text = MAPPING_DOC.read_text(encoding="utf-8")
    for ds in DATASETS.values():
        section = text.split(f"### `{ds.name}`", 1)[1].split("###", 1)[0]
        for field in ds.fields:
            assert f"| `{field.name}` |" in section, (ds.name, field.name)


def test_the_needs_example_in_the_sharing_guide_is_valid_and_complete(tmp_path: Path) -> None:
    from pipelines.core.needs import Need, load_needs

    text = (REPO_ROOT / "docs" / "sharing.md").read_text(encoding="utf-8")
    block, = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
    assert set(Need.model_fields) == {k for need in yaml.safe_load(block)["needs"] for k in need}  # every key shown
    demo = REPO_ROOT / "data/demo/companies/orkfjord-fjernvarme"
    mapping = CompanyMapping.model_validate(yaml.safe_load((demo / "mapping.yaml").read_text(encoding="utf-8")))
    codes = reference_codes()
    (tmp_path / "needs.yaml").write_text(block, encoding="utf-8")
    for path in (tmp_path / "needs.yaml", demo / "needs.yaml"):  # the documented example and the demo's file
        assert load_needs(path, mapping, materials=codes["materials"], units=codes["units"])
