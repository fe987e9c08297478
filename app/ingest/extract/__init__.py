"""Extract: from an article's sentences, the people named, the meetings and the statements.

Everything here is a pure function of the text and the reference data, a module for each thing it
finds: `people` (who is named, and how), `dates` (days of writing and of meetings), `places` (the
city), `kinds` (what a meeting is called and numbered), `sides` (the countries at the table),
`meetings` (who met: the meeting the article reports), `mentions` (the other meetings it refers
to), `record` (the calendar's meeting a report describes), `statements` (what was said, and a
hint of who said it) and `official` (an official text's paragraphs). Names are resolved to people
in `app.ingest.resolve`, which `meetings` reads; import the modules themselves.
"""
