"""Test helper: read a connector to the end, as ingest does, keeping every batch's output."""


def read_all(conn, state=None):
    """(records, quarantined items, last cursor) of one full read from `state`."""
    records, quarantined, cursor = [], [], state
    for batch in conn.read(state):
        records += batch.records
        quarantined += batch.quarantined
        cursor = batch.cursor
    return records, quarantined, cursor
