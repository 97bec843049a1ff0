package io.radio4j.benchmarks.triton;

import com.google.protobuf.CodedOutputStream;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.internal.WireMapper;
import io.radio4j.triton.protocol.ModelInferRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Client-side cost of one inference request carrying a batch of 32 images: building the
 * {@link InferRequest} from the caller's pixels, mapping it to the protocol message, and
 * serializing that message as gRPC does before handing bytes to the transport.
 *
 * <p>Two wire formats of the same 224×224 RGB images: UINT8 NHWC [32,224,224,3] (150,528 bytes per
 * image, wrapped without copying) and FP32 NCHW [32,3,224,224] (602,112 bytes per image, copied from
 * a float[] into little-endian bytes, as a caller holding preprocessed floats must). The
 * {@code wireBytes} counter reports bytes produced per second, so MB/s = wireBytes / 10^6.
 *
 * <p>HOW TO RUN THIS TEST: build the benchmarks jar ({@code ./mvnw -pl benchmarks package
 * -DskipTests}), then {@code java -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar jmh
 * RequestSerializationBenchmark -f 1 -wi 3 -i 5}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class RequestSerializationBenchmark {

    /** Images per request. */
    public static final int BATCH = 32;
    /** Image side. */
    public static final int SIDE = 224;

    /** Wire format under test. */
    @Param({"UINT8_NHWC", "FP32_NCHW"})
    public String format;

    private byte[] pixels;
    private float[] normalized;
    private byte[] wire;

    /** Bytes produced, reported by JMH as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long wireBytes;

        @Setup(Level.Iteration)
        public void reset() {
            wireBytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void prepare() {
        Random random = new Random(42);
        int values = BATCH * SIDE * SIDE * 3;
        pixels = new byte[values];
        random.nextBytes(pixels);
        normalized = new float[values];
        for (int i = 0; i < values; i++) {
            normalized[i] = (pixels[i] & 0xFF) / 255f - 0.5f;
        }
        // Room for the largest message, so serialization writes into warm memory as Netty's pooled buffers would.
        wire = new byte[values * 4 + 4096];
    }

    /** The request a caller builds for this batch. */
    InferRequest request() {
        InferInput input = format.equals("UINT8_NHWC")
                ? InferInput.ofUint8("image", new long[] {BATCH, SIDE, SIDE, 3}, ByteBuffer.wrap(pixels))
                : InferInput.ofFloats("pixel_values", new long[] {BATCH, 3, SIDE, SIDE}, normalized);
        return InferRequest.builder()
                .modelName("c_radio_v4_h")
                .input(input)
                .output("summary")
                .build();
    }

    /** Request building and protocol mapping only (no serialization). */
    @Benchmark
    public ModelInferRequest build() {
        return WireMapper.toProto(request());
    }

    /** Building, mapping and serializing into the bytes gRPC would send. */
    @Benchmark
    public int buildAndSerialize(Counters counters) throws IOException {
        ModelInferRequest message = WireMapper.toProto(request());
        CodedOutputStream out = CodedOutputStream.newInstance(wire);
        message.writeTo(out);
        int written = out.getTotalBytesWritten();
        counters.wireBytes += written;
        return written;
    }
}
