"""Run inside the peer's own environment: hypothesis-jsonschema's ``from_schema`` on a
schema file. Writes one JSON line per example to a file as it goes, each with the seconds
since the start, so that the caller may stop it whenever its time is up."""

import json
import sys
import time
import warnings

warnings.simplefilter("ignore")

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis_jsonschema import from_schema  # type: ignore[import-not-found]  # noqa: E402

schema_path, examples_path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(schema_path, encoding="utf-8") as handle:
    schema = json.load(handle)
started = time.perf_counter()
with open(examples_path, "w", encoding="utf-8") as out:
    try:
        strategy = from_schema(schema)

        @settings(
            max_examples=count,
            deadline=None,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def collect(value: object) -> None:
            seconds = time.perf_counter() - started
            out.write(json.dumps({"seconds": seconds, "record": value}) + "\n")
            out.flush()

        collect()
    except Exception as exc:  # the peer's own failure is a result to report
        out.write(json.dumps({"error": f"{type(exc).__name__}: {str(exc)[:200]}"}) + "\n")
