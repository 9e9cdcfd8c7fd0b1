"""Evaluations that need the whole product (configuration, connectors, demo corpus, pipeline):
they sit above the NLP layer, which never imports those. Run them as modules, e.g.
`python -m escucha.evaluation.topics`."""
