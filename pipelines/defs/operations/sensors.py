"""The inbox sensor: a run for every new file content, so stewards only drop files."""

import json

import dagster as dg

from pipelines.core.inbox_watch import scan
from pipelines.core.warehouse import reference_codes
from pipelines.core.workspace import load_workspace
from pipelines.defs.jobs import ingest_job
from pipelines.defs.resources import SidestreamConfig


def build_inbox_sensor(company_ids: list[str]) -> dg.SensorDefinition:
    known = set(company_ids)

    @dg.sensor(job=ingest_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING,
               description="Watches every company's inbox; a new or changed file launches an ingest of that "
                           "company. The file's sha256 is in the run key, so the same bytes never run twice.")
    def inbox_sensor(context: dg.SensorEvaluationContext, sidestream: SidestreamConfig) -> dg.SensorResult:
        workspace = load_workspace(sidestream.settings.workspace, reference_codes())
        found, cursor = scan(workspace, json.loads(context.cursor) if context.cursor else {})
        requests = [
            dg.RunRequest(run_key=f"{f.company_id}:{f.sha256}", partition_key=f.company_id,
                          tags={"sidestream/file": f.file_name})
            for f in found if f.company_id in known
        ]
        unknown = [f"{f.company_id}/{f.file_name}" for f in found if f.company_id not in known]
        if unknown:
            context.log.warning(f"files of companies the code location does not know yet (reload it): {unknown}")
        return dg.SensorResult(run_requests=requests, cursor=json.dumps(cursor, sort_keys=True))

    return inbox_sensor
