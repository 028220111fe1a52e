package org.shuyu.controller.engine;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.nio.charset.StandardCharsets;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.audit.Sha256;
import org.shuyu.controller.config.EngineProperties;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.WorkspaceAccessChanged;
import org.shuyu.controller.job.ControllerIncarnation;
import org.shuyu.runtime.contract.EngineHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The warm engines of all workspaces (issue 16), one per workspace, never shared.
 *
 * <p>Why this class is long: it is the one owner of an engine's life (start on first use through admission, wait for
 * ready, the engine credential, activity and idle eviction, health and metering, stop for any reason, restart
 * cleanup), and these share one in-memory registry whose consistency is easier to see in one place.
 *
 * <p>{@link #acquire} starts the workspace's engine if none runs: concurrent callers for one workspace share one start
 * and wait for it. A start takes capacity from {@link EngineAdmission} (or throws ENGINE_QUEUED with the position),
 * records the engine STARTING in the registry ({@link EngineStore}) with the hash of a new random credential (the
 * engine's, towards the controller) and a new random secret (the controller's, towards the engine, kept only in memory
 * and the engine's environment), starts it through the {@link EngineLauncher} and waits for its ready.json
 * ({@code sandbox.engines.start-timeout}; ENGINE_UNAVAILABLE after it). An engine stops when idle
 * ({@code sandbox.engines.idle-timeout} without activity: {@link #touch}, or a running statement seen by the health
 * poll), when access to its workspace closes for everyone ({@link WorkspaceAccessChanged}), when its process died,
 * when asked ({@link #stop}) and when the controller stops. Its credential dies with it. At startup, engines of earlier
 * controller incarnations are stopped ({@link #stopLeftovers}).
 */
public class WorkspaceEngines implements DisposableBean {
    /** Stop reasons (the registry's {@code stop_reason}, the audit detail). */
    public static final String IDLE = "IDLE";
    public static final String ACCESS_CLOSED = "ACCESS_CLOSED";
    public static final String ENGINE_DIED = "ENGINE_DIED";
    public static final String START_FAILED = "START_FAILED";
    public static final String CONTROLLER_RESTARTED = "CONTROLLER_RESTARTED";
    public static final String CONTROLLER_STOPPED = "CONTROLLER_STOPPED";

    private static final Logger log = LoggerFactory.getLogger(WorkspaceEngines.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EngineLauncher launcher;
    private final EngineControl control;
    private final EngineStore store;
    private final EngineAdmission admission;
    private final EngineWorkspaces workspaces;
    private final AuditLog audit;
    private final TransactionOperations tx;
    private final ControllerIncarnation incarnation;
    private final IdGenerator ids;
    private final Clock clock;
    private final EngineProperties settings;
    private final int maxResultRows;
    private final Map<String, Slot> slots = new HashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "workspace-engines");
        t.setDaemon(true);
        return t;
    });

    /** The engine credential's holder: which engine, for which workspace. */
    public record EngineIdentity(String engineId, String workspaceId) {}

    /** One workspace's engine in this controller. */
    private static final class Slot {
        final String workspaceId;
        final CompletableFuture<EngineEndpoint> ready = new CompletableFuture<>();
        final AtomicBoolean finished = new AtomicBoolean();
        volatile String engineId;
        volatile String tokenHash;
        volatile Optional<String> organizationId = Optional.empty();
        volatile EngineLauncher.Launched launched;
        volatile EngineEndpoint endpoint;
        volatile String ticketId;
        volatile Instant startedAt;
        volatile int cores;
        volatile double cpuSeconds;
        volatile long lastActivityNanos = System.nanoTime();

        Slot(String workspaceId) {
            this.workspaceId = workspaceId;
        }

        void touch() {
            lastActivityNanos = System.nanoTime();
        }

        boolean serving() {
            return endpoint != null && !finished.get();
        }

        long idleMillis() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivityNanos);
        }
    }

    public WorkspaceEngines(EngineLauncher launcher, EngineControl control, EngineStore store, EngineAdmission admission,
            EngineWorkspaces workspaces, AuditLog audit, TransactionOperations tx, ControllerIncarnation incarnation,
            IdGenerator ids, Clock clock, EngineProperties settings, int maxResultRows) {
        this.launcher = requireNonNull(launcher, "launcher is null");
        this.control = requireNonNull(control, "control is null");
        this.store = requireNonNull(store, "store is null");
        this.admission = requireNonNull(admission, "admission is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.tx = requireNonNull(tx, "tx is null");
        this.incarnation = requireNonNull(incarnation, "incarnation is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.maxResultRows = maxResultRows;
    }

    /**
     * The workspace's engine, started if none runs (blocks until it is ready). Throws ENGINE_QUEUED (admission has no
     * capacity now; the message names the position), ENGINE_UNAVAILABLE (it could not be started in time), or the
     * workspace's own refusal (NOT_FOUND, WORKSPACE_NOT_READY, GRANT_NOT_ACTIVE). Callers have passed the workspace
     * gate for their member already.
     */
    public EngineEndpoint acquire(String workspaceId) {
        requireNonNull(workspaceId, "workspaceId is null");
        Slot slot;
        boolean mine = false;
        synchronized (slots) {
            slot = slots.get(workspaceId);
            if (slot == null) {
                slot = new Slot(workspaceId);
                slots.put(workspaceId, slot);
                mine = true;
            }
        }
        slot.touch();
        if (mine) {
            try {
                EngineEndpoint endpoint = start(slot);
                slot.ready.complete(endpoint);
                return endpoint;
            } catch (RuntimeException e) {
                synchronized (slots) {
                    slots.remove(workspaceId, slot);
                }
                slot.ready.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return slot.ready.get(settings.startTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SandboxException refusal) {
                throw new SandboxException(refusal.code(), refusal.getMessage());
            }
            throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "the workspace's engine could not be started");
        } catch (TimeoutException e) {
            throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "the workspace's engine did not become ready within "
                    + settings.startTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "interrupted while waiting for the workspace's engine");
        }
    }

    /** The workspace's engine if one is up and serving now (never starts one). */
    public Optional<EngineEndpoint> running(String workspaceId) {
        synchronized (slots) {
            Slot slot = slots.get(workspaceId);
            return slot != null && slot.serving() ? Optional.of(slot.endpoint) : Optional.empty();
        }
    }

    /** Activity in the workspace's engine: its idle timer starts again. */
    public void touch(String workspaceId) {
        Slot slot;
        synchronized (slots) {
            slot = slots.get(workspaceId);
        }
        if (slot != null) {
            slot.touch();
        }
    }

    /** Stops the workspace's engine, if one runs ({@code reason}: a code, recorded and audited). */
    public void stop(String workspaceId, String reason) {
        Slot slot;
        synchronized (slots) {
            slot = slots.remove(workspaceId);
        }
        if (slot != null) {
            finish(slot, reason);
        }
    }

    /** The workspace whose running engine holds this credential. */
    public Optional<String> workspaceOfEngineToken(String token) {
        return engineOfToken(token).map(EngineIdentity::workspaceId);
    }

    /** The running (or starting) engine that holds this credential: valid only while the engine runs. */
    public Optional<EngineIdentity> engineOfToken(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        byte[] hash = Sha256.hex(token).getBytes(StandardCharsets.US_ASCII);
        synchronized (slots) {
            for (Slot slot : slots.values()) {
                String own = slot.tokenHash;
                if (own != null && !slot.finished.get()
                        && MessageDigest.isEqual(own.getBytes(StandardCharsets.US_ASCII), hash)) {
                    return Optional.of(new EngineIdentity(slot.engineId, slot.workspaceId));
                }
            }
        }
        return Optional.empty();
    }

    /** Metered use of a workspace's engines: engines, core seconds (uptime x cores), CPU seconds. */
    public EngineStore.EngineUsage usage(String workspaceId) {
        return store.usage(workspaceId, clock.instant());
    }

    /** The workspaces with an engine (starting or serving) in this controller. */
    public List<String> workspacesWithEngines() {
        synchronized (slots) {
            return List.copyOf(slots.keySet());
        }
    }

    /**
     * One pass of the eviction task: for each serving engine, a dead process is recorded as stopped
     * ({@code ENGINE_DIED}); the health poll records its CPU seconds and counts running statements as activity; an
     * engine idle longer than {@code sandbox.engines.idle-timeout} is stopped ({@code IDLE}). Returns how many stopped.
     */
    public int evictIdle() {
        int stopped = 0;
        for (Slot slot : snapshot()) {
            if (!slot.serving()) {
                continue;
            }
            if (!launcher.alive(slot.launched)) {
                log.warn("engine {} of workspace {} is gone", slot.engineId, slot.workspaceId);
                stopped += stopIf(slot, ENGINE_DIED, false) ? 1 : 0;
                continue;
            }
            try {
                EngineHealth health = control.health(slot.endpoint);
                slot.cpuSeconds = health.cpuSeconds();
                store.recordCpu(slot.engineId, health.cpuSeconds());
                if (health.runningStatements() > 0) {
                    slot.touch();
                }
            } catch (SandboxException e) {
                log.warn("engine {} of workspace {} did not answer its health check: {}", slot.engineId, slot.workspaceId,
                        e.code());
            }
            stopped += stopIf(slot, IDLE, true) ? 1 : 0;
        }
        return stopped;
    }

    /** Stops the slot's engine if it is still the workspace's (and, with {@code onlyIdle}, still idle). */
    private boolean stopIf(Slot slot, String reason, boolean onlyIdle) {
        synchronized (slots) {
            if (slots.get(slot.workspaceId) != slot || (onlyIdle && slot.idleMillis() < settings.idleTimeout().toMillis())) {
                return false;
            }
            slots.remove(slot.workspaceId);
        }
        finish(slot, reason);
        return true;
    }

    /**
     * Access to some workspaces changed: after the change committed, every engine of a workspace where no member may
     * work any more (grant suspended, revoked, terminated or expired, last member removed or unvetted) is stopped
     * ({@code ACCESS_CLOSED}), on a thread of its own. Members' own sessions are closed by the session service.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    public void accessChanged(WorkspaceAccessChanged event) {
        worker.execute(() -> {
            try {
                int stopped = stopWithoutAccess();
                if (stopped > 0) {
                    log.info("access changed ({}): {} engine(s) stopped", event.reason(), stopped);
                }
            } catch (RuntimeException e) {
                log.error("cannot stop the engines of workspaces closed by an access change", e);
            }
        });
    }

    /** Stops every engine of a workspace no member may work in now; how many. */
    public int stopWithoutAccess() {
        int stopped = 0;
        for (Slot slot : snapshot()) {
            if (!workspaces.accessOpen(slot.workspaceId)) {
                stopped += stopIf(slot, ACCESS_CLOSED, false) ? 1 : 0;
            }
        }
        return stopped;
    }

    /**
     * At startup: stops what earlier controller incarnations left running (found by the registry, and by the
     * launcher's own bookkeeping) and records those engines STOPPED ({@code CONTROLLER_RESTARTED}); how many.
     */
    public int stopLeftovers() {
        int count = 0;
        for (EngineRecord leftover : store.unstoppedOfOtherIncarnations(incarnation.id())) {
            leftover.location().ifPresent(location -> {
                try {
                    launcher.stopLeftover(leftover.id(), leftover.workspaceId(), location);
                } catch (RuntimeException e) {
                    log.warn("cannot stop leftover engine {}: {}", leftover.id(), e.getClass().getName());
                }
            });
            Instant now = clock.instant();
            EngineRecord stopped = new EngineRecord(leftover.id(), leftover.workspaceId(), leftover.incarnation(),
                    leftover.location(), leftover.controlUrl(), leftover.connectHost(), leftover.connectPort(),
                    EngineRecord.State.STOPPED, leftover.startedAt(), leftover.readyAt(), Optional.of(now),
                    Optional.of(CONTROLLER_RESTARTED), leftover.cores(), leftover.memoryMb(), leftover.cpuSeconds());
            tx.executeWithoutResult(status -> {
                store.markStopped(leftover.id(), now, CONTROLLER_RESTARTED);
                audit.append(EngineAuditEvents.stopped(leftover.id(), leftover.workspaceId(),
                        workspaces.organizationOf(leftover.workspaceId()), CONTROLLER_RESTARTED, stopped.coreSeconds(now),
                        leftover.cpuSeconds()));
            });
            count++;
        }
        List<String> keep;
        synchronized (slots) {
            keep = slots.values().stream().map(s -> s.engineId).filter(id -> id != null).toList();
        }
        count += launcher.stopStrays(keep);
        return count;
    }

    private List<Slot> snapshot() {
        synchronized (slots) {
            return new ArrayList<>(slots.values());
        }
    }

    private EngineEndpoint start(Slot slot) {
        EngineWorkspaces.Target target = workspaces.target(slot.workspaceId);
        if (!launcher.available()) {
            throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "workspace engines cannot start now: "
                    + launcher.unavailableReason());
        }
        int cores = settings.cores();
        int memoryMb = settings.memoryMb();
        EngineAdmission.Decision decision = admission.admit(target.organizationId(), slot.workspaceId, cores, memoryMb);
        if (decision instanceof EngineAdmission.Queued queued) {
            throw new SandboxException(ErrorCode.ENGINE_QUEUED, "the workspace's engine waits for capacity: position "
                    + queued.position() + " in the queue");
        }
        slot.ticketId = ((EngineAdmission.Admitted) decision).ticketId();
        slot.organizationId = Optional.of(target.organizationId());
        slot.cores = cores;
        String engineId = ids.next("engine");
        String token = newSecret();
        String secret = newSecret();
        Instant now = clock.instant();
        EngineRecord record = new EngineRecord(engineId, slot.workspaceId, incarnation.id(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), EngineRecord.State.STARTING, now, Optional.empty(),
                Optional.empty(), Optional.empty(), cores, memoryMb, 0);
        try {
            tx.executeWithoutResult(status -> {
                store.insert(record, Sha256.hex(token));
                audit.append(EngineAuditEvents.started(engineId, slot.workspaceId, slot.organizationId, cores, memoryMb));
            });
        } catch (RuntimeException e) {
            admission.release(slot.ticketId);
            throw e;
        }
        slot.startedAt = now;
        slot.engineId = engineId;
        slot.tokenHash = Sha256.hex(token);
        try {
            EngineLauncher.Spec spec = new EngineLauncher.Spec(engineId, slot.workspaceId, target.serviceName(),
                    target.database(), target.root(), target.warehouse(), target.files(),
                    target.enginesDir().resolve(engineId), target.sources(), cores, memoryMb, maxResultRows, token, secret,
                    target.maskSalt());
            EngineLauncher.Launched launched = launcher.start(spec);
            slot.launched = launched;
            store.recordLocation(engineId, launched.location());
            EngineLauncher.Ready ready = launcher.awaitReady(launched, settings.startTimeout());
            EngineEndpoint endpoint = new EngineEndpoint(engineId, slot.workspaceId, ready.controlUrl(),
                    ready.connectHost(), ready.connectPort(), secret);
            synchronized (slots) {
                if (slots.get(slot.workspaceId) != slot || slot.finished.get()) {
                    throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "the workspace's engine was stopped while it"
                            + " started");
                }
                slot.endpoint = endpoint;
            }
            store.markReady(engineId, ready.controlUrl().toString(), ready.connectHost(), ready.connectPort(),
                    clock.instant());
            log.info("engine {} of workspace {} ready ({} core(s), {} MB)", engineId, slot.workspaceId, cores, memoryMb);
            return endpoint;
        } catch (RuntimeException e) {
            String code = e instanceof SandboxException refusal ? refusal.code().name() : ErrorCode.ENGINE_UNAVAILABLE.name();
            log.warn("engine {} of workspace {} did not start: {}", engineId, slot.workspaceId, code);
            finish(slot, START_FAILED, code);
            if (e instanceof SandboxException refusal) {
                throw refusal;
            }
            throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "the workspace's engine could not be started ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private void finish(Slot slot, String reason) {
        finish(slot, reason, null);
    }

    /**
     * The end of an engine, once: its credential dies, its process stops (politely through the control API first
     * when it serves), its capacity goes back, and the registry and the audit log record it.
     */
    private void finish(Slot slot, String reason, String failureCode) {
        String engineId = slot.engineId;
        if (engineId == null) {
            return; // not recorded yet: the start under way cleans up itself when it sees its slot gone
        }
        if (!slot.finished.compareAndSet(false, true)) {
            return;
        }
        try {
            store.markStopping(engineId);
        } catch (RuntimeException e) {
            log.warn("cannot mark engine {} stopping: {}", engineId, e.getClass().getName());
        }
        EngineEndpoint endpoint = slot.endpoint;
        if (endpoint != null) {
            try {
                slot.cpuSeconds = control.health(endpoint).cpuSeconds();
            } catch (RuntimeException e) {
                // Metering keeps the last value seen.
            }
            try {
                control.shutdown(endpoint);
            } catch (RuntimeException e) {
                log.debug("engine {} did not take its shutdown: {}", engineId, e.getClass().getName());
            }
        }
        EngineLauncher.Launched launched = slot.launched;
        if (launched != null) {
            try {
                launcher.stop(launched);
            } catch (RuntimeException e) {
                log.error("cannot stop engine {} of workspace {}", engineId, slot.workspaceId, e);
            }
        }
        Optional.ofNullable(slot.ticketId).ifPresent(ticket -> {
            try {
                admission.release(ticket);
            } catch (RuntimeException e) {
                log.error("cannot give back the capacity of engine {}", engineId, e);
            }
        });
        Instant now = clock.instant();
        double coreSeconds = Math.max(0, Duration.between(slot.startedAt, now).toMillis()) / 1000.0 * slot.cores;
        try {
            tx.executeWithoutResult(status -> {
                store.recordCpu(engineId, slot.cpuSeconds);
                store.markStopped(engineId, now, reason);
                audit.append(failureCode != null
                        ? EngineAuditEvents.startFailed(engineId, slot.workspaceId, slot.organizationId, failureCode)
                        : EngineAuditEvents.stopped(engineId, slot.workspaceId, slot.organizationId, reason, coreSeconds,
                                slot.cpuSeconds));
            });
        } catch (RuntimeException e) {
            log.error("cannot record the stop of engine {}", engineId, e);
        }
        log.info("engine {} of workspace {} stopped ({})", engineId, slot.workspaceId, reason);
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The controller stops: its engines go with it. */
    @Override
    public void destroy() {
        worker.shutdownNow();
        List<Slot> all;
        synchronized (slots) {
            all = new ArrayList<>(slots.values());
            slots.clear();
        }
        all.forEach(slot -> finish(slot, CONTROLLER_STOPPED));
    }

    /** A URI from the launcher's ready answer (kept here so launchers agree on the form). */
    public static URI controlUrl(String host, int port) {
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }
}
