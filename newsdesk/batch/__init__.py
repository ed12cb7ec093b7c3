"""``newsdesk batch``: archives and folders through the extract stage on a Dask cluster.

- :mod:`newsdesk.batch.partition`: inputs -> partitions of bounded size with stable ids;
- :mod:`newsdesk.batch.run`: the Dask driver (local cluster or ``--scheduler``), writers, reruns;
- :mod:`newsdesk.batch.parquet`: the Article <-> Arrow schema, Parquet files.

Dask and pyarrow are the ``dask`` extra (``pip install 'newsdesk[dask]'``); importing this package
does not import them.
"""
