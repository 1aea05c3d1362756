"""The query planner's statistics, refreshed after bulk writes.

Without them SQLite guesses: it read every unemployed citizen in Denmark through the status
index to count one municipality's (18 ms against 1 ms on the municipality-scale demo, more
nationally). PostgreSQL's autovacuum analyses in time, but not within the minute after a
restore or a seed.
"""

from __future__ import annotations

from django.db import connection

# Rows SQLite samples per index: statistics in about a second even for the national demo.
SQLITE_ANALYSIS_LIMIT = 1000


def refresh_planner_statistics() -> None:
    """ANALYZE the whole database (outside the bulk write's transaction: after it committed)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
