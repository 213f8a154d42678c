"""Seeded generator of a fictional timber and by-product cluster's exports (demo and scale data).

`generate(out_dir, seed=..., months=..., replicas=...)` writes a workspace of company mappings and
inbox files whose truth is known, plus `ground_truth.json` for end-to-end checks of the ingestion.
"""

from pipelines.demo.generate import Summary, generate

__all__ = ["Summary", "generate"]
