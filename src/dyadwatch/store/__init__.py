"""The event database: schema, the single writer, read-only queries, exports and plots."""

from __future__ import annotations

from .reader import connect, open_reader, snapshot_path
from .schema import DATA_TABLES, SCHEMA_VERSION, country_of, event_id_of, event_key, migrate
from .writer import BatchStats, StoreWriter

__all__ = [
    "DATA_TABLES",
    "SCHEMA_VERSION",
    "BatchStats",
    "StoreWriter",
    "connect",
    "country_of",
    "event_id_of",
    "event_key",
    "migrate",
    "open_reader",
    "snapshot_path",
]
