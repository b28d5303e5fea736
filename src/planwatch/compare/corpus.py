"""All-pairs similarity over a corpus of documents, for research use and for finding near-duplicate
or derived plans among thousands of files.

Each document becomes one sparse TF-IDF row (the same features as plan alignment); the cosine of
every pair is one sparse matrix product. The product is taken in row blocks and only scores at or
above ``min_score`` are kept, so memory grows with the number of similar pairs, not with n².
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from planwatch.compare.align import vectorizer

BLOCK = 256


@dataclass(frozen=True, slots=True)
class PairScores:
    matrix: sparse.csr_matrix  # upper triangle (i < j) of the cosine matrix, scores ≥ min_score
    features: int

    def top(self, k: int = 20) -> list[tuple[int, int, float]]:
        coo = self.matrix.tocoo()
        order = np.argsort(-coo.data)[:k]
        return [(int(coo.row[i]), int(coo.col[i]), float(coo.data[i])) for i in order]


def all_pairs(texts: Sequence[str], min_score: float = 0.2) -> PairScores:
    matrix = sparse.csr_matrix(vectorizer().fit_transform(texts))
    n = matrix.shape[0]
    blocks = []
    for start in range(0, n, BLOCK):
        product = (matrix[start : start + BLOCK] @ matrix.T).tocoo()
        rows = product.row + start
        keep = (product.data >= min_score) & (rows < product.col)
        blocks.append(sparse.coo_matrix((product.data[keep], (rows[keep], product.col[keep])), shape=(n, n)))
    upper = sparse.csr_matrix((n, n), dtype=np.float32) if not blocks else sum(blocks[1:], blocks[0]).tocsr()
    return PairScores(upper, matrix.shape[1])
