package io.radio4j.triton.internal;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import io.radio4j.triton.RetryPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Builds the channel a {@code TritonClient} owns from its builder's settings. */
public final class ChannelFactory {
    private static final String SERVICE = "inference.GRPCInferenceService";
    private static final List<String> IDEMPOTENT_METHODS = List.of(
            "ServerLive",
            "ServerReady",
            "ModelReady",
            "ServerMetadata",
            "ModelMetadata",
            "ModelConfig",
            "ModelStatistics",
            "RepositoryIndex");

    private ChannelFactory() {}

    /**
     * Settings of an owned channel.
     *
     * @param targets one {@code host:port} or gRPC target URI (e.g. {@code dns:///triton:8001}), or
     *     several {@code host:port} replicas
     * @param tls whether to use TLS
     * @param trustCertificates PEM file of trusted CAs, or null for the JDK's defaults
     * @param clientCertificateChain PEM client certificate for mutual TLS, or null
     * @param clientPrivateKey PEM PKCS#8 key of that certificate, or null
     * @param authority authority override (TLS host name check), or null
     * @param maxInboundMessageSize largest response accepted, bytes
     * @param keepAliveTime ping interval when idle, or null for gRPC's default (off)
     * @param keepAliveTimeout how long to wait for a ping ack
     * @param keepAliveWithoutCalls ping even without calls in flight
     * @param retryPolicy retries
     */
    public record Settings(
            List<String> targets,
            boolean tls,
            Path trustCertificates,
            Path clientCertificateChain,
            Path clientPrivateKey,
            String authority,
            int maxInboundMessageSize,
            Duration keepAliveTime,
            Duration keepAliveTimeout,
            boolean keepAliveWithoutCalls,
            RetryPolicy retryPolicy) {
        public Settings {
            targets = List.copyOf(targets);
        }
    }

    /** A new channel; its owner must shut it down. */
    public static ManagedChannel create(Settings settings) {
        ManagedChannelBuilder<?> builder;
        if (settings.targets().size() == 1) {
            builder = Grpc.newChannelBuilder(settings.targets().getFirst(), credentials(settings));
        } else {
            List<StaticAddressResolver.HostPort> replicas = new ArrayList<>();
            settings.targets().forEach(t -> replicas.add(StaticAddressResolver.HostPort.parse(t)));
            builder = withResolver(
                    Grpc.newChannelBuilder(StaticAddressResolver.SCHEME + ":///replicas", credentials(settings)),
                    new StaticAddressResolver.Factory(replicas));
        }
        if (settings.authority() != null) {
            builder.overrideAuthority(settings.authority());
        }
        builder.maxInboundMessageSize(settings.maxInboundMessageSize());
        builder.maxInboundMetadataSize(1 << 20);
        if (settings.keepAliveTime() != null) {
            builder.keepAliveTime(settings.keepAliveTime().toNanos(), TimeUnit.NANOSECONDS);
            builder.keepAliveTimeout(settings.keepAliveTimeout().toNanos(), TimeUnit.NANOSECONDS);
            builder.keepAliveWithoutCalls(settings.keepAliveWithoutCalls());
        }
        builder.userAgent("radio4j-triton-client");
        builder.defaultServiceConfig(serviceConfig(settings.retryPolicy()));
        if (settings.retryPolicy().maxAttempts() > 1) {
            builder.enableRetry().maxRetryAttempts(settings.retryPolicy().maxAttempts());
        } else {
            builder.disableRetry();
        }
        return builder.build();
    }

    @SuppressWarnings("deprecation") // grpc-java's only per-channel hook for a resolver; no global registry
    private static ManagedChannelBuilder<?> withResolver(
            ManagedChannelBuilder<?> builder, StaticAddressResolver.Factory factory) {
        return builder.nameResolverFactory(factory);
    }

    private static ChannelCredentials credentials(Settings settings) {
        if (!settings.tls()) {
            return InsecureChannelCredentials.create();
        }
        TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
        try {
            if (settings.trustCertificates() != null) {
                tls.trustManager(settings.trustCertificates().toFile());
            }
            if (settings.clientCertificateChain() != null) {
                tls.keyManager(
                        settings.clientCertificateChain().toFile(),
                        settings.clientPrivateKey().toFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read TLS certificate or key: " + e.getMessage(), e);
        }
        return tls.build();
    }

    /**
     * The service config: round_robin over resolved addresses, and the retry policy for idempotent
     * methods. Numbers are Doubles and durations strings, as gRPC's JSON form requires.
     */
    static Map<String, Object> serviceConfig(RetryPolicy policy) {
        List<Object> methodConfigs = new ArrayList<>();
        if (policy.maxAttempts() > 1) {
            List<String> methods = new ArrayList<>(IDEMPOTENT_METHODS);
            if (policy.retryInference()) {
                methods.add("ModelInfer");
            }
            List<Object> names = new ArrayList<>();
            methods.forEach(m -> names.add(Map.of("service", SERVICE, "method", m)));
            methodConfigs.add(Map.of(
                    "name",
                    names,
                    "retryPolicy",
                    Map.of(
                            "maxAttempts", (double) policy.maxAttempts(),
                            "initialBackoff", seconds(policy.initialBackoff()),
                            "maxBackoff", seconds(policy.maxBackoff()),
                            "backoffMultiplier", policy.multiplier(),
                            "retryableStatusCodes", List.of("UNAVAILABLE"))));
        }
        return Map.of("loadBalancingConfig", List.of(Map.of("round_robin", Map.of())), "methodConfig", methodConfigs);
    }

    private static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.9fs", duration.toNanos() / 1e9);
    }
}
