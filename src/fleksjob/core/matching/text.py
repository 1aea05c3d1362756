"""Danish-aware lexical similarity of competence texts and position texts.

Each word (lower-cased letters) gives its Snowball Danish stem plus its character 3-, 4- and
5-grams (padded with '<' and '>'), so compounds match their parts: "rengøringsassistent" shares
most n-grams with "rengøring". Documents become TF-IDF vectors (smooth idf, fitted on the position
texts), L2-normalised; the similarity of two texts is the cosine of their vectors, in [0, 1].

Features a candidate text has but no position text has still count in its norm (with the idf of
an unseen feature), so a long, unrelated text does not look like a good match.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
import snowballstemmer

from . import config

_WORD = re.compile(r"[^\W\d_]+")
# Common Danish function words: they carry no meaning for a match.
STOPWORDS = frozenset(
    (
        "af",
        "alle",
        "at",
        "de",
        "dem",
        "den",
        "denne",
        "der",
        "det",
        "dig",
        "du",
        "efter",
        "eller",
        "en",
        "er",
        "et",
        "for",
        "fra",
        "har",
        "hun",
        "hvor",
        "i",
        "ikke",
        "jeg",
        "kan",
        "med",
        "men",
        "mig",
        "min",
        "ned",
        "nu",
        "og",
        "om",
        "op",
        "os",
        "over",
        "på",
        "sig",
        "sin",
        "skal",
        "som",
        "så",
        "til",
        "ud",
        "under",
        "var",
        "ved",
        "vi",
        "være",
    )
)
_stemmer = snowballstemmer.stemmer("danish")


def words(text: str) -> list[str]:
    """Lower-cased words without stopwords and one-letter words."""
    return [
        w
        for w in _WORD.findall(text.lower())
        if len(w) >= config.MIN_WORD_LENGTH and w not in STOPWORDS
    ]


def word_features(word: str) -> list[str]:
    """The stem and the padded character n-grams of one word."""
    padded = f"<{word}>"
    grams = [padded[i : i + n] for n in config.NGRAM_SIZES for i in range(len(padded) - n + 1)]
    return [f"#{_stemmer.stemWord(word)}", *grams]


class _Encoder:
    """Maps words to arrays of feature ids, caching per word (texts repeat words a lot)."""

    def __init__(self, vocabulary: dict[str, int], grow: bool) -> None:
        self.vocabulary = vocabulary
        self.grow = grow
        self.extra: dict[str, int] = {}  # features outside the vocabulary (transform only)
        self.cache: dict[str, np.ndarray] = {}

    def _id(self, feature: str) -> int:
        found = self.vocabulary.get(feature)
        if found is not None:
            return found
        if self.grow:
            self.vocabulary[feature] = len(self.vocabulary)
            return len(self.vocabulary) - 1
        # Unknown features get ids from -1 downwards: counted in the norm, then dropped.
        return self.extra.setdefault(feature, -1 - len(self.extra))

    def encode(self, text: str) -> np.ndarray:
        parts = []
        for word in words(text):
            ids = self.cache.get(word)
            if ids is None:
                ids = np.array([self._id(f) for f in word_features(word)], dtype=np.int64)
                self.cache[word] = ids
            parts.append(ids)
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)


def _matrix(encoder: _Encoder, texts: Sequence[str]) -> sp.csr_matrix:
    """Term counts (texts × features); unknown features (ids −1, −2, …) go to the columns after
    the vocabulary's."""
    by_text: dict[str, np.ndarray] = {}
    arrays = []
    for text in texts:
        ids = by_text.get(text)
        if ids is None:
            ids = by_text[text] = encoder.encode(text)
        arrays.append(ids)
    lengths = np.fromiter((len(a) for a in arrays), dtype=np.int64, count=len(arrays))
    ids = np.concatenate(arrays) if arrays else np.empty(0, dtype=np.int64)
    width = len(encoder.vocabulary)
    ids = np.where(ids >= 0, ids, width - 1 - ids)
    rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    shape = (len(texts), width + len(encoder.extra))
    # COO → CSR sums repeated (row, feature) entries into counts, in compiled code.
    matrix = sp.csr_matrix((np.ones(len(ids)), (rows, ids)), shape=shape)
    matrix.sum_duplicates()
    return matrix


class TextModel:
    """TF-IDF over stems and character n-grams, fitted on one corpus (the position texts)."""

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, n_documents: int) -> None:
        self.vocabulary = vocabulary
        self.idf = idf
        self.unseen_idf = float(np.log(1 + n_documents) + 1)

    @classmethod
    def fit(cls, texts: Sequence[str]) -> TextModel:
        return cls.fit_transform(texts)[0]

    @classmethod
    def fit_transform(cls, texts: Sequence[str]) -> tuple[TextModel, sp.csr_matrix]:
        """The model fitted on ``texts`` and the texts' vectors (one pass over the corpus)."""
        encoder = _Encoder({}, grow=True)
        counts = _matrix(encoder, texts)
        df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
        idf = np.log((1 + len(texts)) / (1 + df)) + 1
        model = cls(encoder.vocabulary, idf, len(texts))
        return model, model._weigh(counts)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """L2-normalised TF-IDF rows (n × vocabulary), float32."""
        encoder = _Encoder(self.vocabulary, grow=False)
        return self._weigh(_matrix(encoder, texts))

    def _weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        width = len(self.vocabulary)
        cols, lengths = counts.indices, np.diff(counts.indptr)
        known = cols < width
        every = bool(known.all())
        if every:
            idf = self.idf[cols]
        else:
            idf = np.full(len(cols), self.unseen_idf)
            idf[known] = self.idf[cols[known]]
        weights = counts.data * idf
        # Row sums by reduceat over the non-empty rows only (it mishandles empty ones).
        filled = lengths > 0
        starts = counts.indptr[:-1][filled]
        norms = np.ones(len(lengths))
        if starts.size:
            norms[filled] = np.sqrt(np.add.reduceat(weights**2, starts))
        data = (weights / np.repeat(norms, lengths)).astype(np.float32)
        if every:
            indices, indptr = cols, counts.indptr
        else:
            data, indices = data[known], cols[known]
            per_row = np.zeros(len(lengths), dtype=np.int64)
            if starts.size:
                per_row[filled] = np.add.reduceat(known.astype(np.int64), starts)
            indptr = np.r_[0, np.cumsum(per_row)]
        matrix = sp.csr_matrix((data, indices, indptr), shape=(counts.shape[0], width))
        matrix.has_sorted_indices = True  # sum_duplicates sorted them
        return matrix


def similarity(a: str, b: str, model: TextModel | None = None) -> float:
    """Cosine similarity of two texts (with a model fitted on ``b`` if none is given)."""
    model = model or TextModel.fit([b])
    va, vb = model.transform([a]), model.transform([b])
    return float(min(1.0, max(0.0, (va @ vb.T).toarray()[0, 0])))
