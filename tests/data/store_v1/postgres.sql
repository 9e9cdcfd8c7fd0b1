CREATE TABLE {schema}.cursors (
    connector text NOT NULL,
    cursor json NOT NULL,
    run_id text NOT NULL,
    updated_at timestamp with time zone NOT NULL
);

CREATE TABLE {schema}.embeddings (
    record_id text NOT NULL,
    encoder text NOT NULL,
    vector bytea NOT NULL,
    run_id text NOT NULL
);

CREATE TABLE {schema}.enrichments (
    record_id text NOT NULL,
    text_hash text NOT NULL,
    language text,
    text_norm text,
    sentiment text,
    sentiment_pos double precision,
    sentiment_neu double precision,
    sentiment_neg double precision,
    emotion text,
    emotion_scores json,
    irony double precision,
    toxicity double precision,
    pqrs_type_pred text,
    model_version text NOT NULL,
    run_id text NOT NULL
);

CREATE TABLE {schema}.locks (
    name text NOT NULL,
    owner text NOT NULL,
    acquired_at timestamp with time zone NOT NULL,
    heartbeat_at timestamp with time zone NOT NULL
);

CREATE TABLE {schema}.outputs (
    kind text NOT NULL,
    key text NOT NULL,
    run_id text NOT NULL,
    payload json,
    created_at timestamp with time zone NOT NULL
);

CREATE TABLE {schema}.quarantine (
    id text NOT NULL,
    source text NOT NULL,
    stage text NOT NULL,
    source_id text,
    reason text NOT NULL,
    payload text NOT NULL,
    run_id text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    resolved_at timestamp with time zone,
    resolved_run_id text
);

CREATE TABLE {schema}.records (
    id text NOT NULL,
    source text NOT NULL,
    source_id text NOT NULL,
    channel text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    text text NOT NULL,
    author text,
    customer_id text,
    customer_segment text,
    process text,
    product text,
    country text,
    region text,
    pqrs_type text,
    opened_at timestamp with time zone,
    first_response_at timestamp with time zone,
    closed_at timestamp with time zone,
    status text,
    followers bigint,
    likes bigint,
    shares bigint,
    url text,
    score double precision,
    extra json,
    content_hash text NOT NULL,
    text_hash text NOT NULL,
    run_id text NOT NULL,
    ingested_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);

CREATE TABLE {schema}.runs (
    run_id text NOT NULL,
    flow text NOT NULL,
    started_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone,
    status text NOT NULL,
    summary json
);

CREATE TABLE {schema}.topic_assignments (
    record_id text NOT NULL,
    topic_id bigint NOT NULL,
    model_version text,
    run_id text NOT NULL
);

CREATE TABLE {schema}.topics (
    topic_id bigint NOT NULL,
    label text,
    category text,
    keywords json,
    verbatims json,
    size bigint,
    model_version text,
    run_id text NOT NULL
);

INSERT INTO {schema}.cursors VALUES ('v1-export', '{"file": "pqrs.csv", "rows": 5}', '20261102T130000-v1fixture', '2026-12-07 03:43:20.038792+00');

INSERT INTO {schema}.embeddings VALUES ('0f3210fd4f48623c7b4b94266dc2e4ac', 'use-v3', '\x003c0000000000000000000000000000', '20261102T130000-v1fixture');

INSERT INTO {schema}.embeddings VALUES ('28be7b5588838f5ff715f8a8b7014314', 'use-v3', '\x0000003c000000000000000000000000', '20261102T130000-v1fixture');

INSERT INTO {schema}.embeddings VALUES ('df9ddcec293415febdd199f5ba68e5ea', 'use-v3', '\x00000000003c00000000000000000000', '20261102T130000-v1fixture');

INSERT INTO {schema}.embeddings VALUES ('51fadd0bec14c8b16dce4a2b73bca412', 'use-v3', '\x000000000000003c0000000000000000', '20261102T130000-v1fixture');

INSERT INTO {schema}.enrichments VALUES ('0f3210fd4f48623c7b4b94266dc2e4ac', '5623c996d7d58224', 'es', 'me cobraron dos veces la factura de noviembre', 'NEG', 0.1, 0.2, 0.7, 'enojo', '{"alegría": 0.1, "enojo": 0.6}', NULL, NULL, 'queja', 'embedded-v1', '20261102T130000-v1fixture');

INSERT INTO {schema}.enrichments VALUES ('28be7b5588838f5ff715f8a8b7014314', 'b6fe0b7ac2bbd569', 'es', 'la app no abre desde ayer, error al pagar', 'NEG', 0.1, 0.2, 0.7, 'enojo', '{"alegría": 0.1, "enojo": 0.6}', NULL, NULL, 'queja', 'embedded-v1', '20261102T130000-v1fixture');

INSERT INTO {schema}.enrichments VALUES ('df9ddcec293415febdd199f5ba68e5ea', 'f2c62bd3947bbbca', 'es', 'excelente atención en la sede norte, gracias', 'POS', 0.1, 0.2, 0.7, 'enojo', '{"alegría": 0.1, "enojo": 0.6}', NULL, NULL, 'queja', 'embedded-v1', '20261102T130000-v1fixture');

INSERT INTO {schema}.enrichments VALUES ('51fadd0bec14c8b16dce4a2b73bca412', 'a2b718f18c00d1d7', 'es', 'quiero cancelar el plan, nadie responde', 'NEG', 0.1, 0.2, 0.7, 'enojo', '{"alegría": 0.1, "enojo": 0.6}', NULL, NULL, 'queja', 'embedded-v1', '20261102T130000-v1fixture');

INSERT INTO {schema}.locks VALUES ('escucha-run', 'host:1:20261102T130000-v1fixture', '2026-12-07 03:43:20.146279+00', '2026-12-07 03:43:20.146279+00');

INSERT INTO {schema}.outputs VALUES ('report', '2026-11-02:producto', '20261102T130000-v1fixture', '{"paths": {"html": "reports/producto.html"}}', '2026-12-07 03:43:20.13486+00');

INSERT INTO {schema}.outputs VALUES ('alert', 'ans-vencido:2026-11-02', '20261102T130000-v1fixture', '{"evidence": {"count": 1}, "key": "ans-vencido:2026-11-02", "kind": "ans_vencido", "severity": "media", "title": "Casos vencidos"}', '2026-12-07 03:43:20.141212+00');

INSERT INTO {schema}.quarantine VALUES ('85565372a0db0f93b0c4525ef1187d2b', 'v1-export', 'ingest', '9', 'field ''created_at'': ''31/02/2026'' is not a date', '{"radicado": "9", "fecha": "31/02/2026"}', '20261102T130000-v1fixture', '2026-12-07 03:43:20.038792+00', NULL, NULL);

INSERT INTO {schema}.records VALUES ('0f3210fd4f48623c7b4b94266dc2e4ac', 'v1-export', '1', 'pqrs', '2026-11-02 13:00:00+00', 'Me cobraron dos veces la factura de noviembre', NULL, NULL, 'medio', NULL, NULL, 'CO', NULL, 'queja', '2026-11-02 13:00:00+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{"fila": 1}', '8f0b3e1c306b8c63', '5623c996d7d58224', '20261102T130000-v1fixture', '2026-12-07 03:43:20.038792+00', '2026-12-07 03:43:20.038792+00');

INSERT INTO {schema}.records VALUES ('28be7b5588838f5ff715f8a8b7014314', 'v1-export', '2', 'pqrs', '2026-11-02 13:00:00+00', 'La app no abre desde ayer, error al pagar', NULL, NULL, 'medio', NULL, NULL, 'CO', NULL, 'queja', '2026-11-02 13:00:00+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{"fila": 2}', 'eb5fb12a8c568246', 'b6fe0b7ac2bbd569', '20261102T130000-v1fixture', '2026-12-07 03:43:20.038792+00', '2026-12-07 03:43:20.038792+00');

INSERT INTO {schema}.records VALUES ('df9ddcec293415febdd199f5ba68e5ea', 'v1-export', '3', 'pqrs', '2026-11-02 13:00:00+00', 'Excelente atención en la sede norte, gracias', NULL, NULL, 'medio', NULL, NULL, 'CO', NULL, 'felicitación', '2026-11-02 13:00:00+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{"fila": 3}', '418bb5121dcf3227', 'f2c62bd3947bbbca', '20261102T130000-v1fixture', '2026-12-07 03:43:20.038792+00', '2026-12-07 03:43:20.038792+00');

INSERT INTO {schema}.records VALUES ('51fadd0bec14c8b16dce4a2b73bca412', 'v1-export', '4', 'pqrs', '2026-11-02 13:00:00+00', 'Quiero cancelar el plan, nadie responde', NULL, NULL, 'medio', NULL, NULL, 'CO', NULL, 'queja', '2026-11-02 13:00:00+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{"fila": 4}', '299e7634ff10e010', 'a2b718f18c00d1d7', '20261102T130000-v1fixture', '2026-12-07 03:43:20.038792+00', '2026-12-07 03:43:20.038792+00');

INSERT INTO {schema}.runs VALUES ('20261102T130000-v1fixture', 'escucha-nightly', '2026-11-02 13:00:00+00', '2026-12-07 03:43:20.151072+00', 'completed', '{"new": 4, "quarantined": 1}');

INSERT INTO {schema}.topic_assignments VALUES ('0f3210fd4f48623c7b4b94266dc2e4ac', 0, 't-v1', '20261102T130000-v1fixture');

INSERT INTO {schema}.topic_assignments VALUES ('28be7b5588838f5ff715f8a8b7014314', 1, 't-v1', '20261102T130000-v1fixture');

INSERT INTO {schema}.topic_assignments VALUES ('df9ddcec293415febdd199f5ba68e5ea', -1, 't-v1', '20261102T130000-v1fixture');

INSERT INTO {schema}.topic_assignments VALUES ('51fadd0bec14c8b16dce4a2b73bca412', 0, 't-v1', '20261102T130000-v1fixture');

INSERT INTO {schema}.topics VALUES (0, 'Cobro doble', 'facturación', '["cobro", "factura"]', '["Me cobraron dos veces la factura de noviembre"]', 2, 't-v1', '20261102T130000-v1fixture');

INSERT INTO {schema}.topics VALUES (1, 'Fallas de la app', 'app y portal', '["app", "error"]', '["La app no abre desde ayer, error al pagar"]', 1, 't-v1', '20261102T130000-v1fixture');

ALTER TABLE ONLY {schema}.cursors
    ADD CONSTRAINT cursors_pkey PRIMARY KEY (connector);

ALTER TABLE ONLY {schema}.embeddings
    ADD CONSTRAINT embeddings_pkey PRIMARY KEY (record_id);

ALTER TABLE ONLY {schema}.enrichments
    ADD CONSTRAINT enrichments_pkey PRIMARY KEY (record_id);

ALTER TABLE ONLY {schema}.locks
    ADD CONSTRAINT locks_pkey PRIMARY KEY (name);

ALTER TABLE ONLY {schema}.outputs
    ADD CONSTRAINT outputs_pkey PRIMARY KEY (kind, key);

ALTER TABLE ONLY {schema}.quarantine
    ADD CONSTRAINT quarantine_pkey PRIMARY KEY (id);

ALTER TABLE ONLY {schema}.records
    ADD CONSTRAINT records_pkey PRIMARY KEY (id);

ALTER TABLE ONLY {schema}.runs
    ADD CONSTRAINT runs_pkey PRIMARY KEY (run_id);

ALTER TABLE ONLY {schema}.topic_assignments
    ADD CONSTRAINT topic_assignments_pkey PRIMARY KEY (record_id);

ALTER TABLE ONLY {schema}.topics
    ADD CONSTRAINT topics_pkey PRIMARY KEY (topic_id);

CREATE INDEX records_created_at_idx ON {schema}.records USING btree (created_at);
