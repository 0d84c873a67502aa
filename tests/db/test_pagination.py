"""The previous and next links every paged list shares, keeping the page's filters."""

from django.core.paginator import Paginator
from django.http import QueryDict
from django.template.loader import render_to_string


def links(page_number: int, query: QueryDict | None = None) -> str:
    page = Paginator(range(120), 50).get_page(page_number)
    return render_to_string(
        "includes/pagination.html", {"page": page, "label": "cases", "query": query}
    )


def test_a_middle_page_links_both_ways_with_its_filters():
    html = links(2, QueryDict("stage=support&q=miles"))
    assert 'href="?stage=support&amp;q=miles&amp;page=1" rel="prev"' in html
    assert 'href="?stage=support&amp;q=miles&amp;page=3" rel="next"' in html
    assert 'aria-label="Pages of cases"' in html


def test_the_first_page_without_filters_links_only_onward():
    html = links(1)
    assert 'href="?page=2" rel="next"' in html
    assert 'rel="prev"' not in html


def test_one_page_needs_no_links():
    page = Paginator(range(10), 50).get_page(1)
    assert "govuk-pagination" not in render_to_string("includes/pagination.html", {"page": page})
