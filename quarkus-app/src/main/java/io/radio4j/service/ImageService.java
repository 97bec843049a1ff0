package io.radio4j.service;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.radio4j.core.encoder.CRadioEncoder;
import io.radio4j.core.encoder.CRadioOutput;
import io.radio4j.core.encoder.RadioClipEncoder;
import io.radio4j.core.encoder.SpatialFeatures;
import io.radio4j.core.image.ImageInfo;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.model.RadioModels;
import io.radio4j.quarkus.RadioEncoders;
import io.radio4j.service.api.FeaturesResponse;
import io.radio4j.service.api.ImageEmbeddingsResponse;
import io.radio4j.service.internal.FeaturePca;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** {@code /v1/images/embeddings} and {@code /v1/images/features}: uploaded files through C-RADIO or RADIO-CLIP. Thread-safe. */
@ApplicationScoped
public class ImageService {

    /** Models {@code /v1/images/*} and {@code /v1/embeddings} may name besides RADIO-CLIP: the C-RADIOv4 family. */
    public static final Set<String> CRADIO_MODELS = Set.of(RadioModels.C_RADIO_V4_H, RadioModels.C_RADIO_V4_SO400M);

    @Inject
    RadioEncoders encoders;

    @Inject
    ImageInputs inputs;

    @Inject
    RadioServiceConfig config;

    @Inject
    MeterRegistry registry;

    /**
     * Embeds each uploaded file.
     *
     * @param model a C-RADIOv4 model (summary vectors; default {@code c_radio_v4_h}) or {@code radio_clip}
     * @throws ApiProblemException for no files, too many, an unknown model or option
     */
    public ImageEmbeddingsResponse embed(
            List<FileUpload> files, String model, String resolution, String resizeMode, String encodingFormat) {
        List<FileUpload> present = inputs.requireFiles(files);
        Encodings.Format format = Encodings.Format.parse(encodingFormat, Encodings.Format.FLOAT);
        String name = model == null || model.isBlank() ? CRadioEncoder.DEFAULT_MODEL_NAME : model.trim();
        List<byte[]> images = new ArrayList<>(present.size());
        for (FileUpload f : present) {
            images.add(inputs.read(f));
        }
        DistributionSummary.builder("radio4j_request_items")
                .tag("endpoint", "images_embeddings")
                .register(registry)
                .record(images.size());
        List<float[]> vectors;
        ImageOptions options;
        if (EmbeddingService.CLIP_NAMES.contains(name.toLowerCase(Locale.ROOT))) {
            if ((resolution != null && !resolution.isBlank()) || (resizeMode != null && !resizeMode.isBlank())) {
                throw ApiProblemException.unprocessable(
                        "radio_clip takes its fixed input (224x224, center_crop); leave resolution and resize_mode out");
            }
            name = EmbeddingService.DEFAULT_MODEL;
            options = new ImageOptions(
                    name,
                    RadioClipEncoder.DEFAULT_RESOLUTION,
                    RadioClipEncoder.DEFAULT_RESOLUTION,
                    RadioClipEncoder.DEFAULT_RESIZE_MODE);
            vectors = encoders.clip().embedImages(images);
        } else {
            options = cradioOptions(name, resolution, resizeMode);
            vectors = encoders.cradio(name, options.height(), options.width(), options.mode())
                    .summaries(images);
        }
        List<ImageEmbeddingsResponse.Item> data = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            Object v = format == Encodings.Format.BASE64 ? Encodings.base64Fp32(vectors.get(i)) : vectors.get(i);
            data.add(new ImageEmbeddingsResponse.Item(
                    "embedding", i, present.get(i).fileName(), v));
        }
        return new ImageEmbeddingsResponse(
                "list",
                data,
                name,
                options.height(),
                options.width(),
                options.mode().name().toLowerCase(Locale.ROOT));
    }

    /**
     * The dense features (and summary) of one uploaded image.
     *
     * @param encodingFormat {@code base64} (FP16, default) or {@code float} (JSON array of FP32)
     * @param visualize whether to add the PCA picture at the image's own size (capped at max-resolution per side)
     */
    public FeaturesResponse features(
            List<FileUpload> files,
            String model,
            String resolution,
            String resizeMode,
            String encodingFormat,
            boolean visualize) {
        List<FileUpload> present = inputs.requireFiles(files);
        if (present.size() != 1) {
            throw ApiProblemException.unprocessable(
                    "features are computed for one image per request, got " + present.size() + " files");
        }
        Encodings.Format format = Encodings.Format.parse(encodingFormat, Encodings.Format.BASE64);
        String name = model == null || model.isBlank() ? CRadioEncoder.DEFAULT_MODEL_NAME : model.trim();
        ImageOptions options = cradioOptions(name, resolution, resizeMode);
        byte[] image = inputs.read(present.getFirst());
        CRadioOutput out = encoders.cradio(name, options.height(), options.width(), options.mode())
                .encode(image);
        SpatialFeatures f = out.features();
        float[] nlc = f.toNlcArray();
        Object features = format == Encodings.Format.BASE64 ? Encodings.base64Fp16(nlc) : nlc;
        String picture = null;
        if (visualize) {
            ImageInfo info = encoders.preprocessor().probe(image);
            boolean rotated = info.orientation() >= 5 && info.orientation() <= 8;
            int w = rotated ? info.height() : info.width();
            int h = rotated ? info.width() : info.height();
            double scale = Math.min(1.0, (double) config.limits().maxResolution() / Math.max(w, h));
            picture = "data:image/png;base64,"
                    + Base64.getEncoder()
                            .encodeToString(
                                    FeaturePca.png(f, Math.max(1, (int) Math.round(w * scale)), Math.max(1, (int)
                                            Math.round(h * scale))));
        }
        return new FeaturesResponse(
                name,
                f.gridHeight() * 16,
                f.gridWidth() * 16,
                options.mode().name().toLowerCase(Locale.ROOT),
                f.gridHeight(),
                f.gridWidth(),
                f.channels(),
                "NLC",
                format == Encodings.Format.BASE64 ? "float16" : "float32",
                features,
                out.summary(),
                picture);
    }

    private ImageOptions cradioOptions(String name, String resolution, String resizeMode) {
        if (!CRADIO_MODELS.contains(name)) {
            throw ApiProblemException.unprocessable("unknown model '" + name + "'; use one of " + CRADIO_MODELS
                    + " (or radio_clip for /v1/images/embeddings)");
        }
        return ImageOptions.parse(
                name, resolution, resizeMode, CRadioEncoder.DEFAULT_RESOLUTION, ResizeMode.SQUASH, config.limits());
    }
}
