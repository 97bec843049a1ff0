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
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * The calibration sweep for the token-budget controller: sends chat requests with {@code images}
 * images at {@code k} tokens per image ({@code mm_processor_kwargs.num_tokens}) to an
 * OpenAI-compatible VLM server, from {@code concurrency} closed-loop clients (each sends its next
 * request when the previous one's first token arrives; {@code max_tokens = 1}), for every combination,
 * and writes one CSV row per request ({@code images,tokens_per_image,text_tokens,concurrency,ttft_ms}),
 * the input of the tokenbudget module's {@code CalibrateCommand --sweep}. TTFT is measured on the
 * wall clock, from sending to the first streamed token.
 *
 * <pre>
 * VlmSweepMain --base-url http://host:8000/v1 --model NAME --out sweep.csv
 *              [--images 1,2,8] [--k 1,64,256] [--concurrency 1,8] [--requests 20] [--text-tokens 128]
 *              [--api-key KEY]
 * VlmSweepMain --stand-in --out sweep.csv ...   (against a local StandInVlmServer, for a try-out)
 * </pre>
 */
public final class VlmSweepMain {

    private VlmSweepMain() {}

    public static void main(String[] args) throws Exception {
        String baseUrl = null;
        String model = "vlm";
        String apiKey = "none";
        Path out = null;
        List<Integer> images = List.of(1, 2, 8);
        List<Integer> ks = List.of(1, 64, 256);
        List<Integer> concurrency = List.of(1, 8);
        int requests = 20;
        int textTokens = 128;
        boolean standIn = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--stand-in" -> standIn = true;
                case "--base-url" -> baseUrl = args[++i];
                case "--model" -> model = args[++i];
                case "--api-key" -> apiKey = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                case "--images" -> images = ints(args[++i]);
                case "--k" -> ks = ints(args[++i]);
                case "--concurrency" -> concurrency = ints(args[++i]);
                case "--requests" -> requests = Integer.parseInt(args[++i]);
                case "--text-tokens" -> textTokens = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (out == null || (baseUrl == null && !standIn)) {
            throw new IllegalArgumentException("usage: --out FILE and either --base-url URL or --stand-in");
        }
        StandInVlmServer server = standIn ? new StandInVlmServer(2048, 8_000, 100_000, 60) : null;
        try {
            String url = standIn ? server.baseUrl() : baseUrl;
            String image = png();
            StringBuilder csv = new StringBuilder("images,tokens_per_image,text_tokens,concurrency,ttft_ms\n");
            for (int n : images) {
                for (int k : ks) {
                    for (int c : concurrency) {
                        StreamingChatModel m = OpenAiStreamingChatModel.builder()
                                .baseUrl(url)
                                .apiKey(apiKey)
                                .modelName(model)
                                .maxTokens(1)
                                .timeout(Duration.ofSeconds(300))
                                .customParameters(Map.of("mm_processor_kwargs", Map.of("num_tokens", k)))
                                .build();
                        for (double ttft : point(m, request(image, n, textTokens), c, requests)) {
                            csv.append(String.format(Locale.ROOT, "%d,%d,%d,%d,%.3f%n", n, k, textTokens, c, ttft));
                        }
                        System.out.printf(Locale.ROOT, "images=%d k=%d concurrency=%d done%n", n, k, c);
                    }
                }
            }
            Files.writeString(out, csv);
            System.out.println("wrote " + out);
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private static List<Integer> ints(String s) {
        List<Integer> out = new ArrayList<>();
        for (String p : s.split(",")) {
            out.add(Integer.parseInt(p.trim()));
        }
        return out;
    }

    private static ChatRequest request(String image, int images, int textTokens) {
        List<Content> parts = new ArrayList<>();
        parts.add(TextContent.from("x".repeat(Math.max(1, textTokens * 4 - 1))));
        for (int i = 0; i < images; i++) {
            parts.add(ImageContent.from(image, "image/png"));
        }
        return ChatRequest.builder().messages(UserMessage.from(parts)).build();
    }

    /** {@code total} requests from {@code clients} closed-loop clients; their TTFTs in ms. */
    private static List<Double> point(StreamingChatModel m, ChatRequest request, int clients, int total)
            throws InterruptedException {
        ConcurrentLinkedQueue<Double> ttfts = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(total);
        for (int c = 0; c < Math.min(clients, total); c++) {
            send(m, request, next, total, done, ttfts);
        }
        if (!done.await(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("sweep point did not finish in 30 minutes");
        }
        return new ArrayList<>(ttfts);
    }

    private static void send(
            StreamingChatModel m,
            ChatRequest request,
            AtomicInteger next,
            int total,
            CountDownLatch done,
            ConcurrentLinkedQueue<Double> ttfts) {
        if (next.getAndIncrement() >= total) {
            return;
        }
        long sent = System.nanoTime();
        m.chat(request, new StreamingChatResponseHandler() {
            private boolean first = true;

            @Override
            public void onPartialResponse(String s) {
                if (first) {
                    first = false;
                    ttfts.add((System.nanoTime() - sent) / 1e6);
                    // Closed loop at the first token: the next request goes out now.
                    send(m, request, next, total, done, ttfts);
                }
            }

            @Override
            public void onCompleteResponse(ChatResponse r) {
                if (first) {
                    first = false;
                    ttfts.add((System.nanoTime() - sent) / 1e6);
                    send(m, request, next, total, done, ttfts);
                }
                done.countDown();
            }

            @Override
            public void onError(Throwable t) {
                System.err.println("request failed: " + t);
                done.countDown();
                send(m, request, next, total, done, ttfts);
            }
        });
    }

    private static String png() throws IOException {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
