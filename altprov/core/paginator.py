"""Pages of a list in one query (issue 10, P1).

Django's `Paginator` counts the rows (one query) and then fetches the page (another).
`OnePagePaginator` fetches the page with the number of rows in all as a window annotation,
`COUNT(*) OVER ()`, computed before LIMIT and OFFSET, so a page that has rows costs one query.
Only a page with no rows (an empty list, or a page number past the end) counts separately, as
Django does, to find the last page. A DISTINCT query is paginated the usual way.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Window

TOTAL = "_rows_in_all"


class OnePagePaginator(Paginator):
    def get_page(self, number):
        if self.object_list.query.distinct or self.orphans:
            # DISTINCT is applied after the window, so the window would count duplicates.
            return super().get_page(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        if number < 1:
            return super().get_page(number)  # Django's answer: the last page
        bottom = (number - 1) * self.per_page
        rows = list(
            self.object_list.annotate(**{TOTAL: Window(Count("pk"))})[
                bottom : bottom + self.per_page
            ]
        )
        if not rows:
            return super().get_page(number)
        # `count` is a cached property: the window gave it without a query.
        self.__dict__["count"] = getattr(rows[0], TOTAL)
        return self._get_page(rows, number, self)


__all__ = ["EmptyPage", "OnePagePaginator", "PageNotAnInteger"]
