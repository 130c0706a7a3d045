"""Which published posts are most like each post: shared tags, category and text, in one pass.

Every post is two sparse rows (scipy.sparse): its tags and its words. A tag or word weighs its
inverse document frequency over the published posts (idf: a tag on two posts links them far
more than one on every post, which weighs nothing), a word also by its count (1 + log); each
row is scaled to length 1, so one product of matrices gives every pair's cosine at once. A
post's score for another is ``TAG_WEIGHT`` x tags + ``TEXT_WEIGHT`` x text +
``CATEGORY_WEIGHT`` x same category. Scores are rounded to ``DECIMALS`` before they are ranked
and ties go to the post listed first (the newer), so the same sources always give the same
lists, whatever the floating point's last digits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
from scipy import sparse

from .words import Described

TAG_WEIGHT = 1.0
TEXT_WEIGHT = 0.6
CATEGORY_WEIGHT = 0.2
DECIMALS = 6  # scores equal to this many places are a tie
# A word in more than this share of the posts ("the", "and") tells them apart from nothing.
COMMON_WORD_SHARE = 0.5


def weighted_rows(bags: Sequence[Mapping[str, int]], idf: Mapping[str, float], sublinear: bool):
    """One row per bag: each known term's idf (times 1 + log of its count when
    ``sublinear``), scaled to length 1."""
    columns = {term: index for index, term in enumerate(idf)}
    weights = np.fromiter(idf.values(), dtype=np.float64, count=len(idf))
    indptr, indices, counts = [0], [], []
    for bag in bags:
        known = [(columns[term], count) for term, count in bag.items() if term in columns]
        indices += [column for column, _ in known]
        counts += [count for _, count in known]
        indptr.append(len(indices))
    indices = np.array(indices, dtype=np.int64)
    data = weights[indices]
    if sublinear:
        data *= 1.0 + np.log(np.array(counts, dtype=np.float64))
    matrix = sparse.csr_matrix((data, indices, np.array(indptr)), shape=(len(bags), len(idf)))
    lengths = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    lengths[lengths == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / lengths) @ matrix)


def idf(frequencies: Counter, documents: int) -> dict[str, float]:
    """Inverse document frequency of each term, sorted by term (the same columns every build)."""
    return {term: float(np.log((1 + documents) / (1 + frequencies[term])))
            for term in sorted(frequencies)}  # fmt: skip


def cosines(bags: Sequence[Mapping[str, int]], chosen_from: list[int], idf_of, sublinear):
    rows = weighted_rows(bags, idf_of, sublinear)
    return (rows @ rows[chosen_from].T).toarray()


def most_alike(posts: Sequence[Described], chosen_from: list[int], count: int) -> list[list[int]]:
    """For each post, the indexes (into ``posts``) of the ``count`` posts of ``chosen_from``
    most like it, best first; never itself, nor a post with nothing in common with it.
    ``chosen_from`` is in order of preference: of two posts scored alike, the first wins."""
    if not posts or not chosen_from:
        return [[] for _ in posts]
    total = len(chosen_from)
    candidates = [posts[index] for index in chosen_from]
    tag_idf = idf(Counter(tag for post in candidates for tag in post.tags), total)
    seen = Counter(word for post in candidates for word in post.words)
    limit = max(2, COMMON_WORD_SHARE * total)
    word_idf = idf(Counter({word: n for word, n in seen.items() if n <= limit}), total)
    tag_bags = [dict.fromkeys(post.tags, 1) for post in posts]
    score = TAG_WEIGHT * cosines(tag_bags, chosen_from, tag_idf, sublinear=False)
    score += TEXT_WEIGHT * cosines([p.words for p in posts], chosen_from, word_idf, sublinear=True)
    categories = np.array([post.category or f"\0{index}" for index, post in enumerate(posts)])
    score += CATEGORY_WEIGHT * (categories[:, None] == categories[chosen_from][None, :])
    # Whole numbers: equal scores are exactly equal; ties broken by position in chosen_from.
    ranks = np.rint(score * 10**DECIMALS).astype(np.int64) * total
    ranks += np.arange(total - 1, -1, -1, dtype=np.int64)[None, :]
    position = {index: column for column, index in enumerate(chosen_from)}
    for row in range(len(posts)):
        if row in position:
            ranks[row, position[row]] = -1  # never itself
    keep = min(count, total)
    top = np.argpartition(-ranks, keep - 1, axis=1)[:, :keep]
    lists = []
    for row, columns in enumerate(top):
        ordered = sorted(columns, key=lambda column: -ranks[row, column])
        lists.append([chosen_from[c] for c in ordered if ranks[row, c] >= total])
    return lists
