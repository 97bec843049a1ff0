package io.radio4j.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The service's own settings, under {@code radio4j.*} in {@code application.properties} or as
 * environment variables ({@code RADIO4J_LIMITS_QUEUE_WAIT=250ms}); the backend, encoder and
 * LangChain4j settings are the radio4j-quarkus module's {@code Radio4jConfig}, under the same prefix.
 * Every default is in a {@code @WithDefault}; the module README lists them all.
 * The image index has its own group, {@code io.radio4j.service.index.IndexConfig}
 * ({@code radio4j.index.*}), and so has the token-budget controller ({@link TokenBudgetConfig},
 * {@code radio4j.token-budget.*}).
 */
@ConfigMapping(prefix = "radio4j")
public interface RadioServiceConfig {

    /** Readiness and outage answers. */
    Backend backend();

    /** Request limits: each one answers 413 or 422 when exceeded. */
    Limits limits();

    /** Optional API-key authentication. */
    Auth auth();

    /** Fetching images by {@code http(s)} URL in {@code /v1/embeddings}. */
    RemoteImages remoteImages();

    /**
     * The service's own backend settings. The backend itself ({@code kind}, {@code repository},
     * {@code triton-addresses}, {@code deadline}, ...) is configured through the radio4j-quarkus
     * module's {@code Radio4jConfig}, under the same {@code radio4j.backend} prefix.
     */
    interface Backend {

        /** Readiness answers within this time: a backend that does not answer by then (paused, blackholed) is DOWN. */
        @WithDefault("2s")
        Duration readinessTimeout();

        /** The {@code Retry-After} sent with a 503 when the backend is down. */
        @WithDefault("5s")
        Duration retryAfter();

        /** Models readiness waits for: the service is ready when the backend has each of them loaded. */
        @WithDefault("c_radio_v4_h,radio1d_h,radio_clip_vision,radio_clip_text")
        List<String> requiredModels();
    }

    /** Request limits. */
    interface Limits {

        /**
         * Inference requests running at once, admitted when they arrive, before their body is read;
         * more wait (first come, first served) at most {@link #queueWait()}, then get 429. Default
         * twice the cores: more CPU-bound requests at once only make each one slower.
         */
        Optional<Integer> maxConcurrentRequests();

        /** How long a request may wait for a free slot before its 429. */
        @WithDefault("100ms")
        Duration queueWait();

        /** Requests waiting for an inference slot at once; more get 429 without waiting. */
        @WithDefault("64")
        int maxQueuedRequests();

        /** Other requests with a body (token budget, observations) running at once, admitted the same way. */
        @WithDefault("32")
        int maxConcurrentOtherRequests();

        /**
         * Slowest accepted request body: a client that sends fewer than {@link #minBodyBytes()} bytes
         * in any such window gets 408 and its connection is closed, so slow clients cannot hold
         * threads or slots.
         */
        @WithDefault("10s")
        Duration bodyRateWindow();

        /** Bytes a request body must bring in each {@link #bodyRateWindow()}. */
        @WithDefault("1024")
        long minBodyBytes();

        /** Threads decoding images and tokenizing texts for every request; default the number of cores. */
        Optional<Integer> preprocessThreads();

        /** Preprocessing tasks waiting for a thread (first come, first served); more answer 503. */
        @WithDefault("4096")
        int preprocessQueue();

        /** Smallest accepted resolution (each side) for C-RADIO and RADIO1D requests. */
        @WithDefault("224")
        int minResolution();

        /** Largest accepted resolution (each side) for C-RADIO and RADIO1D requests. */
        @WithDefault("2048")
        int maxResolution();
    }

    /** API-key authentication. */
    interface Auth {

        /**
         * When set, every request except health ({@code /q/health*}) must carry it as
         * {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}; unset means no auth.
         */
        Optional<String> apiKey();
    }

    /** Remote image URLs. */
    interface RemoteImages {

        /** Whether {@code http(s)://} image URLs are fetched; off by default. */
        @WithDefault("false")
        boolean enabled();

        /** Connect plus read deadline of one fetch. */
        @WithDefault("10s")
        Duration timeout();
    }
}
