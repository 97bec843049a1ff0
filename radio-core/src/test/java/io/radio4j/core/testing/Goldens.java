package io.radio4j.core.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.radio4j.core.image.ImageFormat;
import io.radio4j.core.image.PreprocessedImage;
import io.radio4j.core.image.SpeedMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reference outputs that triton-model-repo computed with PyTorch when it generated the tiny
 * models, and the deterministic pattern images they were computed on.
 */
public final class Goldens {

    private Goldens() {}

    /** The golden cases of one model. */
    public static JsonArray cases(String model) {
        Path file = TinyRepo.path().resolveSibling("src/test/resources/golden/" + model + ".json");
        try {
            return JsonParser.parseString(Files.readString(file)).getAsJsonArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** {@code pattern_image(batch, h, w, seed)} of the generator: one UINT8 HWC image per batch item. */
    public static List<PreprocessedImage> patternImages(int batch, int height, int width, int seed) {
        List<PreprocessedImage> images = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            byte[] pixels = new byte[height * width * 3];
            int i = 0;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    for (int c = 0; c < 3; c++) {
                        pixels[i++] = (byte) ((x * 3 + y * 5 + c * 70 + b * 40 + seed * 11) % 256);
                    }
                }
            }
            images.add(PreprocessedImage.ofPixels(height, width, pixels, ImageFormat.PNG, SpeedMode.EXACT));
        }
        return images;
    }

    /** The images of a case's {@code "image": [batch, h, w, seed]}. */
    public static List<PreprocessedImage> images(JsonObject testCase) {
        JsonArray spec = testCase.getAsJsonArray("image");
        return patternImages(
                spec.get(0).getAsInt(),
                spec.get(1).getAsInt(),
                spec.get(2).getAsInt(),
                spec.get(3).getAsInt());
    }

    /** A golden output's data. */
    public static float[] data(JsonObject testCase, String output) {
        JsonArray data =
                testCase.getAsJsonObject("outputs").getAsJsonObject(output).getAsJsonArray("data");
        float[] out = new float[data.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = data.get(i).getAsFloat();
        }
        return out;
    }

    /** A golden output's shape. */
    public static int[] shape(JsonObject testCase, String output) {
        JsonArray shape =
                testCase.getAsJsonObject("outputs").getAsJsonObject(output).getAsJsonArray("shape");
        int[] out = new int[shape.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = shape.get(i).getAsInt();
        }
        return out;
    }

    /** Elements of a JSON array as a Java list. */
    public static List<JsonObject> objects(JsonArray array) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : array) {
            out.add(e.getAsJsonObject());
        }
        return out;
    }
}
