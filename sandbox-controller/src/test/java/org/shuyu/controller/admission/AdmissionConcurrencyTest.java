package org.shuyu.controller.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Many threads request, wait, cancel and release at once. The store witnesses every stored ticket: the sum of admitted
 * cores and memory never exceeds the capacity at any instant; at the end nothing is held or waiting.
 */
@Tag("R-09a")
class AdmissionConcurrencyTest {
    @Test
    void manyConcurrentAdmitsAndReleasesNeverOverAdmit() throws Exception {
        int cores = 6;
        int memory = 12_000;
        InMemoryAdmissionStore store = new InMemoryAdmissionStore(cores, memory);
        Admission admission = Admissions.admission(store, Admissions.properties(cores, memory, 4, 8_000, 3));
        int threads = 16;
        int rounds = 150;
        AtomicInteger admittedCount = new AtomicInteger();
        AtomicInteger inUse = new AtomicInteger();
        AtomicInteger overSeen = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                Random random = new Random(thread);
                start.await();
                for (int i = 0; i < rounds; i++) {
                    String org = "org-" + (thread % 4);
                    int c = 1 + random.nextInt(3);
                    Admission.Decision d = admission.request(org, "ws-" + thread + "-" + i, c, 500 + random.nextInt(2000));
                    Optional<Ticket> ticket = d instanceof Admission.Admitted a ? Optional.of(a.ticket())
                            : admission.await(((Admission.Queued) d).requestId(), Duration.ofMillis(random.nextInt(20)));
                    if (ticket.isEmpty()) {
                        admission.cancel(((Admission.Queued) d).requestId());
                        // The cancel may have raced with an admission: then it released the ticket itself.
                        continue;
                    }
                    admittedCount.incrementAndGet();
                    if (inUse.addAndGet(ticket.get().cores()) > cores) {
                        overSeen.incrementAndGet();
                    }
                    Thread.onSpinWait();
                    inUse.addAndGet(-ticket.get().cores());
                    admission.release(ticket.get().id());
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdownNow();

        assertThat(store.overCapacity.get()).isZero();
        assertThat(overSeen.get()).isZero();
        assertThat(store.maxCoresSeen.get()).isLessThanOrEqualTo(cores);
        assertThat(admittedCount.get()).isGreaterThan(threads);
        assertThat(admission.usage().tickets()).isEmpty();
        assertThat(admission.usage().queue()).isEmpty();
        assertThat(store.tickets()).isEmpty();
    }
}
