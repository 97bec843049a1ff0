package io.radio4j.benchmarks.tokenbudget;

import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.radio4j.langchain.VisionTokenBudget;
import io.radio4j.tokenbudget.BudgetDecision;
import io.radio4j.tokenbudget.TokenBudgetController;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * Closed loop against a real process: {@link StandInVlmServer} on loopback, driven through
 * {@link VisionTokenBudget} wrapping LangChain4j's {@link OpenAiStreamingChatModel}, TTFT on the wall
 * clock. Three load levels (Poisson arrivals), first with the controller (card profile, learning the
 * stand-in online), then with static k = 256 for comparison. Writes a Markdown table.
 *
 * <p>Usage: {@code ClosedLoopMain <output.md> [secondsPerLevel] [profile.json]}: without a profile the
 * controller starts from the card's; with one (e.g. fitted by {@code CalibrateCommand} from a
 * {@link VlmSweepMain} sweep of the stand-in) it starts calibrated.
 */
public final class ClosedLoopMain {

    static final double TARGET_MS = 250;
    static final int IMAGES = 4;

    private ClosedLoopMain() {}

    record LevelResult(String policy, double ratePerSecond, int sent, int shed, int met, double p90Ms, double meanK) {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "tokenbudget/results/closed_loop.md");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 20;
        try (StandInVlmServer server = new StandInVlmServer(2048, 8_000, 100_000, 60)) {
            String image = png();
            // Capacity at k = 256, measured: 40 requests back to back from 8 clients.
            double capacity = measureCapacity(server, image);
            double[] rates = {0.3 * capacity, 0.9 * capacity, 2.0 * capacity};
            List<LevelResult> results = new ArrayList<>();
            TokenBudgetController controller = TokenBudgetController.builder()
                    .profile(
                            args.length > 2
                                    ? io.radio4j.tokenbudget.CalibrationProfile.load(Path.of(args[2]))
                                    : io.radio4j.tokenbudget.CalibrationProfile.defaultProfile())
                    .build();
            for (double rate : rates) {
                results.add(level("controller", server, image, rate, seconds, controller, null));
            }
            for (double rate : rates) {
                results.add(level("static-256", server, image, rate, seconds, null, 256));
            }
            StringBuilder md = new StringBuilder();
            md.append(String.format(
                    Locale.ROOT,
                    "Stand-in capacity at k = 256 (4 images + 32 text tokens): %.1f req/s. "
                            + "Target p90 TTFT ≤ %.0f ms, %.0f s per level, wall clock. Controller profile: %s.%n%n",
                    capacity,
                    TARGET_MS,
                    seconds,
                    controller.profile().name()));
            md.append(
                    "| policy | load (req/s) | sent | shed | TTFT ≤ target, share of arrivals | p90 TTFT of sent (ms) | mean k |\n|---|---|---|---|---|---|---|\n");
            for (LevelResult r : results) {
                int arrivals = r.sent + r.shed;
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %.1f | %d | %d | %.3f | %.0f | %.0f |%n",
                        r.policy,
                        r.ratePerSecond,
                        r.sent,
                        r.shed,
                        arrivals == 0 ? Double.NaN : r.met / (double) arrivals,
                        r.p90Ms,
                        r.meanK));
            }
            md.append(String.format(Locale.ROOT, "%nController state after the run: %s%n", controller.state()));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, md);
            System.out.print(md);
        }
    }

    private static StreamingChatModel model(StandInVlmServer server, Integer staticK) {
        OpenAiStreamingChatModel.OpenAiStreamingChatModelBuilder b = OpenAiStreamingChatModel.builder()
                .baseUrl(server.baseUrl())
                .apiKey("none")
                .modelName("stand-in")
                .timeout(Duration.ofSeconds(120));
        if (staticK != null) {
            b.customParameters(java.util.Map.of("mm_processor_kwargs", java.util.Map.of("num_tokens", staticK)));
        }
        return b.build();
    }

    private static ChatRequest request(String image) {
        List<Content> parts = new ArrayList<>();
        parts.add(TextContent.from("Describe these images in one short sentence, please, thanks!!".repeat(2)));
        for (int i = 0; i < IMAGES; i++) {
            parts.add(ImageContent.from(image, "image/png"));
        }
        return ChatRequest.builder().messages(UserMessage.from(parts)).build();
    }

    private static double measureCapacity(StandInVlmServer server, String image) throws InterruptedException {
        StreamingChatModel m = model(server, 256);
        int n = 60;
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        for (int c = 0; c < 8; c++) {
            sendNext(m, image, next, n, done);
        }
        done.await(5, TimeUnit.MINUTES);
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static void sendNext(StreamingChatModel m, String image, AtomicInteger next, int n, CountDownLatch done) {
        if (next.getAndIncrement() >= n) {
            return;
        }
        m.chat(request(image), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String s) {}

            @Override
            public void onCompleteResponse(ChatResponse r) {
                done.countDown();
                sendNext(m, image, next, n, done);
            }

            @Override
            public void onError(Throwable t) {
                done.countDown();
                sendNext(m, image, next, n, done);
            }
        });
    }

    private static LevelResult level(
            String policy,
            StandInVlmServer server,
            String image,
            double rate,
            double seconds,
            TokenBudgetController controller,
            Integer staticK)
            throws InterruptedException {
        ConcurrentLinkedQueue<Double> ttfts = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> ks = new ConcurrentLinkedQueue<>();
        AtomicInteger shed = new AtomicInteger();
        StreamingChatModel m;
        if (controller != null) {
            m = VisionTokenBudget.builder()
                    .controller(controller)
                    .ttftTargetMs(TARGET_MS)
                    .onTtft((BudgetDecision d, Duration t) -> {
                        ttfts.add(t.toNanos() / 1e6);
                        ks.add(d.tokensPerImage().getFirst());
                    })
                    .build()
                    .wrap(model(server, null));
        } else {
            m = model(server, staticK);
        }
        SplittableRandom random = new SplittableRandom(7);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long t = start;
        List<CountDownLatch> pending = Collections.synchronizedList(new ArrayList<>());
        while (true) {
            t += (long) (-Math.log(1 - random.nextDouble()) / rate * 1e9);
            if (t >= end) {
                break;
            }
            long wait = t - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            CountDownLatch done = new CountDownLatch(1);
            pending.add(done);
            long sent = System.nanoTime();
            m.chat(request(image), new StreamingChatResponseHandler() {
                private boolean first = true;

                @Override
                public void onPartialResponse(String s) {
                    if (first && staticK != null) {
                        ttfts.add((System.nanoTime() - sent) / 1e6);
                        ks.add(staticK);
                    }
                    first = false;
                }

                @Override
                public void onCompleteResponse(ChatResponse r) {
                    done.countDown();
                }

                @Override
                public void onError(Throwable e) {
                    shed.incrementAndGet();
                    done.countDown();
                }
            });
        }
        for (CountDownLatch l : new ArrayList<>(pending)) {
            l.await(2, TimeUnit.MINUTES);
        }
        List<Double> sorted = new ArrayList<>(ttfts);
        sorted.sort(null);
        int met = (int) sorted.stream().filter(x -> x <= TARGET_MS).count();
        double p90 = sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.ceil(0.9 * sorted.size()) - 1);
        double meanK = ks.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
        return new LevelResult(policy, rate, sorted.size(), shed.get(), met, p90, meanK);
    }

    private static String png() throws IOException {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
