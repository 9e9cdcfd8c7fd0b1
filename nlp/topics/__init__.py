"""Topic modeling of recurring customer issues, with topic ids that stay stable night after night.

A topic is an *issue*: a catalogue issue of the company's industries (catalogs/*.yaml), named as
the business names it, or one the model discovered, named from its texts; each has sub-themes.

    model = BERTopicModeler(encoder=enc, categories=cfg["topics"]["categories"], min_topic_size=30)
    model.fit(docs, embeddings)            # once, on the history
    model.set_examples(examples)           # texts analysts placed under an issue (IssueExample): they win
    model.update(new_docs, new_embeddings) # every night: existing ids kept, new themes added
    model.topics()                         # TOPIC_COLUMNS frame for Store.replace_topics: one row per issue
    model.subthemes()                      # how each issue shows up (SUBTHEME_COLUMNS)
    model.save(dir); BERTopicModeler.load(dir, encoder=enc)

Heavy imports (umap, hdbscan) happen only when a model clusters.
"""

from escucha.nlp.topics._base import OUTLIER, TopicAssignment, TopicModeler
from escucha.nlp.topics._state import OUTLIER_LABEL, SUBTHEME_COLUMNS
from escucha.nlp.topics.bertopic_model import BERTopicModeler
from escucha.nlp.topics.corrections import Corrections
from escucha.nlp.topics.discover import discover
from escucha.nlp.topics.examples import IssueExample
from escucha.nlp.topics.taxonomy import OTHER, CategoryMapper
from escucha.registry import Registry

TOPIC_MODELERS: Registry[TopicModeler] = Registry("topic modeler")
TOPIC_MODELERS.register("bertopic", BERTopicModeler)


def load_topic_model(path, encoder=None) -> TopicModeler:
    """Load a saved model of whichever registered kind its metadata names."""
    import json
    from pathlib import Path

    kind = json.loads((Path(path) / "metadata.json").read_text(encoding="utf-8")).get("kind", "bertopic")
    return TOPIC_MODELERS.get(kind).load(path, encoder=encoder)


__all__ = [
    "OUTLIER", "OUTLIER_LABEL", "OTHER", "SUBTHEME_COLUMNS", "TOPIC_MODELERS", "BERTopicModeler", "CategoryMapper", "Corrections",
    "IssueExample", "TopicAssignment",
    "TopicModeler", "discover", "load_topic_model",
]
