"""Records already stored: the redactor version in the store, the nightly refusal, `rescan`
(batches, resumable) over records, enrichments' normalised text and topics' quotes; and the
final guard."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pandas as pd
import pytest

from escucha.config import load_config
from escucha.nlp.text.pii import REDACTOR_VERSION, PiiGuard, PiiLeak, RedactionPolicy
from escucha.pipeline.redaction import (
    RedactionOutdated,
    ensure_redaction_current,
    rescan,
    store_redaction_version,
)
from escucha.records import build_record
from escucha.store import open_store

LEAKS = ["1094692548", "juan.perez@gmail.com", "300 123 4567"]
TEXTS = [
    "Sí, claro, es 1094692548. El internet no sirve.",
    "Escríbanme a juan.perez@gmail.com que no me llega la factura.",
    "Me pueden llamar al 300 123 4567 en la tarde.",
    "Me cobraron $125.200 de más el 15/03/2026.",  # nothing to redact
]


def _config(tmp_path, rescan_flag: bool):
    f = tmp_path / "c.yaml"
    f.write_text(json.dumps({"data_dir": str(tmp_path / "data"), "connectors": [],
                             "nlp": {"redaction": {"rescan": rescan_flag}}}), encoding="utf-8")
    return load_config(f, environ={})


def _old_store(tmp_path):
    """A store whose texts were stored in clear, before redactor versions were recorded."""
    store = open_store(None, tmp_path / "data")
    recs = [build_record("mesa", f"R{i}", channel="pqrs", created_at=datetime(2026, 11, 1, tzinfo=timezone.utc),
                         text=t, extra={"nota": t}) for i, t in enumerate(TEXTS)]
    store.save_batch("mesa", recs, [], None, "old-run")
    store.upsert_enrichments(pd.DataFrame({"record_id": [r.id for r in recs], "text_hash": [r.text_hash() for r in recs],
                                           "text_norm": [t.lower() for t in TEXTS], "model_version": "m1"}), "old-run")
    store.replace_topics(pd.DataFrame({"topic_id": [0], "label": ["internet"], "keywords": [json.dumps(["internet"])],
                                       "verbatims": [json.dumps(TEXTS[:2], ensure_ascii=False)], "size": [2],
                                       "model_version": ["t1"]}), "old-run")
    return store


def _all_text(store) -> str:
    out = [str(v) for t in ("records", "enrichments", "topics") for c in
           {"records": ("text", "extra"), "enrichments": ("text_norm",), "topics": ("verbatims", "label")}[t]
           for _, v in store.text_values(t, c, None, 10_000)]
    return "\n".join(out)


def test_nightly_refuses_a_store_redacted_by_an_older_version(tmp_path):
    with _old_store(tmp_path) as store:
        assert store_redaction_version(store) == 1
        with pytest.raises(RedactionOutdated, match="escucha redact --rescan"):
            ensure_redaction_current(_config(tmp_path, False), store, "run-2")
        assert store_redaction_version(store) == 1  # nothing was changed


def test_rescan_is_resumable_counts_changes_and_records_the_version(tmp_path):
    policy = RedactionPolicy()
    with _old_store(tmp_path) as store:
        calls = []

        def crash_after_two(n):
            calls.append(n)
            if len(calls) == 2:
                raise KeyboardInterrupt  # the process dies after the second batch was saved

        with pytest.raises(KeyboardInterrupt):
            rescan(policy, store, "run-r1", batch_size=1, on_batch=crash_after_two)
        assert store_redaction_version(store) == 1
        result = rescan(policy, store, "run-r2", batch_size=1)
        assert result.resumed and result.records_checked == 2  # the first two were done already
        assert store_redaction_version(store) == REDACTOR_VERSION
        text = _all_text(store)
        assert not [v for v in LEAKS if v in text], text
        assert "[DOCUMENTO]" in text or "[NUMERO]" in text
        assert "$125.200" in text and "15/03/2026" in text  # amounts and dates stay
        assert result.texts_changed["enrichments.text_norm"] == 3
        assert result.texts_changed["topics.verbatims"] == 1
        # changed records get new text hashes: their enrichment is pending again
        assert len(list(store.iter_pending_enrichment("m1", 100))[0]) == 3
        again = rescan(policy, store, "run-r3")
        assert again.records_changed == 0


def test_nightly_rescans_itself_when_configured(tmp_path):
    with _old_store(tmp_path) as store:
        result = ensure_redaction_current(_config(tmp_path, True), store, "run-3")
        assert result is not None and result.records_changed == 3
        assert ensure_redaction_current(_config(tmp_path, False), store, "run-4") is None


def test_an_empty_store_records_the_current_version(tmp_path):
    with open_store(None, tmp_path / "data") as store:
        assert store_redaction_version(store) is None
        ensure_redaction_current(_config(tmp_path, False), store, "run-1")
        assert store_redaction_version(store) == REDACTOR_VERSION


def test_guard_refuses_identifiers_and_passes_placeholders():
    guard = PiiGuard()
    texts = ["el cobro [TELEFONO] está mal", "llamen al 3001234567", "Me cobraron $125.200", "CC 1.094.692.548"]
    out, refused = guard.screen(texts, "verbatims")
    assert out == [texts[0], None, texts[2], None]
    assert [r.index for r in refused] == [1, 3]
    assert "3001234567" not in refused[0].redacted and "TELEFONO" in refused[0].reason
    assert guard.check("sin datos personales", "alerta") == "sin datos personales"
    with pytest.raises(PiiLeak, match="DOCUMENTO"):
        guard.check("mi cédula es 1094692548", "alerta")


def test_cli_refuses_to_run_then_rescans(tmp_path):
    from typer.testing import CliRunner

    from escucha.cli import app

    _old_store(tmp_path).close()
    _config(tmp_path, False)
    cfg = str(tmp_path / "c.yaml")
    runner = CliRunner()
    refused = runner.invoke(app, ["run", "--config", cfg])
    assert refused.exit_code == 2 and "escucha redact --rescan" in refused.output
    shown = runner.invoke(app, ["redact", "--config", cfg])
    assert shown.exit_code == 0 and "version: 1" in shown.output
    done = runner.invoke(app, ["redact", "--rescan", "--config", cfg])
    assert done.exit_code == 0, done.output
    assert "4 records checked, 3 changed" in done.output
    assert f"redactor version {REDACTOR_VERSION}" in done.output


def test_report_and_alert_verbatims_pass_the_guard(tmp_path):
    from escucha.outputs.reports import TeamSpec, build_report
    from escucha.pipeline.redaction import guard_alert, guard_report
    from frames import make_frame

    frame = make_frame()
    frame["text"] = ["llámenme al 3001234567, el cobro está mal"] * len(frame)
    frame.loc[frame.index[::2], "text"] = "el cobro está mal otra vez"
    data = build_report(frame, TeamSpec("producto", "Informe de Producto"), datetime(2026, 11, 20, 23, tzinfo=timezone.utc))
    assert any("3001234567" in v.text for i in data.issues for v in i.verbatims)
    guard = PiiGuard()
    with open_store(None, tmp_path) as store:
        guard_report(data, guard, store, "run-g")
        assert not any("3001234567" in v.text for i in data.issues for v in i.verbatims)
        assert any(i.verbatims for i in data.issues)  # the clean ones stay
        alert = {"kind": "pico_negativo", "key": "k", "title": "Pico: llamar al 3001234567",
                 "evidence": {"record_ids": ["3001234567abc"], "top_topics": {"cobros": 3},
                              "verbatims": [{"id": "r1", "text": "mi cédula 1094692548"}, {"id": "r2", "text": "sin datos"}]}}
        out = guard_alert(alert, guard, store, "run-g")
        assert [v["id"] for v in out["evidence"]["verbatims"]] == ["r2"]
        assert "3001234567" not in out["title"] and out["evidence"]["record_ids"] == ["3001234567abc"]
        quarantined = store.list_quarantine()
        assert (quarantined["source"] == "pii-guard").all() and len(quarantined) >= 3
        assert not quarantined["payload"].str.contains("3001234567|1094692548").any()
        assert quarantined["reason"].str.contains("final personal-data check").all()


def test_dashboard_never_quotes_a_text_with_an_identifier():
    from escucha.outputs.dashboard.metrics import Filters, compute_view
    from frames import NOW, make_frame

    frame = make_frame()
    frame["text"] = "mi correo es ana.perez@gmail.com y no responden"
    frame.loc[frame.index[::3], "text"] = "no responden"
    view = compute_view(frame, Filters(vista="mes"), NOW, {})
    quoted = [v.text for t in view.topics for v in t.verbatims]
    assert quoted and all("@" not in q for q in quoted)
