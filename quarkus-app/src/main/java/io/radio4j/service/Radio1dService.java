package io.radio4j.service;

import io.radio4j.core.encoder.Radio1dEncoder;
import io.radio4j.core.encoder.VisualTokens;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.model.RadioModels;
import io.radio4j.quarkus.RadioEncoders;
import io.radio4j.service.api.TokensResponse;
import io.radio4j.tokenbudget.BudgetDecision;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** {@code /v1/radio1d/tokens}: the first n RADIO1D tokens of one image, n given or chosen for a TTFT target. Thread-safe. */
@ApplicationScoped
public class Radio1dService {

    @Inject
    RadioEncoders encoders;

    @Inject
    ImageInputs inputs;

    @Inject
    TokenBudgetService budget;

    @Inject
    RadioServiceConfig config;

    /**
     * @throws ApiProblemException 422 unless exactly one of {@code numTokens} and {@code ttftTargetMs} is given;
     *     429 when the controller sheds the request
     */
    public TokensResponse tokens(
            List<FileUpload> files,
            String numTokens,
            String ttftTargetMs,
            String textTokens,
            String taskClass,
            String resolution,
            String resizeMode) {
        List<FileUpload> present = inputs.requireFiles(files);
        if (present.size() != 1) {
            throw ApiProblemException.unprocessable(
                    "tokens are computed for one image per request, got " + present.size() + " files");
        }
        boolean hasCount = numTokens != null && !numTokens.isBlank();
        boolean hasTarget = ttftTargetMs != null && !ttftTargetMs.isBlank();
        if (hasCount == hasTarget) {
            throw ApiProblemException.unprocessable("give exactly one of num_tokens and ttft_target_ms");
        }
        ImageOptions options = ImageOptions.parse(
                RadioModels.RADIO1D_H,
                resolution,
                resizeMode,
                Radio1dEncoder.DEFAULT_RESOLUTION,
                ResizeMode.SQUASH,
                config.limits());
        if (options.mode() == ResizeMode.SNAP16) {
            throw ApiProblemException.unprocessable(
                    "resize_mode snap16 is not offered for RADIO1D: its token range depends on each image");
        }
        byte[] image = inputs.read(present.getFirst());
        Radio1dEncoder encoder = encoders.radio1d(options.height(), options.width(), options.mode());
        int n;
        BudgetDecision decision = null;
        if (hasCount) {
            n = parseInt(numTokens, "num_tokens");
        } else {
            double target = parseDouble(ttftTargetMs, "ttft_target_ms");
            Integer text = textTokens == null || textTokens.isBlank() ? null : parseInt(textTokens, "text_tokens");
            decision = budget.decideForOneImage(
                    target, text, taskClass == null || taskClass.isBlank() ? null : taskClass.trim());
            if (!decision.admitted()) {
                throw new ApiProblemException(
                        429,
                        "Request shed",
                        "the token-budget controller predicts that even the minimum " + "tokens miss the " + target
                                + " ms target under the current load; retry later");
            }
            // The controller's levels come from the real model's card; the served model may allow fewer.
            n = Math.min(decision.tokensPerImage().getFirst(), encoder.maxTokens());
        }
        VisualTokens tokens = encoder.tokens(image, n);
        return new TokensResponse(
                RadioModels.RADIO1D_H,
                options.height(),
                options.width(),
                tokens.count(),
                tokens.dimension(),
                tokens.prefixCount(),
                "float16",
                Encodings.base64Fp16(tokens.toArray()),
                decision);
    }

    private static int parseInt(String s, String field) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw ApiProblemException.unprocessable(field + " must be a whole number, got '" + s + "'");
        }
    }

    private static double parseDouble(String s, String field) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw ApiProblemException.unprocessable(field + " must be a number, got '" + s + "'");
        }
    }
}
