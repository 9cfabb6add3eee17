"""Generate a Python client from bole's OpenAPI document and use it whole (called by .ci/schemathesis).

Fails unless every operation of the document is generated and importable with its calls, and every
object schema became a model class. Usage: generated_client.py GENERATOR DOC.json OUTDIR
"""
import importlib
import json
import subprocess
import sys

generator, doc_path, out = sys.argv[1:4]
gen = subprocess.run(
    [generator, "generate", "--path", doc_path, "--meta", "none", "--output-path", f"{out}/bole_client", "--overwrite"],
    capture_output=True, text=True,
)
print(gen.stdout[-2000:], gen.stderr[-2000:])
if gen.returncode != 0 or "will not be generated" in gen.stdout + gen.stderr:
    sys.exit("the generator dropped part of the document")

sys.path.insert(0, out)
doc = json.load(open(doc_path))
ops = [(op["tags"][0], op["operationId"]) for item in doc["paths"].values() for op in item.values()]
problems = []
for tag, oid in ops:
    try:
        module = importlib.import_module(f"bole_client.api.{tag}.{oid}")
        if not all(hasattr(module, f) for f in ("sync_detailed", "asyncio_detailed")):
            problems.append(f"{tag}.{oid}: no calls")
    except Exception as e:  # noqa: BLE001 - report every failure
        problems.append(f"{tag}.{oid}: {e!r}")
models = importlib.import_module("bole_client.models")
for name, schema in doc["components"]["schemas"].items():
    if schema.get("type") == "object" or "properties" in schema:
        if not hasattr(models, name.replace("_", "")) and not hasattr(models, name):
            problems.append(f"model {name} missing")
if problems:
    sys.exit("generated client incomplete:\n" + "\n".join(problems))
print(f"generated client: {len(ops)} operations importable, models for every object schema")
