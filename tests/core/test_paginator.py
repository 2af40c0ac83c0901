"""OnePagePaginator (issue 10, P1): a page and the number of rows in all in one query, the same
pages as Django's Paginator whatever the page number asked for."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from altprov.core.paginator import OnePagePaginator
from altprov.pupils.models import Pupil
from tests.factories import make_pupil


@pytest.fixture
def pupils(world):
    for i in range(11):
        make_pupil(world.school_a1, last_name=f"Paged{i:02d}")
    return Pupil.objects.filter(last_name__startswith="Paged").order_by("last_name")


@pytest.mark.parametrize("asked", [None, "", "x", "0", "-3", "1", "2", "3", "4", "99"])
def test_the_same_page_as_djangos_paginator(pupils, asked):
    ours = OnePagePaginator(pupils, 5).get_page(asked)
    django = Paginator(pupils, 5).get_page(asked)
    assert ours.number == django.number
    assert [p.pk for p in ours] == [p.pk for p in django]
    assert ours.paginator.count == 11 and ours.paginator.num_pages == 3
    assert ours.has_next() == django.has_next()


def test_a_page_with_rows_is_one_query(pupils):
    with CaptureQueriesContext(connection) as ctx:
        page = OnePagePaginator(pupils, 5).get_page("2")
        assert page.paginator.count == 11 and len(page) == 5
    assert len(ctx.captured_queries) == 1


def test_an_empty_list_has_one_empty_page(world):
    page = OnePagePaginator(Pupil.objects.none().order_by("pk"), 5).get_page("1")
    assert page.paginator.count == 0 and list(page) == [] and page.number == 1


def test_a_distinct_query_is_counted_the_usual_way(pupils):
    doubled = Pupil.objects.filter(last_name__startswith="Paged").distinct().order_by("last_name")
    page = OnePagePaginator(doubled, 5).get_page("3")
    assert page.paginator.count == 11 and len(page) == 1
