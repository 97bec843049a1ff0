"""A small Gemma-format BPE tokenizer for the tiny RADIO-CLIP text tower.

The real SigLIP2 text tower uses Gemma's 256k-piece tokenizer; the tiny repository needs the same
file format (HuggingFace tokenizers JSON: BPE with byte_fallback, a metaspace Replace normalizer,
<pad>=0, <eos>=1, <bos>=2, <unk>=3) with a few hundred pieces. The HuggingFace `tokenizers` package
is not available to Debian's Python, so the BPE training and a reference encoder are written here;
both are small, and the Java side checks the encoder against the Rust `tokenizers` library (through
DJL), which keeps this code honest.
"""
import json
import string

PAD, EOS, BOS, UNK = "<pad>", "<eos>", "<bos>", "<unk>"
SPECIALS = (PAD, EOS, BOS, UNK)
METASPACE = "\u2581"
BYTE_TOKENS = tuple(f"<0x{b:02X}>" for b in range(256))
BASE_ALPHABET = tuple(METASPACE + string.ascii_lowercase + string.digits)

COLOURS = ("red", "green", "blue", "yellow", "white", "black", "orange", "purple")
SHAPES = ("circle", "square", "triangle", "cross", "stripe", "ring")
TEMPLATES = (
    "a {c} {s}",
    "a photo of a {c} {s}",
    "a picture of a {c} {s}",
    "an image of a {c} {s} on a white background",
    "the {s} is {c}",
    "a {c} {s} in the middle",
    "a small {c} {s}",
    "a big {c} {s}",
)
EXTRA = (
    "a photo of a dog", "a photo of a cat", "a person riding a bike", "a car on the street",
    "the sky is blue and the grass is green", "two birds sitting on a tree", "a cup of coffee",
    "a house with a red roof", "a boat on the water", "an apple and an orange on the table",
)


def canonicalize(text: str) -> str:
    """SigLIP2 canonicalisation as RADIO's SigLIP2WrappedTokenizer applies it."""
    text = text.replace("_", " ")
    text = text.translate(str.maketrans("", "", string.punctuation))
    return " ".join(text.lower().split())


def corpus():
    """The deterministic training sentences: colour/shape captions plus some everyday ones."""
    sentences = [t.format(c=c, s=s) for t in TEMPLATES for c in COLOURS for s in SHAPES]
    return sentences + list(EXTRA)


def _word_counts(sentences):
    """Words as the tokenizer will meet them: the first without, the others with a metaspace.

    Gemma adds no dummy prefix, so "red" and "\u2581red" are different pieces.
    """
    counts = {}
    for sentence in sentences:
        for i, word in enumerate(canonicalize(sentence).split(" ")):
            for variant in ({word, METASPACE + word} if i == 0 else {METASPACE + word}):
                counts[variant] = counts.get(variant, 0) + 1
    return counts


def train_merges(sentences, num_merges: int):
    """Classic BPE: merge the most frequent adjacent pair; ties go to the smallest pair."""
    words = {tuple(w): n for w, n in _word_counts(sentences).items()}
    merges = []
    for _ in range(num_merges):
        pairs = {}
        for symbols, n in words.items():
            for pair in zip(symbols, symbols[1:]):
                pairs[pair] = pairs.get(pair, 0) + n
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        if pairs[best] < 2:
            break
        merges.append(best)
        words = {_merge(symbols, best): n for symbols, n in words.items()}
    return merges


def _merge(symbols, pair):
    out, i = [], 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            out.append(symbols[i] + symbols[i + 1])
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return tuple(out)


class TinyTokenizer:
    """Vocabulary and merges, the tokenizer.json writer and a reference encoder."""

    def __init__(self, merges):
        self.merges = list(merges)
        pieces = list(SPECIALS) + list(BYTE_TOKENS) + list(BASE_ALPHABET)
        for a, b in self.merges:
            if a + b not in pieces:
                pieces.append(a + b)
        self.vocab = {p: i for i, p in enumerate(pieces)}
        self.ranks = {pair: i for i, pair in enumerate(self.merges)}

    @classmethod
    def trained(cls, num_merges: int = 220):
        return cls(train_merges(corpus(), num_merges))

    @property
    def vocab_size(self) -> int:
        return len(self.vocab)

    def encode(self, text: str):
        """Ids as the tokenizers library's BPE model gives them (no special tokens added)."""
        if not text:
            return []
        symbols = tuple(text.replace(" ", METASPACE))
        while len(symbols) > 1:
            ranked = [(self.ranks[p], p) for p in zip(symbols, symbols[1:]) if p in self.ranks]
            if not ranked:
                break
            symbols = _merge(symbols, min(ranked)[1])
        ids = []
        for s in symbols:
            if s in self.vocab:
                ids.append(self.vocab[s])
            else:
                ids.extend(self.vocab[f"<0x{b:02X}>"] for b in s.encode("utf-8"))
        return ids

    def to_json(self) -> dict:
        """The tokenizer.json document, laid out as Gemma's is."""
        def added(i, content):
            return {"id": i, "content": content, "single_word": False, "lstrip": False,
                    "rstrip": False, "normalized": False, "special": True}

        bos = {"SpecialToken": {"id": BOS, "type_id": 0}}
        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": [added(self.vocab[t], t) for t in SPECIALS],
            "normalizer": {"type": "Replace", "pattern": {"String": " "}, "content": METASPACE},
            "pre_tokenizer": None,
            # Gemma's own file prepends <bos>; SigLIP2 does not use it, so callers encode without
            # special tokens and append <eos> themselves (radio4j's text contract).
            "post_processor": {
                "type": "TemplateProcessing",
                "single": [bos, {"Sequence": {"id": "A", "type_id": 0}}],
                "pair": [bos, {"Sequence": {"id": "A", "type_id": 0}},
                         {"SpecialToken": {"id": BOS, "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
                "special_tokens": {BOS: {"id": BOS, "ids": [self.vocab[BOS]], "tokens": [BOS]}},
            },
            "decoder": {"type": "Sequence", "decoders": [
                {"type": "Replace", "pattern": {"String": METASPACE}, "content": " "},
                {"type": "ByteFallback"},
                {"type": "Fuse"},
            ]},
            "model": {
                "type": "BPE",
                "dropout": None,
                "unk_token": UNK,
                "continuing_subword_prefix": None,
                "end_of_word_suffix": None,
                "fuse_unk": True,
                "byte_fallback": True,
                "ignore_merges": False,
                "vocab": self.vocab,
                "merges": [f"{a} {b}" for a, b in self.merges],
            },
        }

    def write(self, path):
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.to_json(), f, ensure_ascii=False, indent=1)
            f.write("\n")


def to_input_ids(tokenizer: TinyTokenizer, text: str, length: int = 64):
    """The radio4j text contract: canonicalise, encode, append <eos>, truncate, right-pad with <pad>."""
    ids = tokenizer.encode(canonicalize(text)) + [tokenizer.vocab[EOS]]
    ids = ids[:length]
    return ids + [tokenizer.vocab[PAD]] * (length - len(ids))
