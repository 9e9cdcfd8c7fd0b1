"""Environment defaults that keep every run offline and quiet.

Applied before Prefect, transformers or huggingface_hub are imported. Users may still override
any of them explicitly (setdefault), e.g. PREFECT_API_URL to use a real Prefect server.
"""

from __future__ import annotations

import os

OFFLINE_ENV = {
    # Prefect: no analytics heartbeat, no telemetry, no version check against a remote server.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
    "PREFECT_CLIENT_SERVER_VERSION_CHECK_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    # The ephemeral API server takes 7-16 s to start on 2 cores; the default timeout is 20 s.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    # Hugging Face: fail at once instead of trying the hub for ~70 s.
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TOKENIZERS_PARALLELISM": "false",
}


def apply_offline_env() -> None:
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
