"""Read-only queries behind every page, feed and export, one module per screen family. They never commit.

Each takes parsed filters (app.filters) and returns view models (app.queries.views), never a URL.
A page's queries read the rows it shows and the per-meeting summaries that ingestion keeps, so a
page costs a handful of queries whose size follows what it shows, not what the archive holds.
"""

from app.filters import (
    MAX_QUERY_LENGTH,
    BadFilter,
    Filters,
    FilterSet,
    Paging,
    StatementFilters,
    TopicFilters,
    parse_page,
)
from app.queries.analysis import Comparison, Matrix, MatrixRow, SharedTopic, compare_meetings, topic_matrix
from app.queries.meetings import MeetingDetail, TopicGroup, meeting_alias, meeting_detail
from app.queries.ministers import (
    MinisterDetail,
    MinisterOverview,
    minister_alias,
    minister_detail,
    ministers_overview,
)
from app.queries.review import ReviewItem, review_items
from app.queries.search import (
    SearchHit,
    SearchResults,
    Snippet,
    TextMatch,
    fts_query,
    full_text,
    search,
    tsquery,
)
from app.queries.sources import Paragraph, Piece, RemovedText, SourceDetail, source_detail, sources_overview
from app.queries.statements import statement, statements_list
from app.queries.timeline import Timeline, YearGroup, timeline
from app.queries.topics import (
    CHART_MEETINGS,
    MeetingStatements,
    TopicDetail,
    TopicOverview,
    topic_detail,
    topics_overview,
)
from app.queries.views import (
    KIND_NAMES,
    KIND_SHORT,
    PORTFOLIO_NAMES,
    SPEAKER_TYPE_NAMES,
    Echo,
    Facet,
    FacetValue,
    MeetingSummary,
    Ref,
    SourceSummary,
    StatementView,
    date_words,
    meeting_title,
    ordinal,
    short_date,
)

__all__ = [
    "CHART_MEETINGS",
    "KIND_NAMES",
    "KIND_SHORT",
    "MAX_QUERY_LENGTH",
    "PORTFOLIO_NAMES",
    "SPEAKER_TYPE_NAMES",
    "BadFilter",
    "Comparison",
    "Echo",
    "Facet",
    "FacetValue",
    "FilterSet",
    "Filters",
    "Matrix",
    "MatrixRow",
    "MeetingDetail",
    "MeetingStatements",
    "MeetingSummary",
    "MinisterDetail",
    "MinisterOverview",
    "Paging",
    "Paragraph",
    "Piece",
    "Ref",
    "RemovedText",
    "ReviewItem",
    "SearchHit",
    "SearchResults",
    "SharedTopic",
    "Snippet",
    "SourceDetail",
    "SourceSummary",
    "StatementFilters",
    "StatementView",
    "TextMatch",
    "Timeline",
    "TopicDetail",
    "TopicFilters",
    "TopicGroup",
    "TopicOverview",
    "YearGroup",
    "compare_meetings",
    "date_words",
    "fts_query",
    "full_text",
    "meeting_alias",
    "meeting_detail",
    "meeting_title",
    "minister_alias",
    "minister_detail",
    "ministers_overview",
    "ordinal",
    "parse_page",
    "review_items",
    "search",
    "short_date",
    "source_detail",
    "sources_overview",
    "statement",
    "statements_list",
    "timeline",
    "topic_detail",
    "topic_matrix",
    "topics_overview",
    "tsquery",
]
