# Escucha with the default install (no torch): the nightly and hourly flows, the dashboard, and
# the Prefect server, all from one image. `docker compose up` (compose.yaml) wires them.
#
#   docker build -t escucha .
#   docker run --rm -v escucha-data:/data escucha escucha run
#
# For the transformers backend build with --build-arg EXTRAS=transformers (several GB).
FROM python:3.12-slim

ARG EXTRAS=""
ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    ESCUCHA_PROGRESS=off \
    ESCUCHA__DATA_DIR=/data \
    PREFECT_HOME=/prefect \
    PREFECT_SERVER_ANALYTICS_ENABLED=false \
    DO_NOT_TRACK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1

WORKDIR /opt/escucha
COPY pyproject.toml setup.py constraints.txt README.md LICENSE prefect.yaml ./
COPY escucha ./escucha
COPY nlp ./nlp
COPY connectors ./connectors
COPY outputs ./outputs
COPY flows ./flows
COPY config ./config
RUN pip install -c constraints.txt ".${EXTRAS:+[$EXTRAS]}" \
    && useradd --create-home --uid 10001 escucha \
    && mkdir -p /data /prefect && chown escucha /data /prefect

USER escucha
WORKDIR /data
VOLUME ["/data", "/prefect"]
EXPOSE 8050 4200
CMD ["escucha", "serve"]
