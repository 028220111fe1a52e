package org.shuyu.controller.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.support.MutableClock;

/** The admission rules one scenario at a time: capacity, quota, the queue and its fairness, waiting, cancelling. */
@Tag("R-09a")
class AdmissionTest {
    private final InMemoryAdmissionStore store = new InMemoryAdmissionStore(8, 32_768);

    /** Capacity 8 cores / 32 GiB; default quota 4 cores / 16 GiB / 4 engines. */
    private Admission admission() {
        return Admissions.admission(store, Admissions.properties(8, 32_768, 4, 16_384, 4));
    }

    private static Ticket admitted(Admission.Decision decision) {
        assertThat(decision).isInstanceOf(Admission.Admitted.class);
        return ((Admission.Admitted) decision).ticket();
    }

    private static Admission.Queued queued(Admission.Decision decision) {
        assertThat(decision).isInstanceOf(Admission.Queued.class);
        return (Admission.Queued) decision;
    }

    @Test
    void admitsWhileCapacityAndQuotaFitAndStoresTheTicket() {
        Admission admission = admission();

        Ticket ticket = admitted(admission.request("org-a", "ws-a1", 2, 4096));

        assertThat(ticket.organizationId()).isEqualTo("org-a");
        assertThat(ticket.incarnation()).isEqualTo(admission.incarnation());
        assertThat(store.tickets()).containsExactly(ticket);
        assertThat(admission.usage().usedCores()).isEqualTo(2);
        admission.release(ticket.id());
        assertThat(store.tickets()).isEmpty();
        assertThat(admission.usage().usedCores()).isZero();
    }

    @Test
    void operatorAtItsQuotaNeverDelaysAnotherOperatorWhileCapacityRemains() {
        Admission admission = admission();
        admitted(admission.request("org-a", "ws-a1", 2, 1024));
        admitted(admission.request("org-a", "ws-a2", 2, 1024));
        // A is at its quota of 4 cores: its next requests wait, but do not block B.
        Admission.Queued a3 = queued(admission.request("org-a", "ws-a3", 2, 1024));
        Admission.Queued a4 = queued(admission.request("org-a", "ws-a4", 1, 1024));

        Ticket b = admitted(admission.request("org-b", "ws-b1", 2, 1024));

        assertThat(b.organizationId()).isEqualTo("org-b");
        assertThat(a3.position()).isEqualTo(1);
        assertThat(a4.position()).isEqualTo(2);
        assertThat(admission.usage().queue()).extracting(Admission.QueueEntry::atQuota).containsExactly(true, true);
    }

    @Test
    void queuedRequestOfBIsAdmittedBeforeLaterRequestsOfA() {
        Admission admission = admission();
        admitted(admission.request("org-a", "ws-a1", 2, 1024));
        Ticket c = admitted(admission.request("org-c", "ws-c1", 4, 1024));
        Ticket x = admitted(admission.request("org-x", "ws-x1", 2, 1024));
        // Capacity full. B asks first, then A twice (A is under its quota: both wait only for capacity).
        Admission.Queued b = queued(admission.request("org-b", "ws-b1", 2, 1024));
        Admission.Queued a2 = queued(admission.request("org-a", "ws-a2", 2, 1024));
        Admission.Queued a3 = queued(admission.request("org-a", "ws-a3", 2, 1024));

        admission.release(x.id());

        assertThat(admission.await(b.requestId(), Duration.ZERO)).isPresent();
        assertThat(admission.await(a2.requestId(), Duration.ZERO)).isEmpty();
        admission.release(c.id());
        assertThat(admission.await(a2.requestId(), Duration.ZERO)).isPresent();
        // A now holds its 4 cores: its third request waits at its quota although 2 cores are free.
        assertThat(admission.await(a3.requestId(), Duration.ZERO)).isEmpty();
        assertThat(admission.usage().usedCores()).isEqualTo(6);
        assertThat(admission.usage().queue()).extracting(Admission.QueueEntry::atQuota).containsExactly(true);
    }

    @Test
    void capacityIsFirstComeFirstServedSoALargeRequestIsNotStarvedBySmallOnes() {
        Admission admission = admission();
        Ticket a = admitted(admission.request("org-a", "ws-a1", 3, 1024));
        Ticket b = admitted(admission.request("org-b", "ws-b1", 4, 1024));
        // 1 core left. C asks for 4 (its quota allows it): it waits for capacity, first in line.
        Admission.Queued big = queued(admission.request("org-c", "ws-c1", 4, 1024));
        // D's 1 core would fit the free core, but must not overtake C's request.
        Admission.Queued small = queued(admission.request("org-d", "ws-d1", 1, 1024));

        admission.release(a.id());

        assertThat(admission.await(big.requestId(), Duration.ZERO)).isPresent();
        assertThat(admission.await(small.requestId(), Duration.ZERO)).isEmpty();
        admission.release(b.id());
        assertThat(admission.await(small.requestId(), Duration.ZERO)).isPresent();
    }

    @Test
    void oneOperatorsRequestsAreAdmittedInTheirOrder() {
        Admission admission = admission();
        Ticket a1 = admitted(admission.request("org-a", "ws-a1", 3, 1024));
        // A holds 3 of its 4 cores: a 2-core request waits; a later 1-core request of A must not overtake it.
        Admission.Queued first = queued(admission.request("org-a", "ws-a2", 2, 1024));
        Admission.Queued second = queued(admission.request("org-a", "ws-a3", 1, 1024));

        assertThat(admission.await(second.requestId(), Duration.ZERO)).isEmpty();
        admission.release(a1.id());

        assertThat(admission.await(first.requestId(), Duration.ZERO)).isPresent();
        assertThat(admission.await(second.requestId(), Duration.ZERO)).isPresent();
    }

    @Test
    void engineCountOfTheQuotaIsEnforced() {
        Admission admission = admission();
        admission.putQuota(Admissions.quota("org-a", 8, 32_768, 1));
        admitted(admission.request("org-a", "ws-a1", 1, 512));

        queued(admission.request("org-a", "ws-a2", 1, 512));
    }

    @Test
    void requestThatCanNeverFitIsRefusedNotQueued() {
        Admission admission = admission();
        assertThatThrownBy(() -> admission.request("org-a", "ws-a1", 9, 1024)).isInstanceOf(SandboxException.class)
                .extracting(e -> ((SandboxException) e).code()).isEqualTo(ErrorCode.ADMISSION_REQUEST_TOO_LARGE);
        // Above A's default quota of 4 cores, though within the capacity.
        assertThatThrownBy(() -> admission.request("org-a", "ws-a1", 5, 1024)).isInstanceOf(SandboxException.class)
                .extracting(e -> ((SandboxException) e).code()).isEqualTo(ErrorCode.ADMISSION_REQUEST_TOO_LARGE);
        admission.putQuota(Admissions.quota("org-z", 8, 32_768, 0));
        assertThatThrownBy(() -> admission.request("org-z", "ws-z1", 1, 1024)).isInstanceOf(SandboxException.class)
                .extracting(e -> ((SandboxException) e).code()).isEqualTo(ErrorCode.ADMISSION_REQUEST_TOO_LARGE);
        assertThatThrownBy(() -> admission.request("org-a", "ws-a1", 0, 1024)).isInstanceOf(SandboxException.class);
        assertThat(admission.usage().queue()).isEmpty();
        assertThat(store.tickets()).isEmpty();
    }

    @Test
    void aWorkspaceWaitsOnceHowEverOftenItAsks() {
        Admission admission = admission();
        admitted(admission.request("org-a", "ws-a1", 4, 1024));
        admitted(admission.request("org-b", "ws-b1", 4, 1024));
        Admission.Queued first = queued(admission.request("org-c", "ws-c1", 1, 1024));

        Admission.Queued again = queued(admission.request("org-c", "ws-c1", 1, 1024));

        assertThat(again).isEqualTo(first);
        assertThat(admission.usage().queue()).hasSize(1);
        assertThat(admission.position("ws-c1")).contains(1);
        assertThat(admission.position("ws-other")).isEmpty();
    }

    @Test
    void awaitWaitsForAReleaseOnAnotherThreadAndListenersAreTold() throws Exception {
        Admission admission = admission();
        List<Ticket> told = new CopyOnWriteArrayList<>();
        admission.addListener(told::add);
        Ticket a = admitted(admission.request("org-a", "ws-a1", 4, 1024));
        admitted(admission.request("org-b", "ws-b1", 4, 1024));
        Admission.Queued c = queued(admission.request("org-c", "ws-c1", 2, 1024));

        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            admission.release(a.id());
        });
        releaser.start();
        Optional<Ticket> ticket = admission.await(c.requestId(), Duration.ofSeconds(10));
        releaser.join();

        assertThat(ticket).isPresent();
        assertThat(ticket.get().workspaceId()).isEqualTo("ws-c1");
        assertThat(told).containsExactly(ticket.get());
        assertThat(admission.position("ws-c1")).isEmpty();
    }

    @Test
    void awaitTimesOutLeavingTheRequestQueued() {
        Admission admission = admission();
        admitted(admission.request("org-a", "ws-a1", 4, 1024));
        admitted(admission.request("org-b", "ws-b1", 4, 1024));
        Admission.Queued c = queued(admission.request("org-c", "ws-c1", 2, 1024));

        assertThat(admission.await(c.requestId(), Duration.ofMillis(50))).isEmpty();
        assertThat(admission.position("ws-c1")).contains(1);
    }

    @Test
    void cancelledRequestLeavesTheQueueItsWaiterIsRefusedAndTheNextIsAdmitted() {
        Admission admission = admission();
        List<String> dropped = new CopyOnWriteArrayList<>();
        admission.addListener(new AdmissionListener() {
            @Override
            public void admitted(Ticket ticket) {}

            @Override
            public void dropped(String requestId, String workspaceId, String code) {
                dropped.add(workspaceId + ":" + code);
            }
        });
        admitted(admission.request("org-a", "ws-a1", 4, 1024));
        admitted(admission.request("org-b", "ws-b1", 3, 1024));
        Admission.Queued big = queued(admission.request("org-c", "ws-c1", 4, 1024));
        Admission.Queued small = queued(admission.request("org-d", "ws-d1", 1, 1024));

        admission.cancel(big.requestId());

        assertThatThrownBy(() -> admission.await(big.requestId(), Duration.ZERO)).isInstanceOf(SandboxException.class)
                .extracting(e -> ((SandboxException) e).code()).isEqualTo(ErrorCode.ADMISSION_REQUEST_DROPPED);
        assertThat(admission.await(small.requestId(), Duration.ZERO)).isPresent();
        assertThat(dropped).containsExactly("ws-c1:ADMISSION_REQUEST_DROPPED");
        assertThatThrownBy(() -> admission.await("adm-never", Duration.ZERO)).isInstanceOf(SandboxException.class)
                .extracting(e -> ((SandboxException) e).code()).isEqualTo(ErrorCode.ADMISSION_REQUEST_UNKNOWN);
    }

    @Test
    void aWaiterBlockedInAwaitLearnsOfTheCancel() throws Exception {
        Admission admission = admission();
        admitted(admission.request("org-a", "ws-a1", 4, 1024));
        admitted(admission.request("org-b", "ws-b1", 4, 1024));
        Admission.Queued c = queued(admission.request("org-c", "ws-c1", 2, 1024));
        Thread canceller = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            admission.cancel(c.requestId());
        });
        canceller.start();

        assertThatThrownBy(() -> admission.await(c.requestId(), Duration.ofSeconds(10))).isInstanceOf(SandboxException.class)
                .extracting(e -> ((SandboxException) e).code()).isEqualTo(ErrorCode.ADMISSION_REQUEST_DROPPED);
        canceller.join();
    }

    @Test
    void raisingAQuotaAdmitsWaitingRequestsLoweringItDropsThoseThatCanNeverFit() {
        Admission admission = admission();
        admitted(admission.request("org-a", "ws-a1", 4, 1024));
        Admission.Queued a2 = queued(admission.request("org-a", "ws-a2", 2, 1024));
        Admission.Queued a3 = queued(admission.request("org-a", "ws-a3", 1, 1024));

        admission.putQuota(Admissions.quota("org-a", 6, 32_768, 4));
        assertThat(admission.await(a2.requestId(), Duration.ZERO)).isPresent();
        assertThat(admission.await(a3.requestId(), Duration.ZERO)).isEmpty();

        Admission.Queued a4 = queued(admission.request("org-a", "ws-a4", 2, 1024));
        admission.putQuota(Admissions.quota("org-a", 1, 32_768, 4));

        // Held tickets stay; the 2-core request can never fit 1 core and is dropped; the 1-core one keeps waiting.
        assertThat(admission.usage().usedCores()).isEqualTo(6);
        assertThatThrownBy(() -> admission.await(a4.requestId(), Duration.ZERO)).isInstanceOf(SandboxException.class)
                .extracting(e -> ((SandboxException) e).code()).isEqualTo(ErrorCode.ADMISSION_REQUEST_TOO_LARGE);
        assertThat(admission.position("ws-a3")).contains(1);
    }

    @Test
    void cancelOfAnAdmittedRequestReleasesItsTicket() {
        Admission admission = admission();
        Ticket a = admitted(admission.request("org-a", "ws-a1", 4, 1024));

        admission.cancel(a.requestId());

        assertThat(store.tickets()).isEmpty();
        admission.release(a.id());
        assertThat(admission.usage().usedCores()).isZero();
    }

    @Test
    void usageShowsEachOperatorWithItsQuotaAndTheQueueInOrder() {
        Admission admission = admission();
        admission.putQuota(Admissions.quota("org-b", 2, 2048, 1));
        admitted(admission.request("org-a", "ws-a1", 4, 1024));
        admitted(admission.request("org-b", "ws-b1", 2, 1024));
        queued(admission.request("org-b", "ws-b2", 1, 512));
        queued(admission.request("org-c", "ws-c1", 4, 1024));

        Admission.Usage usage = admission.usage();

        assertThat(usage.capacity()).isEqualTo(new Capacity(8, 32_768));
        assertThat(usage.usedCores()).isEqualTo(6);
        assertThat(usage.operators()).extracting(Admission.OperatorUsage::organizationId).containsExactly("org-a", "org-b", "org-c");
        assertThat(usage.operators().get(1).quota().isDefault()).isFalse();
        assertThat(usage.operators().get(2).quota().isDefault()).isTrue();
        assertThat(usage.queue()).extracting(Admission.QueueEntry::workspaceId).containsExactly("ws-b2", "ws-c1");
        assertThat(usage.queue()).extracting(Admission.QueueEntry::atQuota).containsExactly(true, false);
    }

    @Test
    void askingAgainForAWorkspaceReturnsTheTicketItGotWhileWaiting() {
        Admission admission = admission();
        Ticket a = admitted(admission.request("org-a", "ws-a1", 4, 1024));
        admitted(admission.request("org-b", "ws-b1", 4, 1024));
        queued(admission.request("org-c", "ws-c1", 2, 1024));
        admission.release(a.id());

        Ticket got = admitted(admission.request("org-c", "ws-c1", 2, 1024));

        assertThat(got.workspaceId()).isEqualTo("ws-c1");
        assertThat(admission.usage().tickets()).filteredOn(t -> t.workspaceId().equals("ws-c1")).containsExactly(got);
        assertThat(admission.usage().usedCores()).isEqualTo(6);
    }

    @Test
    void aTicketAdmittedWhileWaitingThatNobodyClaimsIsReleasedAfterTheClaimTimeout() {
        MutableClock clock = new MutableClock();
        Admission admission = Admissions.admission(store, Admissions.properties(8, 32_768, 4, 16_384, 4), clock);
        Ticket a = admitted(admission.request("org-a", "ws-a1", 4, 1024));
        Ticket b = admitted(admission.request("org-b", "ws-b1", 4, 1024));
        Admission.Queued c = queued(admission.request("org-c", "ws-c1", 2, 1024));
        Admission.Queued d = queued(admission.request("org-d", "ws-d1", 2, 1024));
        admission.release(a.id());
        // C and D got in while waiting; D's asker takes its ticket, C's has gone away.
        assertThat(admission.await(d.requestId(), Duration.ZERO)).isPresent();
        clock.advance(Duration.ofMinutes(6));

        Ticket e = admitted(admission.request("org-e", "ws-e1", 2, 1024));

        assertThat(store.tickets()).extracting(Ticket::workspaceId).containsExactlyInAnyOrder("ws-b1", "ws-d1", "ws-e1");
        assertThatThrownBy(() -> admission.await(c.requestId(), Duration.ZERO)).isInstanceOf(SandboxException.class)
                .extracting(x -> ((SandboxException) x).code()).isEqualTo(ErrorCode.ADMISSION_REQUEST_DROPPED);
        assertThat(e.organizationId()).isEqualTo("org-e");
        assertThat(b.organizationId()).isEqualTo("org-b");
    }

    @Test
    void defaultCapacityIsTheMachinesWithAMemoryFloor() {
        Capacity machine = Capacity.ofMachine();
        assertThat(machine.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(machine.memoryMb()).isGreaterThanOrEqualTo(Capacity.MIN_DEFAULT_MEMORY_MB);
        assertThat(Capacity.defaultMemoryMb(0)).isEqualTo(1024);
        assertThat(Capacity.defaultMemoryMb(8L * 1024 * 1024 * 1024)).isEqualTo(6144);
        assertThat(Capacity.defaultMemoryMb(1L * 1024 * 1024 * 1024)).isEqualTo(1024);
    }
}
