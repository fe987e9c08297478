"""The matrix, the comparison of two meetings, countries named, and corroboration across outlets."""

from collections import Counter

from bs4 import BeautifulSoup

from tests.routes_fixtures import Site, attr, select_texts, text_of


def _matrix(soup: BeautifulSoup) -> dict[tuple[str, str], int]:
    meetings = [attr(th, "a", "href").removeprefix("/meetings/") for th in soup.select("th.matrix__meeting")]
    cells = {}
    for row in soup.select("table.matrix tbody tr"):
        topic = attr(row, "th a", "href").removeprefix("/topics/")
        for meeting, cell in zip(meetings, row.select("td.matrix__cell"), strict=True):
            cells[(topic, meeting)] = int(text_of(cell)) if cell.select_one("a") else 0
    return cells


def test_matrix_counts_equal_the_statements_topic_pages_list(site: Site) -> None:
    cells = _matrix(site.page("/matrix"))
    assert cells[("terrorism", "2024-08-20-two-plus-two")] > 0
    for topic in {t for t, _ in cells}:
        page = site.page(f"/topics/{topic}")
        listed: Counter[str] = Counter()
        for section in page.select("section.topic-meeting"):
            meeting = str(section["aria-labelledby"]).removeprefix("m-")
            listed[meeting] = len(section.select("article.statement-block"))
        for (row, meeting), count in cells.items():
            if row == topic:
                assert listed[meeting] == count, (topic, meeting)


def test_matrix_cells_link_to_that_meetings_statements_on_that_topic(site: Site) -> None:
    soup = site.page("/matrix")
    link = soup.select_one("td.matrix__cell a[href^='/topics/terrorism?year=2019']")
    assert link is not None
    assert str(link["href"]).endswith("#m-2019-11-30-two-plus-two")


def test_compare_2019_and_2024_names_pakistan_only_in_2019(site: Site) -> None:
    soup = site.page("/compare?a=2019-11-30-two-plus-two&b=2024-08-20-two-plus-two")
    columns = soup.select("#named ~ .compare > div")
    only_first, only_second = (text_of(c.select_one("p")) for c in columns)
    assert "Pakistan" in only_first
    assert "Pakistan" not in only_second
    assert "Lashkar-e-Tayyiba" in only_second
    shared = select_texts(soup, ".compare-topic h4")
    assert "Terrorism" in shared


def test_meeting_page_links_to_the_comparison_with_the_previous_meeting_of_its_kind(site: Site) -> None:
    soup = site.page("/meetings/2024-08-20-two-plus-two")
    assert attr(soup, ".compare-link a", "href") == (
        "/compare?a=2019-11-30-two-plus-two&b=2024-08-20-two-plus-two"
    )


def test_2024_statements_condemn_terrorism_without_naming_pakistan(site: Site) -> None:
    soup = site.page("/topics/terrorism?year=2024")
    assert "Names no third country" not in text_of(soup.select_one(".topic-meeting__named"))
    assert "Pakistan" not in text_of(soup.select_one(".topic-meeting__named"))
    assert site.page("/?country=pakistan&year=2024").select(".meeting-card") == []


def test_north_korea_quotation_of_2019_appears_once_with_two_sources(site: Site) -> None:
    soup = site.page("/meetings/2019-11-30-two-plus-two")
    blocks = soup.select("article.statement-block:-soup-contains('irreversible dismantlement')")
    assert len(blocks) == 1
    sources = blocks[0].select("a.statement-block__source")
    outlets = {text_of(a).split(",")[0] for a in sources}
    assert outlets == {"The Week (PTI copy)", "Kuwait News Gazette (KUNA copy)"}
    assert "Reported by 2 outlets" in text_of(blocks[0])


def test_each_source_page_still_shows_its_own_copy_of_a_shared_statement(site: Site) -> None:
    for slug in (
        "2019-11-30-india-and-japan-ask-pakistan-to-take-concrete",
        "2019-11-30-india-japan-pledge-to-strengthening-security-defence-cooperation",
    ):
        soup = site.page(f"/sources/{slug}")
        assert soup.select(".article-body mark.statement:-soup-contains('irreversible dismantlement')")


def test_topic_page_chart_has_a_table_for_screen_readers(site: Site) -> None:
    soup = site.page("/topics/terrorism")
    assert soup.select_one("figure.topic-chart svg[role='img'] title") is not None
    rows = [[text_of(td) for td in tr.select("td")] for tr in soup.select("figure.topic-chart tbody tr")]
    assert ["20 Aug 2024", "7"] in rows


def test_list_pages_link_downloads_that_carry_their_filters(site: Site) -> None:
    timeline = site.page("/?year=2024&topic=terrorism")
    hrefs = {str(a["href"]) for a in timeline.select(".downloads a")}
    assert hrefs == {
        "/meetings.csv?year=2024&topic=terrorism",
        "/api/v1/meetings?year=2024&topic=terrorism",
        "/feeds/meetings.atom?year=2024&topic=terrorism",
    }
    topic = site.page("/topics/terrorism?year=2019")
    assert {str(a["href"]) for a in topic.select(".downloads a")} == {
        "/topics/terrorism.csv?year=2019",
        "/api/v1/topics/terrorism/statements?year=2019",
        "/feeds/topics/terrorism.atom?year=2019",
    }
    search = site.page("/search?q=terror&year=2024")
    assert {str(a["href"]) for a in search.select(".downloads a")} == {
        "/search.csv?q=terror&year=2024",
        "/api/v1/search?q=terror&year=2024",
    }
    for href in hrefs:
        assert site.client.get(href).status_code == 200


def test_matrix_csv_holds_the_matrix(site: Site) -> None:
    import csv
    import io

    response = site.client.get("/matrix.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = _matrix(site.page("/matrix"))
    for row in rows:
        for (topic, meeting), count in cells.items():
            if topic == row["topic"]:
                assert int(row[meeting]) == count
