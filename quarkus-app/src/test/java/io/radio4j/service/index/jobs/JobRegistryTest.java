package io.radio4j.service.index.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.service.ApiProblemException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobRegistryTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();

    private IndexJob job(String id) {
        return new IndexJob(id, null, List.of("a.png"), clock);
    }

    private static void finish(IndexJob job) {
        job.start();
        job.update(job.item(0).indexed("img-" + job.id()));
        job.finish(null, JobFailure.of(503, "stopped"));
    }

    @Test
    void should_refuse_a_job_with_429_when_every_held_job_is_unfinished() {
        JobRegistry registry = new JobRegistry(2, Duration.ofMinutes(10), clock);
        registry.add(job("a"));
        registry.add(job("b"));
        assertThatThrownBy(() -> registry.add(job("c"))).isInstanceOfSatisfying(ApiProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.detail()).contains("radio4j.index.jobs.max-jobs");
        });
        assertThat(registry.find("a")).isPresent();
    }

    @Test
    void should_make_room_by_forgetting_the_oldest_finished_job() {
        JobRegistry registry = new JobRegistry(2, Duration.ofMinutes(10), clock);
        IndexJob a = job("a");
        IndexJob b = job("b");
        registry.add(a);
        registry.add(b);
        finish(b);
        clock.advance(Duration.ofSeconds(1));
        finish(a);
        registry.add(job("c"));
        assertThat(registry.find("b")).isEmpty();
        assertThat(registry.find("a")).isPresent();
        assertThat(registry.find("c")).isPresent();
    }

    @Test
    void should_forget_a_finished_job_after_the_retention_and_keep_running_ones() {
        JobRegistry registry = new JobRegistry(4, Duration.ofMinutes(10), clock);
        IndexJob done = job("done");
        registry.add(done);
        registry.add(job("running"));
        finish(done);
        clock.advance(Duration.ofMinutes(9));
        assertThat(registry.find("done")).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(registry.find("done")).isEmpty();
        clock.advance(Duration.ofDays(1));
        assertThat(registry.find("running")).isPresent();
        assertThat(registry.size()).isEqualTo(1);
    }

    @Test
    void should_hand_a_subscriber_the_snapshot_then_every_later_change_exactly_once() {
        IndexJob job = new IndexJob("j", null, List.of("a.png", "b.png"), clock);
        job.start();
        job.update(job.item(0).embedding());
        List<String> seen = new java.util.ArrayList<>();
        List<JobView> snapshots = new java.util.ArrayList<>();
        JobListener listener = new JobListener() {
            @Override
            public void listed(JobView view) {
                seen.add("listed:" + view.total());
            }

            @Override
            public void item(JobItem item) {
                seen.add(item.index() + ":" + item.state());
            }

            @Override
            public void finished(JobView view) {
                seen.add("done:" + view.indexed() + "/" + view.failed());
            }
        };
        assertThat(job.subscribe(listener, snapshots::add)).isTrue();
        job.update(job.item(0).indexed("x"));
        job.update(job.item(0).failed(JobFailure.of(500, "late"))); // an outcome is final
        job.finish(null, JobFailure.of(503, "stopped"));
        assertThat(snapshots)
                .singleElement()
                .satisfies(v -> assertThat(v.items().getFirst().state()).isEqualTo(ItemState.EMBEDDING));
        assertThat(seen).containsExactly("0:INDEXED", "1:FAILED", "done:1/1");
        assertThat(job.view().items().get(1).failure().status()).isEqualTo(503);

        List<JobView> late = new java.util.ArrayList<>();
        assertThat(job.subscribe(listener, late::add)).isFalse();
        assertThat(late).singleElement().satisfies(v -> assertThat(v.state()).isEqualTo(JobState.DONE));
    }

    @Test
    void should_tell_a_subscriber_a_folder_jobs_files_before_any_of_their_changes() {
        IndexJob job = new IndexJob("f", "/srv/photos", List.of(), clock);
        job.start();
        List<String> seen = new java.util.ArrayList<>();
        List<JobView> snapshots = new java.util.ArrayList<>();
        JobListener listener = new JobListener() {
            @Override
            public void listed(JobView view) {
                seen.add("listed:" + view.total() + ":"
                        + view.items().stream().map(i -> i.state().name()).toList());
            }

            @Override
            public void item(JobItem item) {
                seen.add(item.index() + ":" + item.state());
            }

            @Override
            public void finished(JobView view) {
                seen.add("done:" + view.total() + ":" + view.indexed() + "/" + view.failed());
            }
        };
        assertThat(job.subscribe(listener, snapshots::add)).isTrue();
        assertThat(snapshots)
                .singleElement()
                .satisfies(v -> assertThat(v.total()).isZero());

        job.list(List.of("a.png", "b.png", "c.png"));
        assertThat(job.view().total()).isEqualTo(3);
        assertThat(job.view().indexed()).isZero();
        job.update(job.item(0).embedding());
        job.update(job.item(1).embedding());
        job.update(job.item(0).indexed("a"));
        job.update(job.item(1).failed(JobFailure.of(415, "UNSUPPORTED_FORMAT")));
        job.finish(null, JobFailure.of(503, "stopped"));

        assertThat(seen)
                .containsExactly(
                        "listed:3:[QUEUED, QUEUED, QUEUED]",
                        "0:EMBEDDING",
                        "1:EMBEDDING",
                        "0:INDEXED",
                        "1:FAILED",
                        "2:FAILED",
                        "done:3:1/2");
        assertThatThrownBy(() -> new IndexJob("g", "/srv", List.of("x.png"), clock).list(List.of("y.png")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void should_refuse_a_registry_without_room() {
        assertThatThrownBy(() -> new JobRegistry(0, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-jobs");
    }
}
