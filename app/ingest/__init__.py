"""The ingestion job: parse -> clean -> segment -> extract -> resolve -> load."""
