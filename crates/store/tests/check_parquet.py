#!/usr/bin/env python3
"""Reads a newsgraph Parquet export with pyarrow (a reader other than the
writer) and checks it against the JSONL export of the same table: same
columns in the same order, typed (int64 / string / bool), same rows."""
import json
import sys

import pyarrow as pa
import pyarrow.parquet as pq

parquet_path, jsonl_path = sys.argv[1], sys.argv[2]
table = pq.read_table(parquet_path)
rows = [json.loads(line) for line in open(jsonl_path, encoding="utf-8") if line.strip()]
assert table.num_rows == len(rows), (table.num_rows, len(rows))
if rows:
    assert table.column_names == list(rows[0].keys()), (table.column_names, list(rows[0].keys()))
for field in table.schema:
    assert field.type in (pa.int64(), pa.string(), pa.bool_()), (field.name, field.type)
    if rows:
        sample = next((r[field.name] for r in rows if r[field.name] is not None), None)
        if isinstance(sample, bool):
            assert field.type == pa.bool_(), field
        elif isinstance(sample, int):
            assert field.type == pa.int64(), field
        elif isinstance(sample, str):
            assert field.type == pa.string(), field
assert table.to_pylist() == rows, "values differ"
print(f"ok {parquet_path}: {table.num_rows} rows, {table.num_columns} typed columns")
