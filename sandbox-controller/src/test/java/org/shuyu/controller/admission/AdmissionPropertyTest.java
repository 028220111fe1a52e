package org.shuyu.controller.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.error.SandboxException;

/**
 * Property-style: random sequences of requests, releases, cancels and quota changes over five operators, checking
 * after every step that the capacity and every quota hold, that one operator's requests are admitted in their
 * order, that a request is only ever overtaken by another operator's while its own operator is at quota, and at the
 * end that releasing everything empties the queue (nobody starves).
 */
@Tag("R-09a")
class AdmissionPropertyTest {
    private static final int SEQUENCES = 300;
    private static final int STEPS = 200;
    private static final String[] OPERATORS = {"org-a", "org-b", "org-c", "org-d", "org-e"};

    /** A request as the test made it: its order number and whether it is still waiting. */
    private record Made(long order, String requestId, String organizationId) {}

    @Test
    void randomSequencesKeepEveryInvariant() {
        for (int seed = 1; seed <= SEQUENCES; seed++) {
            run(seed);
        }
    }

    private static void run(long seed) {
        Random random = new Random(seed);
        int cores = 2 + random.nextInt(15);
        int memory = 2048 + random.nextInt(30_000);
        InMemoryAdmissionStore store = new InMemoryAdmissionStore(cores, memory);
        Admission admission = Admissions.admission(store, Admissions.properties(cores, memory, Math.max(1, cores / 2),
                Math.max(1024, memory / 2), 1 + random.nextInt(4)));
        Map<String, Made> made = new HashMap<>();
        Map<String, Long> admittedOrder = new HashMap<>();
        long order = 0;
        for (int step = 0; step < STEPS; step++) {
            Admission.Usage before = admission.usage();
            List<String> heldBefore = before.tickets().stream().map(Ticket::id).toList();
            int op = random.nextInt(10);
            String context = "seed " + seed + " step " + step;
            if (op < 5) {
                String org = OPERATORS[random.nextInt(OPERATORS.length)];
                int c = 1 + random.nextInt(Math.max(1, cores / 2));
                int m = 256 + random.nextInt(Math.max(1, memory / 3));
                try {
                    Admission.Decision d = admission.request(org, "ws-" + seed + "-" + step, c, m);
                    String id = d instanceof Admission.Admitted a ? a.ticket().requestId() : ((Admission.Queued) d).requestId();
                    made.put(id, new Made(order++, id, org));
                } catch (SandboxException e) {
                    // Too large for the capacity or the operator's quota: refused, nothing held or queued.
                }
            } else if (op < 8 && !before.tickets().isEmpty()) {
                admission.release(before.tickets().get(random.nextInt(before.tickets().size())).id());
            } else if (op < 9 && !before.queue().isEmpty()) {
                admission.cancel(before.queue().get(random.nextInt(before.queue().size())).requestId());
            } else {
                String org = OPERATORS[random.nextInt(OPERATORS.length)];
                admission.putQuota(Admissions.quota(org, random.nextInt(cores + 1), random.nextInt(memory + 1), random.nextInt(4)));
            }
            check(admission, store, made, heldBefore, admittedOrder, context);
        }
        // Liveness: release everything again and again; every waiting request that can fit its quota gets in.
        for (int round = 0; round < 10_000 && !admission.usage().queue().isEmpty(); round++) {
            Admission.Usage now = admission.usage();
            if (now.tickets().isEmpty()) {
                break;
            }
            admission.release(now.tickets().get(0).id());
        }
        assertThat(admission.usage().queue()).as("seed %d: queue after releasing everything", seed).isEmpty();
        assertThat(store.overCapacity.get()).as("seed %d: over capacity at some instant", seed).isZero();
    }

    private static void check(Admission admission, InMemoryAdmissionStore store, Map<String, Made> made, List<String> heldBefore,
            Map<String, Long> admittedOrder, String context) {
        Admission.Usage usage = admission.usage();
        assertThat(usage.usedCores()).as(context + ": cores").isLessThanOrEqualTo(usage.capacity().cores());
        assertThat(usage.usedMemoryMb()).as(context + ": memory").isLessThanOrEqualTo(usage.capacity().memoryMb());
        assertThat(store.tickets()).as(context + ": stored = held").containsExactlyInAnyOrderElementsOf(usage.tickets());
        List<Ticket> fresh = usage.tickets().stream().filter(t -> !heldBefore.contains(t.id())).toList();
        Map<String, AdmissionLedger.Held> held = new HashMap<>();
        for (Ticket t : usage.tickets()) {
            held.merge(t.organizationId(), new AdmissionLedger.Held(t.cores(), t.memoryMb(), 1),
                    (a, b) -> new AdmissionLedger.Held(a.cores() + b.cores(), a.memoryMb() + b.memoryMb(), a.engines() + b.engines()));
        }
        for (Ticket t : fresh) {
            Made m = made.get(t.requestId());
            admittedOrder.put(t.requestId(), m == null ? Long.MAX_VALUE : m.order());
            // Never over quota: what its operator holds now (after this step's admissions) fits the quota.
            ComputeQuota quota = admission.quota(t.organizationId());
            AdmissionLedger.Held h = held.get(t.organizationId());
            assertThat(h.cores() <= quota.maxCores() && h.memoryMb() <= quota.maxMemoryMb() && h.engines() <= quota.maxEngines())
                    .as(context + ": quota of " + t.organizationId() + " " + quota + " held " + h).isTrue();
        }
        for (Ticket t : fresh) {
            long admittedAt = made.containsKey(t.requestId()) ? made.get(t.requestId()).order() : Long.MAX_VALUE;
            for (Admission.QueueEntry waiting : usage.queue()) {
                Made w = made.get(waiting.requestId());
                if (w == null || w.order() >= admittedAt) {
                    continue;
                }
                // An earlier request still waits while a later one got in.
                assertThat(w.organizationId()).as(context + ": FIFO within an operator").isNotEqualTo(t.organizationId());
                // Overtaken by another operator only while its own operator has a request at or before it that
                // cannot fit the quota now (the operator is skipped, not starved by the other).
                boolean operatorAtQuota = usage.queue().stream()
                        .filter(q -> q.organizationId().equals(w.organizationId()) && q.position() <= waiting.position())
                        .anyMatch(Admission.QueueEntry::atQuota);
                assertThat(operatorAtQuota).as(context + ": " + waiting + " overtaken by " + t).isTrue();
            }
        }
    }
}
