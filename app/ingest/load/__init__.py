"""Load: write articles' extractions, a batch at a time, and re-derive the meetings they touch.

`loader` holds the `Loader` an ingest run writes its batches with; import the modules themselves.
"""
