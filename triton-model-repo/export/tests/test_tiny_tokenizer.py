import unittest

from radio4j_export.tiny_tokenizer import (BOS, EOS, PAD, UNK, METASPACE, TinyTokenizer, canonicalize,
                                           to_input_ids, train_merges, corpus)


class CanonicalizeTest(unittest.TestCase):

    def test_should_lowercase_strip_punctuation_and_collapse_spaces(self):
        self.assertEqual(canonicalize("  A Photo, of a  DOG!! "), "a photo of a dog")

    def test_should_turn_underscores_into_spaces(self):
        self.assertEqual(canonicalize("red_circle"), "red circle")


class TrainMergesTest(unittest.TestCase):

    def test_should_merge_the_most_frequent_pair_first(self):
        # "ab" is seen 4 times (once bare as a first word), the metaspace pair only 3 times.
        self.assertEqual(train_merges(["ab ab ab cd"], 1), [("a", "b")])

    def test_should_be_deterministic(self):
        self.assertEqual(train_merges(corpus(), 50), train_merges(corpus(), 50))


class TinyTokenizerTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tok = TinyTokenizer.trained()

    def test_should_put_special_tokens_at_gemma_ids(self):
        self.assertEqual([self.tok.vocab[t] for t in (PAD, EOS, BOS, UNK)], [0, 1, 2, 3])

    def test_should_have_a_few_hundred_pieces_with_every_byte(self):
        self.assertGreater(self.tok.vocab_size, 260)
        self.assertLess(self.tok.vocab_size, 1000)
        self.assertIn("<0x00>", self.tok.vocab)
        self.assertIn("<0xFF>", self.tok.vocab)

    def test_every_merge_result_should_be_in_the_vocabulary(self):
        for a, b in self.tok.merges:
            self.assertIn(a, self.tok.vocab)
            self.assertIn(b, self.tok.vocab)
            self.assertIn(a + b, self.tok.vocab)

    def test_should_encode_frequent_words_as_single_pieces(self):
        ids = self.tok.encode("a red circle")
        pieces = [next(p for p, i in self.tok.vocab.items() if i == x) for x in ids]
        self.assertEqual("".join(pieces), "a" + METASPACE + "red" + METASPACE + "circle")
        self.assertLessEqual(len(ids), 4)

    def test_should_fall_back_to_utf8_bytes_for_unknown_characters(self):
        ids = self.tok.encode("\u00e9")
        self.assertEqual(ids, [self.tok.vocab["<0xC3>"], self.tok.vocab["<0xA9>"]])

    def test_input_ids_should_end_with_eos_and_pad_with_zero_to_64(self):
        ids = to_input_ids(self.tok, "A red circle!")
        self.assertEqual(len(ids), 64)
        n = len(self.tok.encode("a red circle"))
        self.assertEqual(ids[n], 1)
        self.assertEqual(set(ids[n + 1:]), {0})

    def test_json_should_describe_a_byte_fallback_bpe(self):
        doc = self.tok.to_json()
        self.assertEqual(doc["model"]["type"], "BPE")
        self.assertTrue(doc["model"]["byte_fallback"])
        self.assertEqual(doc["normalizer"]["content"], METASPACE)
        self.assertEqual(len(doc["model"]["merges"]), len(self.tok.merges))


if __name__ == "__main__":
    unittest.main()
