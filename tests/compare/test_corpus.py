"""All-pairs similarity over a small corpus: identical documents score 1, unrelated ones little,
and the row blocks of the sparse product join up without losing or doubling a pair."""

from __future__ import annotations

from planwatch.compare import corpus
from planwatch.compare.corpus import all_pairs


def test_pairs_above_threshold_across_blocks() -> None:
    texts = ["推进海洋经济高质量发展，建设现代海洋城市。", "促进高质量充分就业，健全就业公共服务体系。"]
    docs = [texts[i % 2] + f"第{i}份。" for i in range(corpus.BLOCK + 44)]  # more than one block
    result = all_pairs(docs, min_score=0.5)
    n = len(docs)
    same_kind = sum(1 for i in range(n) for j in range(i + 1, n) if i % 2 == j % 2)
    assert result.matrix.nnz == same_kind  # every pair of the same kind, each once, none across kinds
    coo = result.matrix.tocoo()
    assert all(r < c for r, c in zip(coo.row, coo.col, strict=True))
    i, j, score = result.top(1)[0]
    assert i % 2 == j % 2 and score > 0.5


def test_identical_documents_score_one() -> None:
    result = all_pairs(
        ["大连建设东北亚国际航运中心。", "大连建设东北亚国际航运中心。", "黑土地保护工程。"], 0.0
    )
    top = result.top(3)
    assert top[0][:2] == (0, 1) and abs(top[0][2] - 1.0) < 1e-5
    assert all(score < 0.2 for i, j, score in top[1:])
