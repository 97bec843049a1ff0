package io.radio4j.core.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.radio4j.core.RadioException;
import io.radio4j.core.RadioInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Turns texts into the fixed-length {@code input_ids} rows of RADIO-CLIP's SigLIP 2 text tower:
 * {@linkplain TextCanonicalizer canonicalize}, tokenize with the Gemma vocabulary of a Hugging Face
 * {@code tokenizer.json} (no BOS), keep at most {@code contextLength - 1} tokens, append EOS, and
 * right-pad with the pad id to {@code contextLength}.
 *
 * <p>Pad id and length are not cosmetic: SigLIP pools the hidden state of the last position, so a
 * different pad id or length gives a different embedding. Defaults: context length
 * {@value #DEFAULT_CONTEXT_LENGTH}, EOS id {@value #DEFAULT_EOS_ID}, pad id {@value #DEFAULT_PAD_ID},
 * at most {@value #DEFAULT_MAX_TEXT_CHARS} characters per text. EOS is always kept when a text is
 * truncated (the tokens before it are dropped), as the Hugging Face tokenizer does when its
 * post-processor appends EOS.
 *
 * <p>Tokenization runs in DJL's binding of the Hugging Face {@code tokenizers} library. Its native
 * library is bundled in the DJL jar and extracted to DJL's cache directory on first use; nothing is
 * downloaded, because the tokenizer is only ever built from a file or bytes, never from a hub name.
 *
 * <p>Thread-safe: {@link #tokenize} may be called concurrently. {@link #close()} waits for calls in
 * progress, then frees the native tokenizer; calls after it fail with a {@link RadioException}.
 */
public final class SigLipTokenizer implements AutoCloseable {

    /** Sequence length of the SigLIP 2 text tower. */
    public static final int DEFAULT_CONTEXT_LENGTH = 64;
    /** Gemma's {@code <eos>}. */
    public static final long DEFAULT_EOS_ID = 1;
    /** Gemma's {@code <pad>}. */
    public static final long DEFAULT_PAD_ID = 0;
    /** Longest text accepted, in UTF-16 chars; longer texts are refused rather than silently cut. */
    public static final int DEFAULT_MAX_TEXT_CHARS = 8_192;

    private final HuggingFaceTokenizer tokenizer;
    private final int contextLength;
    private final long eosId;
    private final long padId;
    private final int maxTextChars;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private SigLipTokenizer(Builder builder) {
        this.contextLength = builder.contextLength;
        this.eosId = builder.eosId;
        this.padId = builder.padId;
        this.maxTextChars = builder.maxTextChars;
        // Special tokens, truncation and padding are ours: a Gemma tokenizer.json would add BOS,
        // which SigLIP 2 does not use, and its padding side and id vary between exports.
        Map<String, String> options = Map.of(
                "addSpecialTokens", "false",
                "truncation", "false",
                "padding", "false");
        try (InputStream in = new ByteArrayInputStream(builder.tokenizerJson)) {
            this.tokenizer = HuggingFaceTokenizer.newInstance(in, options);
        } catch (IOException | RuntimeException e) {
            throw new RadioException("cannot load the tokenizer (" + builder.source + "): " + e.getMessage(), e, false);
        }
    }

    /** A builder; {@link Builder#tokenizerJson(Path)} or {@link Builder#tokenizerJson(byte[])} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A tokenizer with every default, reading the given {@code tokenizer.json}. */
    public static SigLipTokenizer fromFile(Path tokenizerJson) {
        return builder().tokenizerJson(tokenizerJson).build();
    }

    /**
     * The {@code input_ids} row for one text: exactly {@link #contextLength()} ids.
     *
     * @throws RadioInputException if the text is null, longer than the configured maximum, or has
     *     no content left after canonicalization (empty, only spaces or punctuation)
     */
    public long[] tokenize(String text) {
        String canonical = canonicalChecked(text);
        long[] content;
        lock.readLock().lock();
        try {
            checkOpen();
            content = tokenizer.encode(canonical, false, false).getIds();
        } finally {
            lock.readLock().unlock();
        }
        return frame(content);
    }

    /**
     * One row per text, in order.
     *
     * @throws RadioInputException naming the index of the first text that {@link #tokenize} refuses
     */
    public List<long[]> tokenizeAll(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        List<String> canonical = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            try {
                canonical.add(canonicalChecked(texts.get(i)));
            } catch (RadioInputException e) {
                throw new RadioInputException("text " + i + ": " + e.getMessage());
            }
        }
        List<long[]> rows = new ArrayList<>(texts.size());
        lock.readLock().lock();
        try {
            checkOpen();
            for (var encoding : tokenizer.batchEncode(canonical, false, false)) {
                rows.add(frame(encoding.getIds()));
            }
        } finally {
            lock.readLock().unlock();
        }
        return rows;
    }

    /** Length of every row {@link #tokenize} returns. */
    public int contextLength() {
        return contextLength;
    }

    /** The end-of-sequence id appended to every text. */
    public long eosId() {
        return eosId;
    }

    /** The id filling the positions after EOS. */
    public long padId() {
        return padId;
    }

    /** The longest text accepted, in UTF-16 chars. */
    public int maxTextChars() {
        return maxTextChars;
    }

    /** Frees the native tokenizer once calls in progress have finished; later calls fail. Idempotent. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                tokenizer.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            // Using a freed native tokenizer would crash the JVM; refuse instead.
            throw new RadioException("the tokenizer is closed", null, false);
        }
    }

    private String canonicalChecked(String text) {
        if (text == null) {
            throw new RadioInputException("text is null");
        }
        if (text.length() > maxTextChars) {
            throw new RadioInputException("text has " + text.length() + " characters; the limit is " + maxTextChars
                    + " (SigLipTokenizer.builder().maxTextChars(...))");
        }
        String canonical = TextCanonicalizer.canonicalize(text);
        if (canonical.isEmpty()) {
            throw new RadioInputException(
                    text.isEmpty()
                            ? "text is empty"
                            : "text has no words left after canonicalization (only spaces, underscores or punctuation)");
        }
        return canonical;
    }

    private long[] frame(long[] content) {
        long[] row = new long[contextLength];
        int kept = Math.min(content.length, contextLength - 1);
        System.arraycopy(content, 0, row, 0, kept);
        row[kept] = eosId;
        Arrays.fill(row, kept + 1, contextLength, padId);
        return row;
    }

    /** Builds a {@link SigLipTokenizer}; each option's default is the constant named in its javadoc. */
    public static final class Builder {
        private byte[] tokenizerJson;
        private String source = "bytes";
        private int contextLength = DEFAULT_CONTEXT_LENGTH;
        private long eosId = DEFAULT_EOS_ID;
        private long padId = DEFAULT_PAD_ID;
        private int maxTextChars = DEFAULT_MAX_TEXT_CHARS;

        private Builder() {}

        /**
         * Reads a Hugging Face {@code tokenizer.json} file now.
         *
         * @throws RadioException if the file cannot be read
         */
        public Builder tokenizerJson(Path file) {
            Objects.requireNonNull(file, "file");
            try {
                this.tokenizerJson = Files.readAllBytes(file);
                this.source = file.toString();
            } catch (IOException e) {
                throw new RadioException("cannot read tokenizer file " + file + ": " + e.getMessage(), e, false);
            }
            return this;
        }

        /** The content of a Hugging Face {@code tokenizer.json}; the array is copied. */
        public Builder tokenizerJson(byte[] json) {
            this.tokenizerJson = Objects.requireNonNull(json, "json").clone();
            this.source = "bytes";
            return this;
        }

        /** Row length, at least 2 (one token and EOS); default {@value #DEFAULT_CONTEXT_LENGTH}. */
        public Builder contextLength(int contextLength) {
            if (contextLength < 2) {
                throw new IllegalArgumentException("contextLength must be >= 2, got " + contextLength);
            }
            this.contextLength = contextLength;
            return this;
        }

        /** Default {@value #DEFAULT_EOS_ID}. */
        public Builder eosId(long eosId) {
            this.eosId = eosId;
            return this;
        }

        /** Default {@value #DEFAULT_PAD_ID}. */
        public Builder padId(long padId) {
            this.padId = padId;
            return this;
        }

        /** Longest accepted text in UTF-16 chars, at least 1; default {@value #DEFAULT_MAX_TEXT_CHARS}. */
        public Builder maxTextChars(int maxTextChars) {
            if (maxTextChars < 1) {
                throw new IllegalArgumentException("maxTextChars must be >= 1, got " + maxTextChars);
            }
            this.maxTextChars = maxTextChars;
            return this;
        }

        /**
         * @throws IllegalStateException if no tokenizer.json was given
         * @throws RadioException if the tokenizer.json cannot be parsed
         */
        public SigLipTokenizer build() {
            if (tokenizerJson == null) {
                throw new IllegalStateException("tokenizerJson(...) is required");
            }
            return new SigLipTokenizer(this);
        }
    }
}
