package io.radio4j.benchmarks.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * The JSON of the service's {@code POST /v1/embeddings} in the OpenAI / NV-CLIP shape: a request
 * with one {@code data:} URL image, and the first vector of an answer.
 *
 * <p>Stateless and thread-safe.
 */
final class EmbeddingsJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EmbeddingsJson() {}

    /** {@code {"model": model, "input": ["data:image/jpeg;base64,..."], "encoding_format": "float"}}. */
    static byte[] imageRequest(String model, byte[] jpeg) {
        Objects.requireNonNull(model, "model");
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        root.putArray("input")
                .add("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg));
        root.put("encoding_format", "float");
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
    }

    /**
     * {@code data[0].embedding} of an answer.
     *
     * @throws IOException if the answer is not JSON of that shape
     */
    static float[] firstEmbedding(byte[] answer) throws IOException {
        JsonNode embedding = JSON.readTree(answer).path("data").path(0).path("embedding");
        if (!embedding.isArray() || embedding.isEmpty()) {
            throw new IOException("no data[0].embedding array in the answer: "
                    + new String(answer, 0, Math.min(answer.length, 300), StandardCharsets.UTF_8));
        }
        float[] vector = new float[embedding.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) embedding.get(i).asDouble();
        }
        return vector;
    }
}
