import unittest

import numpy as np

from radio4j_export.tiny_clip_training import RGB, class_captions, draw
from radio4j_export.tiny_tokenizer import COLOURS, SHAPES


class DrawTest(unittest.TestCase):

    def test_should_paint_the_shape_in_its_colour_on_the_background(self):
        image = draw("red", "square", 64, background=100)
        self.assertEqual(image.dtype, np.uint8)
        self.assertEqual(image.shape, (64, 64, 3))
        self.assertEqual(tuple(image[32, 32]), RGB["red"])
        self.assertEqual(tuple(image[0, 0]), (100, 100, 100))

    def test_ring_is_hollow_and_circle_is_not(self):
        self.assertEqual(tuple(draw("blue", "ring", 64)[32, 32]), (128, 128, 128))
        self.assertEqual(tuple(draw("blue", "circle", 64)[32, 32]), RGB["blue"])

    def test_every_shape_covers_some_but_not_all_pixels(self):
        for shape in SHAPES:
            painted = np.all(draw("green", shape, 64) == RGB["green"], axis=-1).mean()
            self.assertGreater(painted, 0.02, shape)
            self.assertLess(painted, 0.6, shape)

    def test_should_refuse_unknown_shapes(self):
        with self.assertRaises(ValueError):
            draw("red", "hexagon")

    def test_classes_pair_every_colour_with_every_shape(self):
        self.assertEqual(len(class_captions()), len(COLOURS) * len(SHAPES))
        self.assertEqual(set(RGB), set(COLOURS))


if __name__ == "__main__":
    unittest.main()
