package io.radio4j.langchain;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.injector.ContentInjector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands retrieved images to a vision-language model: a LangChain4j {@link ContentInjector} that
 * turns the contents of {@link ImageSearch#contentRetriever()} into {@link ImageContent} parts of
 * the user message, each listed in the text with its caption and score, so the model sees the
 * pictures rather than their file paths.
 *
 * <pre>{@code
 * ImageSearch search = ImageSearch.builder().embeddingModel(clip).embeddingStore(store).maxResults(3).build();
 * ContentInjector injector = ImageContentInjector.builder().build();
 * ChatMessage message = injector.inject(search.contentRetriever().retrieve(Query.from(question)), UserMessage.from(question));
 * visionModel.chat(ChatRequest.builder().messages(message).build(), handler);   // e.g. VisionTokenBudget.wrap(...)
 * }</pre>
 *
 * <p>It also plugs into {@code DefaultRetrievalAugmentor.builder().contentInjector(...)}. Note that
 * with LangChain4j 1.19 a streaming {@code AiServices} (no chat memory) was seen sending only the
 * text of the augmented message to the model, so the images never left; calling the injector and
 * the model as above does not depend on that.
 *
 * <p>LangChain4j 1.19's RAG {@code Content} carries text only, so the image travels by reference
 * ({@link ImageMetadata#PATH}, set by {@link ImageSearch}) and is loaded here by the
 * {@linkplain Builder#imageLoader(Function) image loader}; the default reads the file as base64 with
 * the stored {@link ImageMetadata#MIME_TYPE}. An image that cannot be loaded is listed as "not
 * attached" and logged, never silently dropped. Non-user messages pass through unchanged.
 * Thread-safe if the loader is.
 */
public final class ImageContentInjector implements ContentInjector {

    /** Default of {@link Builder#maxImages(Integer)}. */
    public static final int DEFAULT_MAX_IMAGES = 4;
    /** Default of {@link Builder#maxImageBytes(Long)}: 16 MiB. */
    public static final long DEFAULT_MAX_IMAGE_BYTES = 16L << 20;
    /** Default of {@link Builder#header(String)}. */
    public static final String DEFAULT_HEADER =
            "The attached images were retrieved for this question, best match first:";

    private static final Logger LOG = LoggerFactory.getLogger(ImageContentInjector.class);

    private final int maxImages;
    private final String header;
    private final ImageContent.DetailLevel detailLevel;
    private final Function<Content, Optional<ImageContent>> loader;

    private ImageContentInjector(Builder b) {
        this.maxImages = b.maxImages == null ? DEFAULT_MAX_IMAGES : b.maxImages;
        if (maxImages < 1) {
            throw new IllegalArgumentException("maxImages must be >= 1, got " + maxImages);
        }
        long maxBytes = b.maxImageBytes == null ? DEFAULT_MAX_IMAGE_BYTES : b.maxImageBytes;
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxImageBytes must be >= 1, got " + maxBytes);
        }
        this.header = b.header == null ? DEFAULT_HEADER : b.header;
        this.detailLevel = b.detailLevel == null ? ImageContent.DetailLevel.LOW : b.detailLevel;
        this.loader = b.loader != null ? b.loader : content -> fromFile(content, maxBytes, detailLevel);
    }

    /** A builder; every option has a default. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatMessage inject(List<Content> contents, ChatMessage chatMessage) {
        if (!(chatMessage instanceof UserMessage user) || contents == null || contents.isEmpty()) {
            return chatMessage;
        }
        StringBuilder text = new StringBuilder();
        List<dev.langchain4j.data.message.Content> others = new ArrayList<>();
        for (dev.langchain4j.data.message.Content c : user.contents()) {
            if (c instanceof TextContent t) {
                text.append(text.isEmpty() ? "" : "\n").append(t.text());
            } else {
                others.add(c);
            }
        }
        text.append(text.isEmpty() ? "" : "\n\n").append(header);
        List<dev.langchain4j.data.message.Content> images = new ArrayList<>();
        int n = 0;
        for (Content c : contents) {
            if (n == maxImages) {
                break;
            }
            n++;
            String caption = c.textSegment() == null ? "image" : c.textSegment().text();
            Object score = c.metadata().get(ContentMetadata.SCORE);
            text.append('\n').append(n).append(". ").append(caption);
            if (score instanceof Number s) {
                text.append(String.format(Locale.ROOT, ", score %.3f", s.doubleValue()));
            }
            Optional<ImageContent> image = load(c);
            if (image.isPresent()) {
                images.add(image.get());
            } else {
                text.append(" (not attached: it could not be read)");
            }
        }
        List<dev.langchain4j.data.message.Content> parts = new ArrayList<>();
        parts.add(TextContent.from(text.toString()));
        parts.addAll(others);
        parts.addAll(images);
        UserMessage.Builder b = user.toBuilder().contents(parts);
        return b.build();
    }

    private Optional<ImageContent> load(Content c) {
        try {
            return loader.apply(c);
        } catch (RuntimeException e) {
            LOG.warn(
                    "retrieved image {} not attached: {}",
                    c.textSegment() == null ? "?" : c.textSegment().text(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<ImageContent> fromFile(Content c, long maxBytes, ImageContent.DetailLevel detail) {
        if (c.textSegment() == null) {
            return Optional.empty();
        }
        String path = c.textSegment().metadata().getString(ImageMetadata.PATH);
        if (path == null) {
            return Optional.empty();
        }
        try {
            Path file = Path.of(path);
            long size = Files.size(file);
            if (size > maxBytes) {
                LOG.warn(
                        "retrieved image {} not attached: {} bytes is over maxImageBytes {}",
                        file.getFileName(),
                        size,
                        maxBytes);
                return Optional.empty();
            }
            String mime = c.textSegment().metadata().getString(ImageMetadata.MIME_TYPE);
            return Optional.of(ImageContent.from(
                    Base64.getEncoder().encodeToString(Files.readAllBytes(file)),
                    mime == null ? "image/png" : mime,
                    detail));
        } catch (IOException | RuntimeException e) {
            LOG.warn("retrieved image {} not attached: {}", path, e.toString());
            return Optional.empty();
        }
    }

    /** Builds an {@link ImageContentInjector}; not thread-safe. */
    public static final class Builder {
        private Integer maxImages;
        private Long maxImageBytes;
        private String header;
        private ImageContent.DetailLevel detailLevel;
        private Function<Content, Optional<ImageContent>> loader;

        private Builder() {}

        /** Most images attached (the first ones, best match first); default {@value #DEFAULT_MAX_IMAGES}. */
        public Builder maxImages(Integer maxImages) {
            this.maxImages = maxImages;
            return this;
        }

        /** Larger files are listed but not attached; default 16 MiB. Used by the default loader only. */
        public Builder maxImageBytes(Long maxImageBytes) {
            this.maxImageBytes = maxImageBytes;
            return this;
        }

        /** The sentence introducing the list of retrieved images; default {@value #DEFAULT_HEADER}. */
        public Builder header(String header) {
            this.header = header;
            return this;
        }

        /** The detail level asked of the vision model; default {@code LOW}. */
        public Builder detailLevel(ImageContent.DetailLevel detailLevel) {
            this.detailLevel = detailLevel;
            return this;
        }

        /**
         * How a retrieved content becomes an image, for images that are not local files (object
         * storage, a database); empty means "not attached". Default: read {@link ImageMetadata#PATH}.
         */
        public Builder imageLoader(Function<Content, Optional<ImageContent>> loader) {
            this.loader = loader;
            return this;
        }

        /** @throws IllegalArgumentException for a limit below 1 */
        public ImageContentInjector build() {
            return new ImageContentInjector(this);
        }
    }
}
