"""Official texts: a joint statement's numbered paragraphs are statements of the joint statement,
apart from press reports, and a press quotation of one of them links to it."""

from pathlib import Path

import pytest
from sqlalchemy import select

from app.ingest.clean import clean
from app.ingest.errors import IngestError
from app.ingest.extract.official import issuer
from app.ingest.parse import parse_article
from app.ingest.reference import Reference
from app.models import Meeting, Source, Statement
from tests.conftest import Database

OFFICIAL = Path(__file__).parent / "official"


def test_joint_statement_ingests_as_numbered_joint_statement_paragraphs(
    empty_db: Database, reference: Reference
) -> None:
    summary = empty_db.ingest(reference, OFFICIAL / "joint_statement.md")

    assert summary.failed == []
    with empty_db.sessions() as session:
        source = session.scalars(select(Source)).one()
        statements = session.scalars(select(Statement).order_by(Statement.position)).all()
    assert source.kind == "official"
    assert [s.printed_number for s in statements] == [1, 2, 3, 4]
    assert {(s.kind, s.speaker_type, s.speaker_label) for s in statements} == {
        ("official", "joint-statement", "Joint statement")
    }
    assert statements[1].text.startswith("2. The Ministers condemned terrorism")


def test_press_quotation_of_a_paragraph_links_to_the_joint_statement(
    empty_db: Database, reference: Reference
) -> None:
    empty_db.ingest(reference, OFFICIAL / "joint_statement.md", OFFICIAL / "press_report.md")

    with empty_db.sessions() as session:
        meetings = session.scalars(select(Meeting).where(Meeting.status == "held")).all()
        paragraph = session.scalars(select(Statement).where(Statement.printed_number == 2)).one()
        quoted = session.scalars(select(Statement).where(Statement.text.like("In a joint statement%"))).one()
        report = session.scalars(select(Source).where(Source.kind == "report")).one()
    assert [(m.kind, m.date.isoformat(), m.city) for m in meetings] == [
        ("defence-ministerial", "2026-06-12", "New Delhi")
    ]
    assert quoted.source_id == report.id
    assert quoted.echo_of == paragraph.id
    assert paragraph.echo_of is None


def test_a_release_is_official_only_when_a_government_publishes_it() -> None:
    body = "Joint Statement\n\n1. The Ministers met in Tokyo on 3 March and agreed on a broad agenda.\n"
    paragraphs = clean(body).paragraphs
    by_ministry = issuer(None, None, "Ministry of External Affairs, India", body, paragraphs)
    by_newspaper = issuer(None, None, "The Hindu (MEA release)", body, paragraphs)
    assert by_ministry is not None
    assert (by_ministry.type, by_ministry.label) == ("joint-statement", "Joint statement")
    assert by_newspaper is None
    assert issuer("report", None, "Ministry of External Affairs, India", body, paragraphs) is None
    assert issuer("official", None, "Some outlet", body, paragraphs) is not None


def test_unknown_kind_in_the_front_matter_is_refused_with_its_line() -> None:
    raw = b"---\nkind: memo\n---\nThe ministers met.\n"
    with pytest.raises(IngestError) as refused:
        parse_article(Path("memo.md"), raw, "memo.md")
    assert str(refused.value) == "memo.md: front matter 'kind' must be 'report' or 'official', not 'memo'"
