"""Load: write articles' extractions, a batch at a time, and re-derive the meetings they touch.

A module for each job: `loader` (the `Loader` an ingest run writes its batches with, holding
meetings, people and statements in memory between batches), `meetings` (a meeting's facts
derived from its sources' reports, its slug, which meeting a report fits), `echoes` (statements
several outlets carry, grouped) and `reference` (topics, countries and the dictionary's
ministers synced from the reference files). Import the modules themselves.
"""
