package io.radio4j.core.backend.internal;

import io.grpc.Codec;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * gRPC's {@code deflate} message encoding: a zlib stream (RFC 1950), which is what gRPC core's
 * {@code deflate} algorithm writes (Python's {@code grpc.Compression.Deflate},
 * perf_analyzer's {@code --grpc-compression-algorithm=deflate}). grpc-java registers only gzip.
 */
public final class DeflateCodec implements Codec {

    @Override
    public String getMessageEncoding() {
        return "deflate";
    }

    @Override
    public OutputStream compress(OutputStream os) {
        return new DeflaterOutputStream(os);
    }

    @Override
    public InputStream decompress(InputStream is) {
        return new InflaterInputStream(is);
    }
}
