"""
Listing pages through an archive without counting it.

The home, section, tag and author pages go back through years of stories, 20 at a time,
with "Newer" and "Older" links. Counting every published story for a "page 3 of 5,000"
would cost the database a scan of the archive on each request, so a page reads one row
more than it shows: that row says whether an older page exists. A page past the end is
empty and answers 404, as does a page number no archive could reach.

Deep pages skip their thousands of newer stories in the listing's index alone: the page's
ids are read first (an index-only scan on the listing indexes, which end with the id),
then only those rows. ``?page=last`` needs the number of stories, counted the same way.
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator

# A page number beyond this is past the end of any archive (and past what OFFSET takes).
LAST_REACHABLE_PAGE = 1_000_000
# From this many stories in, a page reads its ids first and then the rows.
DEEP_OFFSET = 200


class ArchivePaginator(Paginator):
    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        if number > LAST_REACHABLE_PAGE:
            raise EmptyPage("That page contains no results")
        return number

    def page(self, number):
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        if start < DEEP_OFFSET:
            rows = list(self.object_list[start : start + self.per_page + 1])
        else:
            rows = self._rows_by_id(start)
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        return ArchivePage(rows[: self.per_page], number, self, len(rows) > self.per_page)

    def _rows_by_id(self, start):
        ids = list(self.object_list.values_list("pk", flat=True)[start : start + self.per_page + 1])
        by_id = self.object_list.in_bulk(ids) if ids else {}
        return [by_id[pk] for pk in ids if pk in by_id]


class ArchivePage(Page):
    def __init__(self, object_list, number, paginator, older):
        super().__init__(object_list, number, paginator)
        self.older = older

    def has_next(self):
        return self.older
