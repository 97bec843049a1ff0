package io.radio4j.core.backend.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestQueueTest {

    @Test
    void should_run_queued_tasks_by_priority_then_in_arrival_order() throws Exception {
        ThreadPoolExecutor pool = RequestQueue.create(1, "test-queue");
        try {
            CountDownLatch gate = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            List<String> ran = Collections.synchronizedList(new ArrayList<>());
            pool.execute(RequestQueue.task(0, () -> {
                started.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            // The only thread is busy: everything below waits in the queue.
            pool.execute(RequestQueue.task(2, () -> ran.add("low-a")));
            pool.execute(RequestQueue.task(2, () -> ran.add("low-b")));
            pool.execute(RequestQueue.task(1, () -> ran.add("high-a")));
            pool.execute(RequestQueue.task(2, () -> ran.add("low-c")));
            pool.execute(RequestQueue.task(1, () -> ran.add("high-b")));
            gate.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).containsExactly("high-a", "high-b", "low-a", "low-b", "low-c");
        } finally {
            pool.shutdownNow();
        }
    }
}
