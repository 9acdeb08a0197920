"""Running the stages over many files: ``ingest`` (input paths -> ledger rows, pages and documents, in
this process or on worker processes of ``pool``) and ``distributed`` (the same stages on a Dask cluster,
through Parquet shards).
"""
