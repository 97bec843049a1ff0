package io.radio4j.triton;

/**
 * Message compression for a call. Triton decompresses gzip requests natively; its responses are
 * compressed only when the server is started with {@code --grpc-infer-response-compression-level}.
 */
public enum Compression {
    /** No compression (the default): tensors are mostly incompressible and CPU matters more. */
    NONE,
    /** gzip, registered in every grpc-java channel. */
    GZIP;

    /** The grpc-java compressor name, or null for none. */
    public String grpcName() {
        return this == GZIP ? "gzip" : null;
    }
}
