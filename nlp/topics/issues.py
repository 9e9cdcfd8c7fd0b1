"""From fine topics to issues: hierarchical merging of the fragments of one issue.

Clustering sentence vectors cuts one issue into several fine topics, by wording and by mood
("cobro doble" into "siguen sin devolverme", "cobro duplicado en la factura", ...). Like
BERTopic's `hierarchical_topics` + `merge_topics`, fragments are joined bottom-up, average
linkage, while the similarity of two groups reaches `threshold`; then, if more than `max_issues`
remain, the most similar keep being joined until `max_issues` are left, as long as they are at
least `threshold - FORCED_MARGIN` alike (a praise topic is never forced into a complaint to meet
a count), and never below `min_issues`. Catalogue issues take part as fixed nodes: a fragment may join one, two of them
never merge (each is a problem the business named).

Similarity of two fragments = `weight` * cosine of their centroids + (1 - weight) * cosine of
their c-TF-IDF rows. Measured (docs/QUALITY.md, Topics): on topic-text vectors the centroids
alone do as well as any mix with c-TF-IDF, which only adds cost, so `weight` is 1 by default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

import numpy as np

from escucha.nlp.topics.voice import main_voice

# The three margins below were re-chosen on the demo corpus and the bank tweets we wrote, never on
# eval-dev (docs/QUALITY.md, Topics, "How each default was chosen"): a tight fine topic at 0.75
# (0.7 cut the written set's ARI from 0.66 to 0.47, 0.8 and above lowered the demo's); the two
# others make no difference on those sets between 0.05 and 0.25 and keep their earlier values.
FORCED_MARGIN = 0.15
CATALOG_JOIN_MARGIN = 0.15
TIGHT_TOPIC = 0.75
_VERSION = re.compile(r"(?<![\d.,])(\d{1,2}\.\d{1,2})(?![\d.,]?\d)")


@lru_cache(maxsize=1)
def _release_cue() -> re.Pattern[str]:
    import yaml
    from importlib import resources

    text = (resources.files("escucha.nlp.topics") / "lexicons" / "releases.yaml").read_text(encoding="utf-8")
    cues = sorted({c.strip() for c in yaml.safe_load(text)["cues"].split("|") if c.strip()}, key=len, reverse=True)
    return re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, cues)) + r")")


def release_anchors(docs: Sequence[str], min_docs: int) -> np.ndarray:
    """See `releases`; the group per doc only."""
    return releases(docs, min_docs)[0]


def releases(docs: Sequence[str], min_docs: int) -> tuple[np.ndarray, list[str]]:
    """Release group per doc (0.., -1 = none): the docs that name one version number ("5.2"),
    when at least `min_docs` do and most of them say it is a release (lexicons/releases.yaml:
    "actualización", "versión", "app"...). Such a group is one new thing customers name, an
    emerging issue that keeps its own issue (`partition_issues`) rather than being spread over
    the catalogue issues it resembles ("Fallas de la app", "Transferencias no reflejadas").
    Returns (group per doc, the version number of each group)."""
    from escucha.nlp.topics.vectorizer import fold

    cue = _release_cue()
    found: list[str | None] = []
    cued: dict[str, int] = {}
    for d in docs:
        versions = _VERSION.findall(str(d))  # most texts name none: nothing else to do for them
        v = max(sorted(set(versions)), key=versions.count) if versions else None
        found.append(v)
        if v is not None and cue.search(fold(str(d).lower())):
            cued[v] = cued.get(v, 0) + 1
    counts: dict[str, int] = {}
    for v in found:
        if v is not None:
            counts[v] = counts.get(v, 0) + 1
    kept = sorted(v for v, c in counts.items() if c >= max(1, min_docs) and cued.get(v, 0) > c / 2)
    index = {v: i for i, v in enumerate(kept)}
    return np.array([index.get(v, -1) if v is not None else -1 for v in found], dtype=np.int64), kept


def issue_groups(similarity: np.ndarray, *, threshold: float, max_issues: int, min_issues: int = 1,
                 fixed: np.ndarray | None = None, sizes: np.ndarray | None = None,
                 voice: np.ndarray | None = None, forced_margin: float = FORCED_MARGIN) -> np.ndarray:
    """Issue index (0..) per node of a symmetric `similarity` matrix. `fixed` nodes never join
    each other, nor nodes of different `voice` (voice.py: problem, praise, broadcast; bools
    read as praise or not): thanks for the app are not a failure of the app, nor an ad for a
    card a complaint about cards, however alike the words. `sizes` weight the average linkage (a group's similarity to
    another is the size-weighted mean over their members); issues are numbered by their
    smallest node."""
    n = len(similarity)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    sim = np.asarray(similarity, dtype=np.float64)
    fixed = np.zeros(n, dtype=bool) if fixed is None else np.asarray(fixed, dtype=bool)
    w = np.ones(n) if sizes is None else np.maximum(np.asarray(sizes, dtype=np.float64), 1.0)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    is_fixed = {i: bool(fixed[i]) for i in range(n)}
    # linkage between live groups, kept up to date as groups join
    link = sim.copy()
    np.fill_diagonal(link, -np.inf)
    both_fixed = np.outer(fixed, fixed)
    link[both_fixed] = -np.inf
    voice = np.zeros(n, dtype=np.int64) if voice is None else np.asarray(voice, dtype=np.int64)
    link[voice[:, None] != voice[None, :]] = -np.inf
    while len(members) > max(1, min_issues):
        i, j = np.unravel_index(int(np.argmax(link)), link.shape)
        best = link[i, j]
        if not np.isfinite(best) or (best < threshold and len(members) <= max_issues):
            break
        if best < threshold - forced_margin:
            break
        a, b = min(i, j), max(i, j)
        members[a] = sorted(members[a] + members.pop(b))
        is_fixed[a] = is_fixed[a] or is_fixed.pop(b)
        link[b, :] = link[:, b] = -np.inf
        for k in members:
            if k == a:
                continue
            if (is_fixed[a] and is_fixed[k]) or voice[members[a][0]] != voice[members[k][0]]:
                value = -np.inf
            else:
                ma, mk = members[a], members[k]
                block = sim[np.ix_(ma, mk)]
                value = float((w[ma][:, None] * w[mk][None, :] * block).sum() / (w[ma].sum() * w[mk].sum()))
            link[a, k] = link[k, a] = value
    out = np.empty(n, dtype=np.int64)
    for issue, (_, mem) in enumerate(sorted(members.items())):
        out[mem] = issue
    return out


def fragment_similarity(centroids: np.ndarray, ctfidf: np.ndarray | None = None, weight: float = 1.0) -> np.ndarray:
    """`weight` * centroid cosine + (1 - weight) * c-TF-IDF cosine (rows L2-normalised)."""
    c = np.asarray(centroids, dtype=np.float64)
    out = c @ c.T
    if ctfidf is not None and weight < 1.0:
        t = np.asarray(ctfidf, dtype=np.float64)
        t = t / np.maximum(np.linalg.norm(t, axis=1, keepdims=True), 1e-12)
        out = weight * out + (1.0 - weight) * (t @ t.T)
    return out


@dataclass
class IssuePartition:
    """Issue per doc (0.. largest first, -1 = outlier), the catalogue issue (index) each issue
    is, and which docs took a catalogue issue directly (zero-shot)."""

    ids: np.ndarray
    catalog: dict[int, int] = field(default_factory=dict)
    zero_shot: np.ndarray | None = None
    fragments: int = 0  # fine topics that were not a catalogue issue (before merging)


def partition_issues(emb: np.ndarray, fine: np.ndarray, *, scores: np.ndarray | None = None,
                     core: np.ndarray | None = None, tight: float = TIGHT_TOPIC, voice: np.ndarray | None = None,
                     entry_voice: np.ndarray | None = None,
                     min_score: float = 0.5, threshold: float = 0.7, min_issues: int = 1, max_issues: int = 40,
                     min_catalog_docs: int = 3, anchors: np.ndarray | None = None,
                     join_margin: float = CATALOG_JOIN_MARGIN, forced_margin: float = FORCED_MARGIN) -> IssuePartition:
    """Issues from fine topics (`fine`, -1 = outlier) and, when a catalogue is configured,
    each doc's `scores` against its issues (zeroshot.py).

    1. A doc scoring at least `min_score` for a catalogue issue takes it, unless it is a core
       doc (`core`) of a tight fine topic (median cosine to its centroid at least `tight`):
       such a topic is one specific thing (a failed release, an outage) and is judged whole.
    2. A fine topic whose docs score that much on average, and half of which are closest to
       that issue, joins it with all its docs (a loose heap of many issues does not), except its
       docs whose `voice` (voice.py: praise, broadcast) is not a problem's nor the issue's own
       (`entry_voice`): they stay a fragment of their own; the
       other fine topics, less the docs taken in 1, are fragments of issues not in the catalogue.
    3. A catalogue issue with fewer than `min_catalog_docs` docs is dropped (its docs follow
       their fine topic): one stray text does not open an issue. Nor does a fragment that
       small: its docs are outliers.
    `anchors` (release_anchors: a group per doc, -1 none) are taken out first: each group is an
    issue of its own, which fragments may join but which never joins a catalogue issue.
    4. Fragments and catalogue issues are merged hierarchically (`issue_groups`): fragments join
       each other or a catalogue issue whose scores their texts nearly reach (`min_score` less
       CATALOG_JOIN_MARGIN: on tweets to a bank every group's centroid is close to every
       other's, and news about the dollar joined "Cuenta o tarjeta bloqueada" without it); two
       catalogue issues never merge, nor nodes of different voices (a fragment's is the voice of
       most of its docs, an entry's its `entry_voice`): praise or ads never join a problem.
    """
    n = len(fine)
    fine = np.asarray(fine, dtype=np.int64)
    zs = np.zeros(n, dtype=bool)
    node = np.full(n, -1, dtype=np.int64)  # node per doc: catalogue issue k -> k, fragment c -> K + c
    n_cat = 0 if scores is None else scores.shape[1]
    best = np.zeros(n, dtype=np.int64)
    if scores is not None and n_cat:
        best, top = scores.argmax(axis=1), scores.max(axis=1)
        zs = top >= min_score
        if core is not None:
            core = np.asarray(core, dtype=bool)
            for c in np.unique(fine[core & (fine >= 0)]):
                mine = core & (fine == c)
                cent = emb[mine].mean(axis=0)
                cent = cent / max(float(np.linalg.norm(cent)), 1e-12)
                if float(np.median(emb[mine] @ cent)) >= tight:
                    zs[mine] = False
    anchors = np.full(n, -1, dtype=np.int64) if anchors is None else np.asarray(anchors, dtype=np.int64)
    anchored = anchors >= 0
    zs &= ~anchored
    node[zs] = best[zs]
    n_fine = int(fine.max()) + 1 if n and fine.max() >= 0 else 0
    node[anchored] = n_cat + n_fine + anchors[anchored]
    doc_voice = np.zeros(n, dtype=np.int64) if voice is None else np.asarray(voice, dtype=np.int64)
    entry_voice = np.zeros(n_cat, dtype=np.int64) if entry_voice is None else np.asarray(entry_voice, dtype=np.int64)
    joined: dict[int, int] = {}
    for c in np.unique(fine[fine >= 0]):
        rest = (fine == c) & ~zs & ~anchored
        if not rest.any():
            continue
        if n_cat:
            mine = (fine == c) & ~anchored
            mean = scores[mine].mean(axis=0)
            k = int(mean.argmax())
            if mean[k] >= min_score and np.mean(best[mine] == k) >= 0.5:
                # the praise (or the ads) of a topic that joins a problem stays apart, as a
                # fragment of its own: "la instalación fue rapidísima" is about installing, not
                # a delay in it
                apart = rest & (doc_voice != 0) & (doc_voice != entry_voice[k])
                node[rest & ~apart] = k
                node[apart] = n_cat + c
                joined[int(c)] = k
                continue
        node[rest] = n_cat + c
    counts = np.bincount(node[node >= 0], minlength=n_cat)[:n_cat] if n_cat else np.zeros(0, np.int64)
    dropped = set(np.flatnonzero((counts > 0) & (counts < min_catalog_docs)).tolist())
    for d in np.flatnonzero(np.isin(node, list(dropped))):
        c = int(fine[d])
        if c < 0:
            node[d] = -1
        elif c in joined and joined[c] not in dropped:
            node[d] = joined[c]
        else:
            node[d] = n_cat + c
    # nor does a fragment that small (what is left of a fine topic whose texts took catalogue
    # issues, or the one thank-you of a complaint topic): its docs are outliers, not an issue of
    # one or two texts named after a stray word
    fragment = (node >= n_cat) & (node < n_cat + n_fine)
    if fragment.any():
        size = np.bincount(node[fragment] - n_cat, minlength=n_fine)
        node[np.isin(node, np.flatnonzero((size > 0) & (size < min_catalog_docs)) + n_cat)] = -1
    nodes = np.unique(node[node >= 0])
    if len(nodes) == 0:
        return IssuePartition(np.full(n, -1, dtype=np.int64), {}, zs, 0)
    cents = np.stack([emb[node == v].mean(axis=0) for v in nodes])
    cents /= np.maximum(np.linalg.norm(cents, axis=1, keepdims=True), 1e-12)
    sizes = np.array([np.sum(node == v) for v in nodes])
    node_voice = np.array([entry_voice[v] if v < n_cat else main_voice(doc_voice[node == v]) for v in nodes],
                          dtype=np.int64)
    sim = fragment_similarity(cents)
    is_anchor = nodes >= n_cat + n_fine
    if n_cat:  # a fragment joins a catalogue issue only if its texts are near it by their own scores too
        for i, v in enumerate(nodes):
            if v < n_cat or v >= n_cat + n_fine:
                continue
            mean = scores[node == v].mean(axis=0)
            for j, k in enumerate(nodes):
                if k < n_cat and mean[k] < min_score - join_margin:
                    sim[i, j] = sim[j, i] = -np.inf
    groups = issue_groups(sim, threshold=threshold, max_issues=max_issues,
                          min_issues=min_issues, fixed=(nodes < n_cat) | is_anchor, sizes=sizes, voice=node_voice,
                          forced_margin=forced_margin)
    # issues numbered by size (largest first), ties by their first node
    gsize = np.bincount(groups, weights=sizes)
    order = sorted(range(len(gsize)), key=lambda g: (-gsize[g], int(np.flatnonzero(groups == g)[0])))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    where = {int(v): i for i, v in enumerate(nodes)}
    ids = np.array([rank[groups[where[int(v)]]] if v >= 0 else -1 for v in node], dtype=np.int64)
    catalog = {int(rank[groups[i]]): int(v) for i, v in enumerate(nodes) if v < n_cat}
    return IssuePartition(ids, catalog, zs, int(np.sum((nodes >= n_cat) & ~is_anchor)))
