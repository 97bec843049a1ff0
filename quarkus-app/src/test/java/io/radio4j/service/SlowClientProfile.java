package io.radio4j.service;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Few worker threads and permits, a short body-rate window: slow clients outnumber the threads. */
public class SlowClientProfile implements QuarkusTestProfile {

    static final int WORKER_THREADS = 8;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.thread-pool.max-threads", Integer.toString(WORKER_THREADS),
                "radio4j.limits.max-concurrent-requests", "2",
                "radio4j.limits.max-concurrent-other-requests", "2",
                "radio4j.limits.max-queued-requests", "2",
                "radio4j.limits.queue-wait", "200ms",
                "radio4j.limits.body-rate-window", "1s",
                "radio4j.limits.min-body-bytes", "512");
    }
}
