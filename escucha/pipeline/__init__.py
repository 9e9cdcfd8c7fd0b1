"""The nightly stages as plain functions (store in, store out), so they are testable without
Prefect; `flows/` wraps each in a Prefect task and wires them in order."""
