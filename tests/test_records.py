"""Records read help-desk exports leniently where exports vary (case and accents of enum values)
and strictly where a wrong value would mislead (an unknown segment is an error naming the field
and the values allowed)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from escucha.records import PqrsType, RecordError, Segment, build_record

WHEN = datetime(2026, 12, 1, 10, tzinfo=timezone.utc)


@pytest.mark.parametrize("written", ["estratégico", "Estrategico", "ESTRATÉGICO", " estrategico ", "ESTRATEGICO"])
def test_segment_in_any_case_with_or_without_accents(written):
    r = build_record("crm", "1", text="hola", created_at=WHEN, channel="pqrs", customer_segment=written)
    assert r.customer_segment == Segment.estrategico.value == "estratégico"


def test_pqrs_type_by_value_or_by_name():
    a = build_record("crm", "1", text="x", created_at=WHEN, channel="pqrs", pqrs_type="Felicitación")
    b = build_record("crm", "2", text="x", created_at=WHEN, channel="pqrs", pqrs_type="FELICITACION")
    assert a.pqrs_type == b.pqrs_type == PqrsType.felicitacion.value


def test_an_unknown_value_names_the_field_and_the_values_allowed():
    with pytest.raises(RecordError) as err:
        build_record("crm", "7", text="x", created_at=WHEN, channel="pqrs", customer_segment="platino")
    message = str(err.value)
    assert "customer_segment" in message and "'platino'" in message and "estratégico, alto, medio, bajo" in message


def test_blank_means_unknown():
    r = build_record("crm", "1", text="x", created_at=WHEN, channel="pqrs", customer_segment="  ")
    assert r.customer_segment is None
