package org.shuyu.controller.replica;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This controller process among its replicas (docs/replicas.md). It keeps two leases in the shared database
 * ({@link LeaseStore}), renewed every {@code renewInterval} on a thread of its own:
 * <ul>
 *   <li>its heartbeat {@code incarnation/<id>}: while valid, the jobs, engines and admission tickets this process
 *       owns are its own and no other replica touches them; once expired, they are a dead process's leftovers;</li>
 *   <li>the leader lease {@code leader/<cluster>}: the one replica that runs scheduled work (life-cycle expiries and
 *       deadlines, reconcilers, engine eviction, session sweeps, the Atlas outbox, sweeps of dead replicas' work).</li>
 * </ul>
 * A replica believes it leads only until {@code leaseDuration} (minus a tenth) after it last sent a successful
 * renewal, measured on its own monotonic clock from before the renewal was sent: the database's lease outlives the
 * holder's belief, so two replicas never both believe they lead (a process paused longer than that steps down
 * before it acts; every action of a scheduled pass is also guarded at the row level, see docs/replicas.md).
 * Passes check {@link #isLeader()} at their start; long passes call {@link #stillLeads()} (a database check of the
 * epoch) before each external action.
 */
public class Leadership implements AutoCloseable {
    /** The prefix of the heartbeat leases of controller processes. */
    public static final String INCARNATION_PREFIX = "incarnation/";
    private static final Duration FORGET_AFTER = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(Leadership.class);

    private final LeaseStore store;
    private final String replicaId;
    private final String incarnationId;
    private final String holder;
    private final String leaderName;
    private final Duration leaseDuration;
    private final Duration renewInterval;
    private final LongSupplier nanos;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "replica-leases");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong handovers = new AtomicLong();
    private volatile Lease leader;
    private volatile long leaderValidUntil;
    private volatile Lease heartbeat;
    private volatile boolean closed;
    private boolean soleProcess;

    public Leadership(LeaseStore store, String replicaId, String incarnationId, String cluster, Duration leaseDuration,
            Duration renewInterval) {
        this(store, replicaId, incarnationId, cluster, leaseDuration, renewInterval, System::nanoTime);
    }

    Leadership(LeaseStore store, String replicaId, String incarnationId, String cluster, Duration leaseDuration,
            Duration renewInterval, LongSupplier nanos) {
        this.store = requireNonNull(store, "store is null");
        this.replicaId = requireNonNull(replicaId, "replicaId is null");
        this.incarnationId = requireNonNull(incarnationId, "incarnationId is null");
        this.holder = replicaId + "#" + incarnationId;
        this.leaderName = "leader/" + requireNonNull(cluster, "cluster is null");
        this.leaseDuration = requireNonNull(leaseDuration, "leaseDuration is null");
        this.renewInterval = requireNonNull(renewInterval, "renewInterval is null");
        this.nanos = requireNonNull(nanos, "nanos is null");
        if (renewInterval.multipliedBy(2).compareTo(leaseDuration) > 0) {
            throw new IllegalArgumentException("sandbox.replica.renew-interval (" + renewInterval
                    + ") must be at most half of sandbox.replica.lease-duration (" + leaseDuration + ")");
        }
    }

    /** Writes this process's heartbeat and tries to lead once, then keeps both up to date in the background. */
    public void start() {
        if (soleProcess) {
            int ended = store.expireAllBut(holder);
            if (ended > 0) {
                log.info("replica {}: the database admits one process only; {} lease(s) of an earlier process ended", replicaId, ended);
            }
        }
        tick();
        if (heartbeat == null) {
            throw new IllegalStateException("cannot write this controller's heartbeat lease " + INCARNATION_PREFIX + incarnationId);
        }
        long every = renewInterval.toMillis();
        timer.scheduleWithFixedDelay(this::safeTick, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Declares that no other process can use this database (an embedded H2 file is locked by its process): at start,
     * every other lease is a dead process's and ends at once, so a restart after a crash settles its leftovers and
     * leads without waiting for the leases to expire. Call before {@link #start()}.
     */
    public Leadership soleProcess(boolean sole) {
        this.soleProcess = sole;
        return this;
    }

    /** Whether this replica leads now (and will for at least a moment: see the class comment). */
    public boolean isLeader() {
        return !closed && leader != null && nanos.getAsLong() - leaderValidUntil < 0;
    }

    /** The leader lease while this replica holds it. */
    public Optional<Lease> leaderLease() {
        Lease current = leader;
        return isLeader() ? Optional.ofNullable(current) : Optional.empty();
    }

    /** A database check that this replica still holds the leader lease with the epoch it won (the fence). */
    public boolean stillLeads() {
        Lease current = leader;
        return isLeader() && current != null && store.holds(current);
    }

    /** Runs {@code pass} if this replica leads; returns whether it ran. */
    public boolean ifLeader(Runnable pass) {
        if (!isLeader()) {
            return false;
        }
        pass.run();
        return true;
    }

    /** Whether the controller process {@code incarnation} is alive (its heartbeat has not expired). */
    public boolean alive(String incarnation) {
        if (incarnation.equals(incarnationId)) {
            return !closed;
        }
        return store.find(INCARNATION_PREFIX + incarnation).map(store::holds).orElse(false);
    }

    public String replicaId() {
        return replicaId;
    }

    public String incarnationId() {
        return incarnationId;
    }

    /** Times this replica became leader since it started. */
    public long timesElected() {
        return handovers.get();
    }

    public Duration leaseDuration() {
        return leaseDuration;
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            // The database is unreachable: the leader belief runs out by itself (isLeader), nothing acts on stale state.
            log.warn("replica {}: cannot renew leases: {}", replicaId, e.toString());
        }
    }

    synchronized void tick() {
        if (closed) {
            return;
        }
        Lease beat = heartbeat;
        heartbeat = (beat == null ? Optional.<Lease>empty() : store.renew(beat, leaseDuration))
                .or(() -> store.acquire(INCARNATION_PREFIX + incarnationId, holder, leaseDuration)).orElse(null);
        long sentAt = nanos.getAsLong();
        Lease current = leader;
        Optional<Lease> won = current != null ? store.renew(current, leaseDuration) : store.acquire(leaderName, holder, leaseDuration);
        if (won.isPresent()) {
            if (current == null) {
                handovers.incrementAndGet();
                log.info("replica {} leads now (lease {}, epoch {})", replicaId, leaderName, won.get().epoch());
            }
            leader = won.get();
            leaderValidUntil = sentAt + leaseDuration.toNanos() - leaseDuration.toNanos() / 10;
            // Heartbeats of processes that ended long ago: their work was settled; a missing heartbeat reads as dead.
            store.forgetExpired(INCARNATION_PREFIX, FORGET_AFTER);
        } else if (current != null) {
            leader = null;
            log.warn("replica {} lost the lead (lease {}, epoch {})", replicaId, leaderName, current.epoch());
        }
    }

    /**
     * Stops renewing without releasing anything, as a process that died or froze would: the leases run out in the
     * database by themselves. For tests of the handover.
     */
    synchronized void halt() {
        closed = true;
        timer.shutdownNow();
        leader = null;
    }

    /** Hands over at once: the leader lease and the heartbeat end now (a clean shutdown). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        try {
            if (leader != null) {
                store.release(leader);
            }
            if (heartbeat != null) {
                store.release(heartbeat);
            }
        } catch (RuntimeException e) {
            log.warn("replica {}: cannot release its leases; they expire by themselves: {}", replicaId, e.toString());
        }
        leader = null;
    }
}
