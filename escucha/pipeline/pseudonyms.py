"""The pseudonym salt: a secret, except on the demo corpus.

Authors are replaced by a keyed hash (`records.pseudonymise`) whose key is `pseudonym_salt`.
The bundled default is public (it is in this repository), so anyone could hash a suspected
customer's name or e-mail and find their records: it is accepted only when every enabled
connector reads the demo corpus (a folder `escucha demo-data` wrote, which holds the demo
marker, or the bundled default connectors, which read `{data_dir}/demo`) or when there are no
connectors at all. Otherwise `run`, `serve`, `alerts`, `export` (its `customer_key` is keyed by
the salt) and `config check` refuse to start and the pipeline logs a warning wherever it builds
connectors.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from escucha.config import EscuchaConfig
from escucha.config.schema import DEMO_SALT

log = logging.getLogger(__name__)


def public_salt_problem(cfg: EscuchaConfig) -> str | None:
    """Why this configuration must not run with its salt, or None when it may."""
    if cfg.pseudonym_salt != DEMO_SALT or reads_demo_only(cfg):
        return None
    return ("pseudonym_salt is the public demo value, and the connectors read real data: anyone could "
            "recompute the pseudonyms of your customers. Set a long random secret of your own (for example "
            "ESCUCHA__PSEUDONYM_SALT=$(python -c 'import secrets; print(secrets.token_urlsafe(32))')) and keep "
            "it: changing it later gives every author a new pseudonym.")


def warn_public_salt(cfg: EscuchaConfig) -> None:
    problem = public_salt_problem(cfg)
    if problem:
        log.warning(problem)


def reads_demo_only(cfg: EscuchaConfig) -> bool:
    """Whether every enabled connector reads the demo corpus (true when none is enabled)."""
    defaults = _default_connectors()
    for connector in cfg.connectors:
        if not connector.enabled or connector.model_dump(mode="json") in defaults:
            continue
        path = connector.options.get("path")
        if not isinstance(path, str) or not _in_demo_folder(path, cfg.data_dir):
            return False
    return True


def _in_demo_folder(template: str, data_dir: str) -> bool:
    from escucha.demo import DEMO_MARKER

    try:
        path = Path(template.format(data_dir=data_dir)).expanduser()
    except (KeyError, IndexError, ValueError):
        return False
    folder = path if path.is_dir() else path.parent
    return (folder / DEMO_MARKER).is_file()


@lru_cache(maxsize=1)
def _default_connectors() -> tuple[dict, ...]:
    """The bundled configuration's connectors (they read `{data_dir}/demo`), as dumped."""
    import yaml

    from escucha.config.loader import default_yaml_text
    from escucha.config.schema import ConnectorConfig

    raw = yaml.safe_load(default_yaml_text()).get("connectors") or []
    return tuple(ConnectorConfig.model_validate(c).model_dump(mode="json") for c in raw)
