package io.radio4j.triton.testing;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link FakeTritonService} in-process or on a loopback port, with a
 * {@link HeaderRecorder} in front. Close it after each test.
 */
public final class FakeTritonServer implements AutoCloseable {
    /** Inbound limit of the fake: Triton accepts up to 2 GiB - 1 per message. */
    public static final int MAX_MESSAGE = Integer.MAX_VALUE;

    private final FakeTritonService service;
    private final HeaderRecorder headers;
    private final Server server;
    private final String inProcessName;

    private FakeTritonServer(FakeTritonService service, HeaderRecorder headers, Server server, String inProcessName) {
        this.service = service;
        this.headers = headers;
        this.server = server;
        this.inProcessName = inProcessName;
    }

    /** Starts {@code service} on an in-process transport called {@code name}. */
    public static FakeTritonServer inProcess(FakeTritonService service, String name) {
        HeaderRecorder recorder = new HeaderRecorder();
        Server server = InProcessServerBuilder.forName(name)
                .addService(ServerInterceptors.intercept(service, recorder))
                .build();
        return start(new FakeTritonServer(service, recorder, server, name));
    }

    /** Starts {@code service} on 127.0.0.1:{@code port} over Netty (0 picks a free port). */
    public static FakeTritonServer loopback(FakeTritonService service, int port) {
        HeaderRecorder recorder = new HeaderRecorder();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .maxInboundMessageSize(MAX_MESSAGE)
                .addService(ServerInterceptors.intercept(service, recorder))
                .build();
        return start(new FakeTritonServer(service, recorder, server, null));
    }

    /** Starts {@code service} on 127.0.0.1 with TLS, from PEM certificate chain and PKCS#8 key files. */
    public static FakeTritonServer loopbackTls(
            FakeTritonService service, java.io.File certChain, java.io.File privateKey) {
        HeaderRecorder recorder = new HeaderRecorder();
        io.grpc.ServerCredentials credentials;
        try {
            credentials = io.grpc.TlsServerCredentials.create(certChain, privateKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), credentials)
                .maxInboundMessageSize(MAX_MESSAGE)
                .addService(ServerInterceptors.intercept(service, recorder))
                .build();
        return start(new FakeTritonServer(service, recorder, server, null));
    }

    private static FakeTritonServer start(FakeTritonServer fake) {
        try {
            fake.server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fake;
    }

    public FakeTritonService service() {
        return service;
    }

    /** Headers of the most recent call. */
    public HeaderRecorder headers() {
        return headers;
    }

    /** The bound port (loopback servers). */
    public int port() {
        return server.getPort();
    }

    /** {@code 127.0.0.1:port}. */
    public String target() {
        return "127.0.0.1:" + port();
    }

    /** The in-process name, or null. */
    public String inProcessName() {
        return inProcessName;
    }

    /** Kills the server at once, cutting open calls and connections (a crash, as far as clients can tell). */
    public void kill() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
        service.shutdown();
    }
}
