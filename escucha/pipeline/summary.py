"""The run summary an operator reads at the end of a run (and that is stored with the run)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from escucha.analytics.alerts import Alert
from escucha.pipeline.heads import heads_notice
from escucha.store import UpsertResult


@dataclass
class RunSummary:
    run_id: str
    status: str = "running"
    records_in: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    new_by_channel: dict[str, int] = field(default_factory=dict)
    by_connector: dict[str, dict[str, int]] = field(default_factory=dict)
    enriched: int = 0
    heads: dict[str, str] = field(default_factory=dict)  # task -> promoted head version used
    topics: dict[str, Any] = field(default_factory=dict)
    reports: list[str] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    deliveries: dict[str, Any] = field(default_factory=dict)  # sent / skipped / failed keys
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # rebuilt from `to_dict` (the flow's result): alerts arrive as their payloads
        self.alerts = [a if isinstance(a, Alert) else Alert.from_payload(a) for a in self.alerts]

    def reset_ingest(self) -> None:
        """Called when the ingest task (re)starts, so a retried task does not count twice."""
        self.records_in = self.new = self.updated = self.unchanged = self.quarantined = 0
        self.new_by_channel.clear()
        self.by_connector.clear()

    def add_ingest(self, connector: str, result: UpsertResult) -> None:
        self.records_in += result.new + result.updated + result.unchanged + result.quarantined
        self.new += result.new
        self.updated += result.updated
        self.unchanged += result.unchanged
        self.quarantined += result.quarantined
        for ch, n in result.by_channel.items():
            self.new_by_channel[ch] = self.new_by_channel.get(ch, 0) + n
        self.by_connector[connector] = {"new": result.new, "updated": result.updated,
                                        "unchanged": result.unchanged, "quarantined": result.quarantined}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"alerts": [a.to_payload() for a in self.alerts]}

    def render(self) -> str:
        """Plain-text summary for the terminal and the Prefect artifact."""
        lines = [
            f"Escucha run {self.run_id}: {self.status}",
            f"  records in: {self.records_in}  new: {self.new}  updated: {self.updated}  "
            f"unchanged: {self.unchanged}  quarantined: {self.quarantined}",
        ]
        if self.new_by_channel:
            lines.append("  new by channel: " + ", ".join(f"{k}={v}" for k, v in sorted(self.new_by_channel.items())))
        for name, r in sorted(self.by_connector.items()):
            lines.append(f"    {name}: " + ", ".join(f"{k}={v}" for k, v in r.items()))
        lines.append(f"  enriched: {self.enriched}")
        lines.extend(f"  {line}" for line in heads_notice(self.heads))
        if self.topics:
            lines.append("  topics: " + ", ".join(f"{k}={v}" for k, v in self.topics.items()))
        if self.alerts:
            lines.append(f"  alerts: {len(self.alerts)}")
            for a in self.alerts:
                lines.append(f"    [{a.severity}] {a.title}")
        if self.deliveries:
            d = self.deliveries
            lines.append(f"  deliveries: sent={len(d.get('sent', []))} already_sent={len(d.get('skipped', []))} "
                         f"failed={len(d.get('failed', {}))}")
            lines.extend(f"    failed {k}: {v}" for k, v in (d.get("failed") or {}).items())
        if self.stage_seconds:
            lines.append("  seconds per stage: " + ", ".join(f"{k}={v:.1f}" for k, v in self.stage_seconds.items()))
        if self.reports:
            lines.append("  reports:")
            lines.extend(f"    {line}" for line in _report_lines(self.reports))
        return "\n".join(lines)


def _report_lines(paths: list[str]) -> list[str]:
    """One line per report: its HTML page in full, then the other files of the same report (its
    name + a suffix: `.md`, `_temas.csv`...) as suffixes, so a run with many teams stays readable."""
    stems = sorted((p[: -len(".html")] for p in paths if p.endswith(".html")), key=len, reverse=True)
    groups: dict[str, list[str]] = {}
    for path in paths:
        key = next((s for s in stems if path.startswith(s)), path)
        groups.setdefault(key, []).append(path)
    out = []
    for key, members in groups.items():
        first = next((m for m in members if m == key + ".html"), members[0])
        rest = [m[len(key):] for m in members if m != first]
        out.append(first + (f"  (+ {', '.join(rest)})" if rest else ""))
    return out
