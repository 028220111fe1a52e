package org.shuyu.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.audit.AuditPage;
import org.shuyu.controller.audit.AuditQuery;
import org.shuyu.controller.audit.AuditRecord;
import org.shuyu.controller.audit.AuditVerification;
import org.shuyu.controller.config.EngineProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.WorkspaceAccessChanged;
import org.shuyu.controller.job.ControllerIncarnation;
import org.shuyu.runtime.contract.EngineHealth;
import org.shuyu.runtime.contract.EngineSession;
import org.shuyu.runtime.contract.EngineStatement;
import org.shuyu.runtime.contract.EngineStatementState;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.runtime.contract.StatementOutcome;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The engines' life cycle with a recording launcher and control API: start on first use, one engine for concurrent
 * acquires, admission, the credential valid only while the engine runs, idle eviction (millisecond timeouts), stop
 * when access closes, start failures, and leftovers of an earlier controller incarnation.
 */
class WorkspaceEnginesTest {
    private final FakeLauncher launcher = new FakeLauncher();
    private final FakeControl control = new FakeControl();
    private final MemoryStore store = new MemoryStore();
    private final RecordingAudit audit = new RecordingAudit();
    private final Set<String> closed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger admitted = new AtomicInteger();
    private volatile int queuePosition;
    private final AtomicInteger ids = new AtomicInteger();
    private final ControllerIncarnation incarnation = new ControllerIncarnation(prefix -> prefix + "-now");
    private final List<WorkspaceEngines> created = new ArrayList<>();

    private final EngineAdmission admission = new EngineAdmission() {
        @Override
        public Decision admit(String organizationId, String workspaceId, int cores, int memoryMb) {
            if (queuePosition > 0) {
                return new Queued(queuePosition);
            }
            admitted.incrementAndGet();
            return new Admitted("ticket-" + workspaceId);
        }

        @Override
        public void release(String ticketId) {
            admitted.decrementAndGet();
        }
    };

    private final EngineWorkspaces workspaces = new EngineWorkspaces() {
        @Override
        public Target target(String workspaceId) {
            if (closed.contains(workspaceId)) {
                throw new SandboxException(ErrorCode.GRANT_NOT_ACTIVE, "closed");
            }
            Path root = Path.of("/tmp/ws", workspaceId);
            return new Target(workspaceId, "org-1", "shuyu_" + workspaceId, "ws_x", root, root.resolve("w"),
                    root.resolve("f"), root.resolve("engines"), List.of(), "salt");
        }

        @Override
        public boolean accessOpen(String workspaceId) {
            return !closed.contains(workspaceId);
        }

        @Override
        public Optional<String> organizationOf(String workspaceId) {
            return Optional.of("org-1");
        }
    };

    private WorkspaceEngines engines(Duration idle) {
        EngineProperties settings = new EngineProperties(idle, 2, 1024, Duration.ofSeconds(5), Duration.ofSeconds(30), true,
                Duration.ofSeconds(5));
        WorkspaceEngines engines = new WorkspaceEngines(launcher, control, store, admission, workspaces, audit,
                TransactionOperations.withoutTransaction(), incarnation, prefix -> prefix + "-" + ids.incrementAndGet(),
                Clock.systemUTC(), settings, 100);
        created.add(engines);
        return engines;
    }

    @AfterEach
    void stopAll() {
        created.forEach(WorkspaceEngines::destroy);
    }

    @Test
    void startsOnFirstUseAndReusesTheRunningEngine() {
        WorkspaceEngines engines = engines(Duration.ofMinutes(20));
        assertThat(engines.running("grant-1")).isEmpty();

        EngineEndpoint first = engines.acquire("grant-1");
        EngineEndpoint again = engines.acquire("grant-1");
        EngineEndpoint other = engines.acquire("grant-2");

        assertThat(again).isEqualTo(first);
        assertThat(other.engineId()).isNotEqualTo(first.engineId());
        assertThat(launcher.starts).hasSize(2);
        assertThat(engines.running("grant-1")).contains(first);
        EngineLauncher.Spec spec = launcher.starts.get(0);
        assertThat(spec.cores()).isEqualTo(2);
        assertThat(spec.memoryMb()).isEqualTo(1024);
        assertThat(spec.secret()).isEqualTo(first.secret()).isNotEqualTo(spec.token());
        assertThat(first.toString()).doesNotContain(first.secret());
        assertThat(store.records.get(first.engineId()).state()).isEqualTo(EngineRecord.State.READY);
        assertThat(store.tokenHashes.get(first.engineId())).isNotEqualTo(spec.token()).hasSize(64);
        assertThat(audit.actions()).containsExactly("engine.start", "engine.start");
        assertThat(admitted.get()).isEqualTo(2);
    }

    @Test
    void concurrentAcquiresForOneWorkspaceStartOneEngine() throws Exception {
        WorkspaceEngines engines = engines(Duration.ofMinutes(20));
        launcher.readyDelayMillis = 300;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<EngineEndpoint>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return engines.acquire("grant-1");
                }));
            }
            go.countDown();
            Set<String> ids = ConcurrentHashMap.newKeySet();
            for (Future<EngineEndpoint> result : results) {
                ids.add(result.get(10, TimeUnit.SECONDS).engineId());
            }
            assertThat(ids).hasSize(1);
            assertThat(launcher.starts).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theEngineCredentialIsValidOnlyWhileTheEngineRuns() {
        WorkspaceEngines engines = engines(Duration.ofMinutes(20));
        EngineEndpoint endpoint = engines.acquire("grant-1");
        String token = launcher.starts.get(0).token();

        assertThat(engines.workspaceOfEngineToken(token)).contains("grant-1");
        assertThat(engines.engineOfToken(token)).contains(new WorkspaceEngines.EngineIdentity(endpoint.engineId(), "grant-1"));
        assertThat(engines.workspaceOfEngineToken("not-" + token)).isEmpty();
        assertThat(engines.workspaceOfEngineToken(endpoint.secret())).as("the secret is no credential").isEmpty();
        assertThat(engines.workspaceOfEngineToken("")).isEmpty();

        engines.stop("grant-1", "TEST");
        assertThat(engines.workspaceOfEngineToken(token)).isEmpty();
        assertThat(engines.running("grant-1")).isEmpty();
        assertThat(launcher.stopped).contains(endpoint.engineId());
        assertThat(control.shutdowns).contains(endpoint.engineId());
        EngineRecord record = store.records.get(endpoint.engineId());
        assertThat(record.state()).isEqualTo(EngineRecord.State.STOPPED);
        assertThat(record.stopReason()).contains("TEST");
        assertThat(admitted.get()).isZero();
        assertThat(audit.actions()).containsExactly("engine.start", "engine.stop");
    }

    @Test
    void anIdleEngineIsEvictedAndActivityKeepsItUp() throws Exception {
        WorkspaceEngines engines = engines(Duration.ofMillis(300));
        EngineEndpoint busy = engines.acquire("grant-busy");
        EngineEndpoint idle = engines.acquire("grant-idle");
        EngineEndpoint running = engines.acquire("grant-running");
        control.runningStatements.put(running.engineId(), 1);

        for (int i = 0; i < 2; i++) {
            Thread.sleep(100);
            engines.touch("grant-busy");
            assertThat(engines.evictIdle()).isZero();
        }
        Thread.sleep(200);
        engines.touch("grant-busy");
        assertThat(engines.evictIdle()).isEqualTo(1);

        assertThat(engines.running("grant-idle")).isEmpty();
        assertThat(engines.running("grant-busy")).contains(busy);
        assertThat(engines.running("grant-running")).as("a running statement is activity").contains(running);
        assertThat(store.records.get(idle.engineId()).stopReason()).contains(WorkspaceEngines.IDLE);
        assertThat(audit.actions()).contains("engine.evict");
        assertThat(store.records.get(busy.engineId()).cpuSeconds()).isEqualTo(1.5);

        // After eviction the next use starts a new engine.
        EngineEndpoint fresh = engines.acquire("grant-idle");
        assertThat(fresh.engineId()).isNotEqualTo(idle.engineId());
    }

    @Test
    void aDeadEngineIsRecordedAndReplacedOnNextUse() {
        WorkspaceEngines engines = engines(Duration.ofMinutes(20));
        EngineEndpoint endpoint = engines.acquire("grant-1");
        launcher.dead.add(endpoint.engineId());
        assertThat(engines.evictIdle()).isEqualTo(1);
        assertThat(store.records.get(endpoint.engineId()).stopReason()).contains(WorkspaceEngines.ENGINE_DIED);
        assertThat(engines.acquire("grant-1").engineId()).isNotEqualTo(endpoint.engineId());
    }

    @Test
    void enginesStopWhenTheirWorkspaceClosesForEveryone() throws Exception {
        WorkspaceEngines engines = engines(Duration.ofMinutes(20));
        EngineEndpoint revoked = engines.acquire("grant-revoked");
        EngineEndpoint open = engines.acquire("grant-open");
        String token = launcher.starts.get(0).token();

        closed.add("grant-revoked");
        engines.accessChanged(WorkspaceAccessChanged.grant("grant-revoked", "grant.revoke"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (engines.running("grant-revoked").isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(engines.running("grant-revoked")).isEmpty();
        assertThat(engines.running("grant-open")).contains(open);
        assertThat(engines.workspaceOfEngineToken(token)).isEmpty();
        assertThat(store.records.get(revoked.engineId()).stopReason()).contains(WorkspaceEngines.ACCESS_CLOSED);
        assertThatThrownBy(() -> engines.acquire("grant-revoked")).isInstanceOfSatisfying(SandboxException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.GRANT_NOT_ACTIVE));
    }

    @Test
    void queuedAdmissionAndFailedStartsAreRefusedWithTheirCodes() {
        WorkspaceEngines engines = engines(Duration.ofMinutes(20));
        queuePosition = 3;
        assertThatThrownBy(() -> engines.acquire("grant-1")).isInstanceOfSatisfying(SandboxException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_QUEUED);
            assertThat(e.getMessage()).contains("position 3");
        });
        assertThat(launcher.starts).isEmpty();

        queuePosition = 0;
        launcher.failReady = true;
        assertThatThrownBy(() -> engines.acquire("grant-1")).isInstanceOfSatisfying(SandboxException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE));
        String failed = launcher.starts.get(0).engineId();
        assertThat(store.records.get(failed).stopReason()).contains(WorkspaceEngines.START_FAILED);
        assertThat(launcher.stopped).contains(failed);
        assertThat(admitted.get()).as("capacity given back").isZero();
        assertThat(audit.actions()).containsExactly("engine.start", "engine.start-failed");
        assertThat(engines.workspaceOfEngineToken(launcher.starts.get(0).token())).isEmpty();

        launcher.failReady = false;
        assertThat(engines.acquire("grant-1").engineId()).isNotEqualTo(failed);
    }

    @Test
    void aRestartedControllerStopsTheEnginesOfEarlierIncarnations() {
        Instant earlier = Instant.now().minusSeconds(60);
        store.insert(new EngineRecord("engine-old", "grant-1", "incarnation-old", Optional.of("4242"), Optional.empty(),
                Optional.empty(), Optional.empty(), EngineRecord.State.READY, earlier, Optional.of(earlier), Optional.empty(),
                Optional.empty(), 2, 1024, 3.0), "hash");
        store.insert(new EngineRecord("engine-gone", "grant-2", "incarnation-old", Optional.of("4343"), Optional.empty(),
                Optional.empty(), Optional.empty(), EngineRecord.State.STOPPED, earlier, Optional.empty(),
                Optional.of(earlier), Optional.of("IDLE"), 2, 1024, 1.0), "hash2");
        WorkspaceEngines engines = engines(Duration.ofMinutes(20));

        assertThat(engines.stopLeftovers()).isEqualTo(1);

        assertThat(launcher.leftoversStopped).containsExactly("engine-old@4242");
        EngineRecord record = store.records.get("engine-old");
        assertThat(record.state()).isEqualTo(EngineRecord.State.STOPPED);
        assertThat(record.stopReason()).contains(WorkspaceEngines.CONTROLLER_RESTARTED);
        assertThat(record.coreSeconds(Instant.now())).isGreaterThanOrEqualTo(119.0);
        assertThat(store.records.get("engine-gone").stopReason()).contains("IDLE");
        assertThat(audit.actions()).containsExactly("engine.stop");
    }

    @Test
    void theControllerStoppingStopsItsEngines() {
        WorkspaceEngines engines = engines(Duration.ofMinutes(20));
        EngineEndpoint endpoint = engines.acquire("grant-1");
        engines.destroy();
        assertThat(launcher.stopped).contains(endpoint.engineId());
        assertThat(store.records.get(endpoint.engineId()).stopReason()).contains(WorkspaceEngines.CONTROLLER_STOPPED);
    }

    /** Records starts and stops; "ready" after {@code readyDelayMillis}, or a failure. */
    static final class FakeLauncher implements EngineLauncher {
        final List<Spec> starts = Collections.synchronizedList(new ArrayList<>());
        final List<String> stopped = Collections.synchronizedList(new ArrayList<>());
        final List<String> leftoversStopped = Collections.synchronizedList(new ArrayList<>());
        final Set<String> dead = ConcurrentHashMap.newKeySet();
        volatile long readyDelayMillis;
        volatile boolean failReady;
        private final AtomicInteger ports = new AtomicInteger(20000);

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public String unavailableReason() {
            return "available";
        }

        @Override
        public Launched start(Spec spec) {
            starts.add(spec);
            return new Launched(spec.engineId(), spec.workspaceId(), "pid-" + spec.engineId());
        }

        @Override
        public Ready awaitReady(Launched launched, Duration timeout) {
            try {
                Thread.sleep(readyDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failReady) {
                stop(launched);
                throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "not ready");
            }
            int port = ports.incrementAndGet();
            return new Ready(URI.create("http://127.0.0.1:" + port), "127.0.0.1", port + 1000);
        }

        @Override
        public boolean alive(Launched launched) {
            return !dead.contains(launched.engineId()) && !stopped.contains(launched.engineId());
        }

        @Override
        public void stop(Launched launched) {
            stopped.add(launched.engineId());
        }

        @Override
        public boolean stopLeftover(String engineId, String workspaceId, String location) {
            leftoversStopped.add(engineId + "@" + location);
            return true;
        }
    }

    /** Health with 1.5 CPU seconds and the running statements set per engine; records shutdowns. */
    static class FakeControl implements EngineControl {
        final Map<String, Integer> runningStatements = new ConcurrentHashMap<>();
        final List<String> shutdowns = Collections.synchronizedList(new ArrayList<>());

        @Override
        public EngineHealth health(EngineEndpoint engine) {
            return new EngineHealth(engine.engineId(), 0, runningStatements.getOrDefault(engine.engineId(), 0), 1.5, 0, 0,
                    0, 0);
        }

        @Override
        public void openSession(EngineEndpoint engine, EngineSession session) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void closeSession(EngineEndpoint engine, String sessionId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public EngineStatementState submit(EngineEndpoint engine, String sessionId, EngineStatement statement) {
            throw new UnsupportedOperationException();
        }

        @Override
        public EngineStatementState statement(EngineEndpoint engine, String statementId, long waitMillis) {
            throw new UnsupportedOperationException();
        }

        @Override
        public EngineStatementState cancel(EngineEndpoint engine, String statementId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void startRun(EngineEndpoint engine, RuntimeRequest request, String runToken) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<StatementOutcome> run(EngineEndpoint engine, String jobId, long waitMillis) {
            throw new UnsupportedOperationException();
        }

        @Override
        public EngineStatementState.Result runPreview(EngineEndpoint engine, String jobId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void cancelRun(EngineEndpoint engine, String jobId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void shutdown(EngineEndpoint engine) {
            shutdowns.add(engine.engineId());
        }
    }

    /** The registry in memory, with the same rules as the JDBC store's statements. */
    static final class MemoryStore implements EngineStore {
        final Map<String, EngineRecord> records = new LinkedHashMap<>();
        final Map<String, String> tokenHashes = new LinkedHashMap<>();

        @Override
        public synchronized void insert(EngineRecord engine, String tokenHash) {
            records.put(engine.id(), engine);
            tokenHashes.put(engine.id(), tokenHash);
        }

        private synchronized void change(String id, UnaryOperator<EngineRecord> change) {
            records.computeIfPresent(id, (k, e) -> change.apply(e));
        }

        @Override
        public void recordLocation(String engineId, String location) {
            change(engineId, e -> new EngineRecord(e.id(), e.workspaceId(), e.incarnation(), Optional.of(location),
                    e.controlUrl(), e.connectHost(), e.connectPort(), e.state(), e.startedAt(), e.readyAt(), e.stoppedAt(),
                    e.stopReason(), e.cores(), e.memoryMb(), e.cpuSeconds()));
        }

        @Override
        public void markReady(String engineId, String controlUrl, String connectHost, int connectPort, Instant at) {
            change(engineId, e -> e.state() != EngineRecord.State.STARTING ? e : new EngineRecord(e.id(), e.workspaceId(),
                    e.incarnation(), e.location(), Optional.of(controlUrl), Optional.of(connectHost),
                    Optional.of(connectPort), EngineRecord.State.READY, e.startedAt(), Optional.of(at), e.stoppedAt(),
                    e.stopReason(), e.cores(), e.memoryMb(), e.cpuSeconds()));
        }

        @Override
        public void markStopping(String engineId) {
            change(engineId, e -> e.state() == EngineRecord.State.STOPPED ? e : new EngineRecord(e.id(), e.workspaceId(),
                    e.incarnation(), e.location(), e.controlUrl(), e.connectHost(), e.connectPort(),
                    EngineRecord.State.STOPPING, e.startedAt(), e.readyAt(), e.stoppedAt(), e.stopReason(), e.cores(),
                    e.memoryMb(), e.cpuSeconds()));
        }

        @Override
        public void markStopped(String engineId, Instant at, String reason) {
            change(engineId, e -> e.state() == EngineRecord.State.STOPPED ? e : new EngineRecord(e.id(), e.workspaceId(),
                    e.incarnation(), e.location(), e.controlUrl(), e.connectHost(), e.connectPort(),
                    EngineRecord.State.STOPPED, e.startedAt(), e.readyAt(), Optional.of(at), Optional.of(reason), e.cores(),
                    e.memoryMb(), e.cpuSeconds()));
        }

        @Override
        public void recordCpu(String engineId, double cpuSeconds) {
            change(engineId, e -> e.cpuSeconds() > cpuSeconds ? e : new EngineRecord(e.id(), e.workspaceId(),
                    e.incarnation(), e.location(), e.controlUrl(), e.connectHost(), e.connectPort(), e.state(),
                    e.startedAt(), e.readyAt(), e.stoppedAt(), e.stopReason(), e.cores(), e.memoryMb(), cpuSeconds));
        }

        @Override
        public synchronized Optional<EngineRecord> find(String engineId) {
            return Optional.ofNullable(records.get(engineId));
        }

        @Override
        public synchronized List<EngineRecord> unstoppedOfOtherIncarnations(String incarnation) {
            return records.values().stream().filter(e -> e.state() != EngineRecord.State.STOPPED)
                    .filter(e -> !e.incarnation().equals(incarnation)).toList();
        }

        @Override
        public synchronized List<EngineRecord> ofWorkspace(String workspaceId, int limit) {
            return records.values().stream().filter(e -> e.workspaceId().equals(workspaceId)).limit(limit).toList();
        }

        @Override
        public synchronized EngineUsage usage(String workspaceId, Instant now) {
            List<EngineRecord> all = ofWorkspace(workspaceId, Integer.MAX_VALUE);
            return new EngineUsage(all.size(), all.stream().mapToDouble(e -> e.coreSeconds(now)).sum(),
                    all.stream().mapToDouble(EngineRecord::cpuSeconds).sum());
        }
    }

    static final class RecordingAudit implements AuditLog {
        final List<AuditEvent> events = Collections.synchronizedList(new ArrayList<>());

        List<String> actions() {
            synchronized (events) {
                return events.stream().map(AuditEvent::action).toList();
            }
        }

        @Override
        public AuditRecord append(AuditEvent event) {
            events.add(event);
            return null;
        }

        @Override
        public AuditRecord appendRefusal(AuditEvent event) {
            events.add(event);
            return null;
        }

        @Override
        public AuditPage search(AuditQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AuditVerification verify() {
            throw new UnsupportedOperationException();
        }
    }
}
