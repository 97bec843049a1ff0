package io.radio4j.triton.example;

import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.InferStream;
import io.radio4j.triton.InferStreamListener;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.ModelSchema;
import io.radio4j.triton.TritonClient;
import io.radio4j.triton.TritonException;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The README's example: metadata, one inference and one streaming call against Triton's own
 * example model {@code simple} (INPUT0, INPUT1 INT32 [16]; OUTPUT0 = sum, OUTPUT1 = difference),
 * found in Triton's {@code docs/examples/model_repository}. Argument: the gRPC target, default
 * {@code localhost:8001}.
 */
public final class TritonExample {
    private TritonExample() {}

    public static void main(String[] args) throws InterruptedException {
        String target = args.length > 0 ? args[0] : "localhost:8001";
        try (TritonClient triton = TritonClient.builder().target(target).build()) {
            System.out.println("server: " + triton.serverMetadata());
            ModelMetadata metadata = triton.modelMetadata("simple");
            System.out.println("model: " + metadata.inputs() + " -> " + metadata.outputs());

            // Shapes and datatypes come from the model: 16 values make one item of the batch.
            ModelSchema simple = triton.modelSchema("simple");
            long[] a = new long[16];
            long[] b = new long[16];
            Arrays.setAll(a, i -> i);
            Arrays.fill(b, 1);
            InferRequest request = simple.newRequest()
                    .input(simple.longs("INPUT0", a))
                    .input(simple.longs("INPUT1", b))
                    .build();
            simple.validate(request);
            InferResult result = triton.infer(request);
            System.out.println(
                    "sum: " + Arrays.toString(result.output("OUTPUT0").asInts()));

            CountDownLatch done = new CountDownLatch(1);
            try (InferStream stream = triton.openStream(new InferStreamListener() {
                @Override
                public void onResult(InferResult streamed) {
                    System.out.println("streamed " + streamed.id() + ": "
                            + Arrays.toString(streamed.output("OUTPUT1").asInts()));
                }

                @Override
                public void onError(TritonException error) {
                    System.out.println("request " + error.requestId() + " failed: " + error.serverMessage());
                }

                @Override
                public void onCompleted() {
                    done.countDown();
                }

                @Override
                public void onFailure(TritonException failure) {
                    System.out.println("stream failed: " + failure.getMessage());
                    done.countDown();
                }
            })) {
                stream.send(request.toBuilder().id("first").build());
                stream.send(request.toBuilder().id("second").build());
            }
            done.await(30, TimeUnit.SECONDS);
        }
    }
}
