package io.radio4j.service;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.radio4j.core.encoder.CRadioEncoder;
import io.radio4j.core.encoder.RadioClipEncoder;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.model.RadioModels;
import io.radio4j.quarkus.Radio4jConfig;
import io.radio4j.quarkus.RadioEncoders;
import io.radio4j.service.api.EmbeddingsRequest;
import io.radio4j.service.api.EmbeddingsResponse;
import io.radio4j.service.openai.ModelNames;
import io.radio4j.service.openai.OpenAiProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code POST /v1/embeddings}: texts and images into RADIO-CLIP's shared space, or images into a
 * C-RADIOv4 summary. Texts and images of one request are each sent as one batched call, and the
 * answer keeps the input order. Thread-safe.
 */
@ApplicationScoped
public class EmbeddingService {

    /** The model used when the request names none. */
    public static final String DEFAULT_MODEL = "radio_clip";

    /** Names accepted for RADIO-CLIP. */
    static final Set<String> CLIP_NAMES =
            Set.of(DEFAULT_MODEL, "radio-clip", RadioModels.RADIO_CLIP_VISION, RadioModels.RADIO_CLIP_TEXT);

    @Inject
    RadioEncoders encoders;

    /** The request limits ({@code radio4j.limits.max-*}) the encoders apply too. */
    @Inject
    Radio4jConfig radio;

    @Inject
    ImageInputs images;

    @Inject
    MeterRegistry registry;

    @Inject
    ModelNames modelNames;

    /**
     * @throws ApiProblemException for a missing or unknown field value, too many inputs, a text for an image-only model
     */
    public EmbeddingsResponse embed(EmbeddingsRequest request) {
        if (request == null) {
            throw ApiProblemException.badRequest("a JSON body {\"input\": [...]} is required");
        }
        List<String> inputs = request.input();
        if (inputs == null) {
            throw ApiProblemException.badRequest(
                    "'input' is required: a string or a list of texts and data:image/...;base64, URLs");
        }
        images.checkCount(inputs.size(), "inputs");
        Encodings.Format format = Encodings.Format.parse(request.encodingFormat(), Encodings.Format.FLOAT);
        String asked = request.model() == null || request.model().isBlank()
                ? DEFAULT_MODEL
                : request.model().trim();
        String model = modelNames.resolve(asked);
        boolean clip = CLIP_NAMES.contains(model.toLowerCase(Locale.ROOT));
        if (!clip && !ImageService.CRADIO_MODELS.contains(model)) {
            throw new OpenAiProblemException(
                    422,
                    "Invalid value",
                    "unknown model '" + asked + "'; use " + DEFAULT_MODEL + ", "
                            + RadioModels.C_RADIO_V4_H + " or " + RadioModels.C_RADIO_V4_SO400M
                            + (modelNames.aliases().isEmpty()
                                    ? ""
                                    : ", or an alias: "
                                            + String.join(
                                                    ", ", modelNames.aliases().keySet())),
                    "model",
                    "model_not_found");
        }
        if (request.dimensions() != null) {
            int own = clip
                    ? encoders.clip().dimension()
                    : encoders.cradio(
                                    model,
                                    CRadioEncoder.DEFAULT_RESOLUTION,
                                    CRadioEncoder.DEFAULT_RESOLUTION,
                                    ResizeMode.SQUASH)
                            .summaryDimension();
            if (request.dimensions() != own) {
                throw new OpenAiProblemException(
                        400,
                        "Bad request",
                        "dimensions=" + request.dimensions() + " is not supported: "
                                + model + " embeddings have " + own
                                + " dimensions and cannot be shortened (RADIO embeddings are not "
                                + "Matryoshka-trained, so a truncated vector would not keep its meaning); leave 'dimensions' out",
                        "dimensions",
                        "unsupported_dimensions");
            }
        }
        List<Integer> textAt = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<Integer> imageAt = new ArrayList<>();
        List<byte[]> imageBytes = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String in = inputs.get(i);
            if (in == null || in.isBlank()) {
                throw ApiProblemException.unprocessable("input[" + i + "] is empty");
            }
            if (ImageInputs.isImageReference(in)) {
                imageAt.add(i);
                imageBytes.add(images.resolve(in, i));
            } else if (!clip) {
                throw ApiProblemException.unprocessable("input[" + i + "] is a text, but " + model
                        + " embeds images only; use " + DEFAULT_MODEL + " for texts");
            } else {
                int max = radio.limits().maxTextChars();
                if (in.length() > max) {
                    throw ApiProblemException.unprocessable("input[" + i + "] has " + in.length()
                            + " characters, more than radio4j.limits.max-text-chars = " + max);
                }
                textAt.add(i);
                texts.add(in);
            }
        }
        DistributionSummary.builder("radio4j_request_items")
                .tag("endpoint", "embeddings")
                .register(registry)
                .record(inputs.size());

        float[][] out = new float[inputs.size()][];
        int promptTokens = 0;
        if (clip) {
            RadioClipEncoder encoder = encoders.clip();
            if (!texts.isEmpty()) {
                List<float[]> e = encoder.embedTexts(texts);
                for (int k = 0; k < e.size(); k++) {
                    out[textAt.get(k)] = e.get(k);
                    promptTokens += encoders.textTokens(texts.get(k));
                }
            }
            if (!imageBytes.isEmpty()) {
                List<float[]> e = encoder.embedImages(imageBytes);
                for (int k = 0; k < e.size(); k++) {
                    out[imageAt.get(k)] = e.get(k);
                }
            }
        } else {
            CRadioEncoder encoder = encoders.cradio(
                    model, CRadioEncoder.DEFAULT_RESOLUTION, CRadioEncoder.DEFAULT_RESOLUTION, ResizeMode.SQUASH);
            List<float[]> e = encoder.summaries(imageBytes);
            for (int k = 0; k < e.size(); k++) {
                out[imageAt.get(k)] = e.get(k);
            }
        }
        List<EmbeddingsResponse.Item> data = new ArrayList<>(out.length);
        for (int i = 0; i < out.length; i++) {
            Object vector = format == Encodings.Format.BASE64 ? Encodings.base64Fp32(out[i]) : out[i];
            data.add(new EmbeddingsResponse.Item("embedding", i, vector));
        }
        return new EmbeddingsResponse(
                "list",
                data,
                clip ? DEFAULT_MODEL : model,
                new EmbeddingsResponse.Usage(promptTokens, promptTokens, imageBytes.size()));
    }
}
