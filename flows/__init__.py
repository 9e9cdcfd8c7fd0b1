"""Prefect flows and deployments (orchestration only; the work is in escucha.pipeline)."""
