package org.shuyu.controller.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditRecord;
import org.shuyu.controller.audit.AuditVerification;
import org.shuyu.controller.support.AuditDatabase;

/** Refusals share durable commits, stay in one gapless chain, and a bad item does not sink its batch. */
@Tag("R-24d")
class GroupCommitTest {

    @Test
    void queuedItemsShareOneCommitInQueueOrder() throws Exception {
        List<List<Integer>> commits = new ArrayList<>();
        try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test-group", 100, 1000, items -> {
            commits.add(List.copyOf(items));
            return items.stream().map(i -> i * 10).toList();
        })) {
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                results.add(group.submit(i));
            }
            group.start();
            for (int i = 0; i < 50; i++) {
                assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i * 10);
            }
            assertThat(commits).hasSize(1);
            assertThat(commits.get(0)).containsExactlyElementsOf(IntStream.range(0, 50).boxed().toList());
        }
    }

    @Test
    void failingItemIsRetriedAloneAndTheOthersCommit() throws Exception {
        try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test-group", 100, 1000, items -> {
            if (items.contains(3)) {
                throw new IllegalStateException("item 3 is bad");
            }
            return items;
        })) {
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(group.submit(i));
            }
            group.start();
            assertThat(results.get(3)).failsWithin(10, TimeUnit.SECONDS);
            for (int i : List.of(0, 1, 2, 4, 5)) {
                assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
            }
        }
    }

    @Test
    void closedGroupRefusesNewItems() {
        GroupCommit<Integer, Integer> group = new GroupCommit<>("test-group", 10, 10, items -> items);
        group.start();
        group.close();
        assertThat(group.submit(1)).isCompletedExceptionally();
    }

    @Test
    void concurrentRefusalsFormOneGaplessIntactChain() throws Exception {
        try (AuditDatabase db = new AuditDatabase("groupcommit")) {
            JdbcAuditLog log = db.log();
            int threads = 16;
            int each = 50;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<List<AuditRecord>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<AuditRecord> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(log.appendRefusal(new AuditEvent("user" + thread, Set.of(), "POST /api/v1/x", "request",
                                "/api/v1/x", Optional.empty(), AuditEvent.Outcome.REFUSED, Optional.of("FORBIDDEN_ROLE"),
                                "refusal " + i)));
                    }
                    return mine;
                }));
            }
            List<Long> seqs = new ArrayList<>();
            for (Future<List<AuditRecord>> f : futures) {
                f.get(60, TimeUnit.SECONDS).forEach(r -> seqs.add(r.seq()));
            }
            pool.shutdown();
            int total = threads * each;
            assertThat(seqs).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            AuditVerification result = log.verify();
            assertThat(result.intact()).isTrue();
            assertThat(result.records()).isEqualTo(total);
            assertThat(db.jdbc().sql("SELECT count(*) FROM audit_log WHERE outcome = 'REFUSED'").query(Long.class).single())
                    .isEqualTo(total);
        }
    }
}
