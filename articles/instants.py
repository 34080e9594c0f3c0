"""Instants from outside (wire items, picture metadata, API parameters) that every database
can store and read back."""

from datetime import UTC, datetime, timedelta

# PostgreSQL refuses a UTC offset of 16 hours or more; Python takes up to 24.
LARGEST_OFFSET = timedelta(hours=15, minutes=59)


def storable(moment: datetime | None) -> datetime | None:
    """``moment`` if its offset is one PostgreSQL takes and it falls within years 1 to
    9999 in UTC (past them the database stores a time it cannot read back); else None."""
    if moment is None:
        return None
    offset = moment.utcoffset()
    if offset is not None and abs(offset) > LARGEST_OFFSET:
        return None
    try:
        moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return moment
