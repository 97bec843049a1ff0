package io.radio4j.benchmarks.tokenbudget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in VLM on loopback that speaks the OpenAI streaming chat protocol: a request's prompt is
 * {@code images × num_tokens + text} tokens ({@code num_tokens} read from {@code mm_processor_kwargs},
 * text at 4 characters a token); one engine thread prefills waiting prompts in batched steps of at most
 * {@code stepTokens} tokens, doing real CPU work in proportion to each step's tokens and images; a
 * request's first token is streamed {@code pipelinedMs} after its prompt is done (network and
 * detokenising: no engine time). So TTFT on this server is wall-clock time under real contention.
 */
public final class StandInVlmServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Job(int images, int tokens, CompletableFuture<Void> prefilled) {}

    private final HttpServer http;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final LinkedBlockingQueue<Job> waiting = new LinkedBlockingQueue<>();
    private final Thread engine;
    private final int stepTokens;
    private final int workPerToken;
    private final int workPerImage;
    private final long pipelinedNanos;
    private volatile boolean running = true;
    private volatile double sink;

    /**
     * @param workPerToken multiply-adds per prompt token
     * @param workPerImage multiply-adds per image (the vision encoder)
     */
    public StandInVlmServer(int stepTokens, int workPerToken, int workPerImage, double pipelinedMs) throws IOException {
        this.stepTokens = stepTokens;
        this.workPerToken = workPerToken;
        this.workPerImage = workPerImage;
        this.pipelinedNanos = (long) (pipelinedMs * 1e6);
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        http.createContext("/v1/chat/completions", this::handle);
        http.setExecutor(handlers);
        engine = Thread.ofPlatform().name("stand-in-engine").daemon().start(this::engineLoop);
        http.start();
    }

    /** The OpenAI base URL, e.g. {@code http://127.0.0.1:port/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/v1";
    }

    /** Burns {@code units} multiply-adds of CPU. */
    double burn(long units) {
        double a = 1.0000001;
        double x = 1;
        for (long i = 0; i < units; i++) {
            x = x * a + 1e-9;
        }
        return x;
    }

    private void engineLoop() {
        List<Job> step = new ArrayList<>();
        List<int[]> remaining = new ArrayList<>();
        while (running) {
            try {
                Job first = remaining.isEmpty() ? waiting.poll(50, TimeUnit.MILLISECONDS) : null;
                if (first != null) {
                    step.add(first);
                    remaining.add(new int[] {first.tokens, 1});
                }
                waiting.drainTo(step);
                while (remaining.size() < step.size()) {
                    Job j = step.get(remaining.size());
                    remaining.add(new int[] {j.tokens, 1});
                }
                if (step.isEmpty()) {
                    continue;
                }
                // One step: prompts in arrival order, until the token budget is spent.
                int budget = stepTokens;
                long work = 0;
                List<Job> done = new ArrayList<>();
                for (int i = 0; i < step.size() && budget > 0; i++) {
                    int[] r = remaining.get(i);
                    if (r[1] == 1) {
                        work += (long) step.get(i).images * workPerImage;
                        r[1] = 0;
                    }
                    int chunk = Math.min(budget, r[0]);
                    r[0] -= chunk;
                    budget -= chunk;
                    work += (long) chunk * workPerToken;
                    if (r[0] == 0) {
                        done.add(step.get(i));
                    }
                }
                sink += burn(work);
                for (Job j : done) {
                    int i = step.indexOf(j);
                    step.remove(i);
                    remaining.remove(i);
                    j.prefilled.complete(null);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            int images = 0;
            int textChars = 0;
            for (JsonNode m : body.path("messages")) {
                JsonNode content = m.path("content");
                if (content.isTextual()) {
                    textChars += content.asText().length();
                }
                for (JsonNode part : content) {
                    if ("image_url".equals(part.path("type").asText())) {
                        images++;
                    } else {
                        textChars += part.path("text").asText().length();
                    }
                }
            }
            JsonNode k = body.path("mm_processor_kwargs").path("num_tokens");
            int visual = 0;
            if (k.isArray()) {
                for (JsonNode v : k) {
                    visual += v.asInt();
                }
            } else {
                visual = images * (k.isMissingNode() ? 256 : k.asInt());
            }
            Job job = new Job(images, Math.max(1, visual + textChars / 4), new CompletableFuture<>());
            waiting.add(job);
            job.prefilled.join();
            long until = System.nanoTime() + pipelinedNanos;
            while (System.nanoTime() < until) {
                Thread.sleep(Math.max(1, (until - System.nanoTime()) / 1_000_000));
            }
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (String chunk : List.of(
                    "{\"id\":\"s\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"stand-in\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":null}]}",
                    "{\"id\":\"s\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"stand-in\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
                    "[DONE]")) {
                out.write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        http.stop(0);
        engine.interrupt();
        handlers.shutdownNow();
    }
}
