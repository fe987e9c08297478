"""Load: write articles' extractions, a batch at a time, and re-derive the meetings they touch.

A module for each job: `loader` (the `Loader` an ingest run writes its batches with, holding
meetings, people and statements in memory between batches, and `bump_data_version`), `accept`
(which articles of a batch are refused as copies, which replace a stored version), `meetings`
(a meeting's facts derived from its sources' reports, its slug, which meeting a report fits),
`people` (the people the run knows, read and written), `echoes` (statements several outlets
carry, grouped), `articles` (an article's source, statements and other rows), `bulk` (rows
written many at a time through Core or the driver) and `reference` (topics, countries and the
dictionary's ministers synced from the reference files). Import the modules themselves.
"""
