package org.shuyu.controller.admission;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.shuyu.controller.config.AdmissionProperties;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.job.ControllerIncarnation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Why this class is long: it is the one place where capacity and quotas are counted, so every operation that changes
 * what is held or waiting (request, await, cancel, release, quota change, restart cleanup) lives here under one lock.
 *
 * <p>Admission of workspace engines by capacity (cores and memory of the node) and per-operator quota
 * (docs/admission.md). A request is admitted when both the capacity and its operator's quota can take it; otherwise it
 * waits in one FIFO queue with a visible position, and releases admit waiting requests by the rule of
 * {@link AdmissionLedger} (an operator at its quota is skipped, never blocks; capacity is first come, first served).
 * Tickets are stored ({@link AdmissionStore}) with this controller's incarnation, so a restarted controller releases
 * what its predecessor held ({@link #releaseDeadTickets}). Queued requests live only in this process.
 *
 * <p>Thread-safe: every change runs under one lock, the store write included, so the stored and counted tickets never
 * exceed the capacity at any instant. Listeners and waiters are notified after the lock is released.
 */
@Service
public class Admission {
    private static final Logger log = LoggerFactory.getLogger(Admission.class);

    /** What {@link #request} decided. */
    public sealed interface Decision permits Admitted, Queued {}

    /** Admitted at once: the ticket holds the cores and memory until {@link #release}d. */
    public record Admitted(Ticket ticket) implements Decision {}

    /** Waiting at 1-based {@code position} of the queue; {@link #await} it, or {@link #cancel} it. */
    public record Queued(int position, String requestId) implements Decision {}

    /** What one operator holds now, and its quota. */
    public record OperatorUsage(String organizationId, int cores, int memoryMb, int engines, ComputeQuota quota) {}

    /** One waiting request. {@code atQuota}: its operator's quota cannot take it now (it is skipped, not blocking). */
    public record QueueEntry(int position, String requestId, String organizationId, String workspaceId, int cores,
            int memoryMb, Instant requestedAt, boolean atQuota) {}

    /** The whole picture: capacity, what is used, per operator, every ticket and the queue in order. */
    public record Usage(Capacity capacity, int usedCores, int usedMemoryMb, List<OperatorUsage> operators,
            List<Ticket> tickets, List<QueueEntry> queue) {
        public Usage {
            operators = List.copyOf(operators);
            tickets = List.copyOf(tickets);
            queue = List.copyOf(queue);
        }
    }

    private final AdmissionStore store;
    private final AdmissionProperties properties;
    private final String incarnation;
    private final IdGenerator ids;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final AdmissionLedger ledger;
    private final List<AdmissionListener> listeners = new CopyOnWriteArrayList<>();
    /** Waiters of queued requests, and of admitted ones until their ticket is released or the request awaited. */
    private final Map<String, CompletableFuture<Ticket>> outcomes = new HashMap<>();
    /** Why recent requests left the queue unadmitted, for a waiter that comes after the fact (the last 1000). */
    private final Map<String, SandboxException> dropped = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SandboxException> eldest) {
            return size() > 1000;
        }
    };
    /** Tickets admitted from the queue that their asker has not taken up yet, with when they were admitted. */
    private final Map<String, Instant> unclaimed = new LinkedHashMap<>();
    private Map<String, ComputeQuota> quotas;

    public Admission(AdmissionStore store, AdmissionProperties properties, ControllerIncarnation incarnation, IdGenerator ids,
            Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.properties = requireNonNull(properties, "properties is null");
        this.incarnation = requireNonNull(incarnation, "incarnation is null").id();
        this.ids = requireNonNull(ids, "ids is null");
        this.clock = requireNonNull(clock, "clock is null");
        Capacity machine = Capacity.ofMachine();
        this.ledger = new AdmissionLedger(new Capacity(properties.capacity().coresSetting().orElse(machine.cores()),
                properties.capacity().memoryMbSetting().orElse(machine.memoryMb())));
    }

    /** Registers a hook told when a queued request is admitted or dropped (helper "engines" starts engines from it). */
    public void addListener(AdmissionListener listener) {
        listeners.add(requireNonNull(listener, "listener is null"));
    }

    public Capacity capacity() {
        return ledger.capacity();
    }

    /**
     * Asks for {@code cores} and {@code memoryMb} for an engine of {@code workspaceId} of operator
     * {@code organizationId}. Admitted at once when the queue's rule admits it; otherwise queued. A workspace that
     * already has a queued request gets that request back (same id, current position) instead of a second place, and
     * one whose queued request was admitted meanwhile gets that ticket (so a caller may simply ask again to poll).
     * A request that could never fit the capacity or the operator's quota is refused (ADMISSION_REQUEST_TOO_LARGE).
     */
    public Decision request(String organizationId, String workspaceId, int cores, int memoryMb) {
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(workspaceId, "workspaceId is null");
        if (cores < 1 || memoryMb < 1) {
            throw new SandboxException(ErrorCode.INVALID_QUOTA, "an engine needs at least 1 core and 1 MiB, asked "
                    + cores + " cores and " + memoryMb + " MiB");
        }
        Decision decision;
        List<Ticket> others = new ArrayList<>();
        lock.lock();
        try {
            others.addAll(expireUnclaimedLocked());
            decision = decideLocked(organizationId, workspaceId, cores, memoryMb, others);
        } finally {
            lock.unlock();
        }
        notifyAdmitted(others);
        log.info("admission: {} for workspace {} of {} ({} cores, {} MiB)", decision instanceof Admitted ? "admitted" : "queued",
                workspaceId, organizationId, cores, memoryMb);
        return decision;
    }

    /** {@link #request} under the lock; tickets of other requests admitted on the way go to {@code others}. */
    private Decision decideLocked(String organizationId, String workspaceId, int cores, int memoryMb, List<Ticket> others) {
        Capacity capacity = ledger.capacity();
        if (cores > capacity.cores() || memoryMb > capacity.memoryMb()) {
            throw new SandboxException(ErrorCode.ADMISSION_REQUEST_TOO_LARGE, "asked " + cores + " cores and " + memoryMb
                    + " MiB; the capacity is " + capacity.cores() + " cores and " + capacity.memoryMb() + " MiB");
        }
        ComputeQuota quota = quotaLocked(organizationId);
        if (!quota.couldEverFit(cores, memoryMb)) {
            throw new SandboxException(ErrorCode.ADMISSION_REQUEST_TOO_LARGE, "asked " + cores + " cores and " + memoryMb
                    + " MiB; the quota of " + organizationId + " is " + quota.maxCores() + " cores, " + quota.maxMemoryMb()
                    + " MiB and " + quota.maxEngines() + " engines");
        }
        // Asking again for a workspace: the ticket it got while waiting, or its place in the queue.
        Optional<Ticket> waited = ledger.tickets().stream()
                .filter(t -> t.workspaceId().equals(workspaceId) && unclaimed.containsKey(t.id())).findFirst();
        if (waited.isPresent()) {
            claimLocked(waited.get());
            return new Admitted(waited.get());
        }
        Optional<AdmissionLedger.Request> waiting = ledger.queuedFor(workspaceId);
        if (waiting.isPresent()) {
            String id = waiting.get().requestId();
            return new Queued(ledger.position(id).orElseThrow(), id);
        }
        if (ledger.queue().size() >= properties.maxQueue()) {
            throw new SandboxException(ErrorCode.ADMISSION_QUEUE_FULL, "the admission queue holds " + properties.maxQueue()
                    + " requests; retry later");
        }
        AdmissionLedger.Request request = new AdmissionLedger.Request(ids.next("adm"), organizationId, workspaceId, cores,
                memoryMb, clock.instant());
        ledger.enqueue(request);
        List<Ticket> admitted;
        try {
            admitted = drainLocked();
        } catch (RuntimeException e) {
            ledger.dequeue(request.requestId());
            throw e;
        }
        // Normally only the new request can be admitted here (the queue's front was not admissible before it).
        admitted.stream().filter(t -> !t.requestId().equals(request.requestId())).forEach(others::add);
        Optional<Ticket> mine = admitted.stream().filter(t -> t.requestId().equals(request.requestId())).findFirst();
        if (mine.isPresent()) {
            claimLocked(mine.get());
            return new Admitted(mine.get());
        }
        outcomes.put(request.requestId(), new CompletableFuture<>());
        return new Queued(ledger.position(request.requestId()).orElseThrow(), request.requestId());
    }

    /**
     * Marks the ticket as taken up by whoever asked for it. A request admitted while waiting is claimed when its
     * ticket is returned by {@link #await} or by {@link #request} for the same workspace; a listener that starts an
     * engine from {@link AdmissionListener#admitted} claims it here. A ticket nobody claims within
     * {@code sandbox.admission.claim-timeout} is released, so capacity is not lost to a caller that gave up waiting.
     */
    public void claim(String ticketId) {
        lock.lock();
        try {
            unclaimed.remove(ticketId);
        } finally {
            lock.unlock();
        }
    }

    private void claimLocked(Ticket ticket) {
        unclaimed.remove(ticket.id());
    }

    /** Releases the tickets admitted from the queue that nobody claimed in time; returns what that let in. */
    private List<Ticket> expireUnclaimedLocked() {
        Instant deadline = clock.instant().minus(properties.claimTimeout());
        List<String> expired = unclaimed.entrySet().stream().filter(e -> e.getValue().isBefore(deadline)).map(Map.Entry::getKey)
                .toList();
        if (expired.isEmpty()) {
            return List.of();
        }
        for (String ticketId : expired) {
            unclaimed.remove(ticketId);
            Optional<Ticket> ticket = ledger.ticket(ticketId);
            if (ticket.isPresent()) {
                store.deleteTicket(ticketId);
                ledger.release(ticketId);
                outcomes.remove(ticket.get().requestId());
                dropped.put(ticket.get().requestId(), new SandboxException(ErrorCode.ADMISSION_REQUEST_DROPPED, "admission request "
                        + ticket.get().requestId() + " was admitted but not taken up within " + properties.claimTimeout()));
                log.warn("admission: released ticket {} of workspace {}: admitted from the queue but not claimed within {}",
                        ticketId, ticket.get().workspaceId(), properties.claimTimeout());
            }
        }
        return drainQuietly();
    }

    /**
     * Waits up to {@code timeout} for the request to be admitted: its ticket, or empty on timeout (the request keeps
     * waiting). Refused with ADMISSION_REQUEST_DROPPED when it was cancelled (ADMISSION_REQUEST_TOO_LARGE when a lowered quota
     * dropped it), also after the fact for the last 1000 such requests; ADMISSION_REQUEST_UNKNOWN when
     * this controller does not know it.
     */
    public Optional<Ticket> await(String requestId, Duration timeout) {
        requireNonNull(requestId, "requestId is null");
        requireNonNull(timeout, "timeout is null");
        CompletableFuture<Ticket> outcome;
        lock.lock();
        try {
            outcome = outcomes.get(requestId);
            if (outcome == null) {
                Optional<Ticket> held = ledger.ticketOfRequest(requestId);
                if (held.isPresent()) {
                    claimLocked(held.get());
                    return held;
                }
                SandboxException reason = dropped.get(requestId);
                if (reason != null) {
                    throw new SandboxException(reason.code(), reason.getMessage(), reason);
                }
                throw new SandboxException(ErrorCode.ADMISSION_REQUEST_UNKNOWN, "admission request " + requestId + " is not known");
            }
        } finally {
            lock.unlock();
        }
        try {
            Ticket ticket = outcome.get(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
            claim(ticket.id());
            return Optional.of(ticket);
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SandboxException refused) {
                throw new SandboxException(refused.code(), refused.getMessage(), refused);
            }
            throw new IllegalStateException("admission request " + requestId + " failed", e.getCause());
        }
    }

    /** Takes the request out of the queue (its waiters get ADMISSION_REQUEST_DROPPED); admitted requests are released. */
    public void cancel(String requestId) {
        requireNonNull(requestId, "requestId is null");
        Optional<AdmissionLedger.Request> dropped;
        Optional<Ticket> held = Optional.empty();
        List<Ticket> admitted = List.of();
        lock.lock();
        try {
            dropped = ledger.queued(requestId);
            if (dropped.isEmpty()) {
                held = ledger.ticketOfRequest(requestId);
            } else {
                ledger.dequeue(requestId);
                fail(requestId, new SandboxException(ErrorCode.ADMISSION_REQUEST_DROPPED, "admission request " + requestId
                        + " was cancelled"));
                // The cancelled request may have been the one holding the queue's front on capacity.
                admitted = drainQuietly();
            }
        } finally {
            lock.unlock();
        }
        if (held.isPresent()) {
            release(held.get().id());
        }
        dropped.ifPresent(r -> notifyDropped(r, ErrorCode.ADMISSION_REQUEST_DROPPED.name()));
        notifyAdmitted(admitted);
    }

    /** Releases the ticket's cores and memory and admits waiting requests. Releasing an unknown ticket does nothing. */
    public void release(String ticketId) {
        requireNonNull(ticketId, "ticketId is null");
        List<Ticket> admitted;
        lock.lock();
        try {
            Optional<Ticket> ticket = ledger.ticket(ticketId);
            if (ticket.isEmpty()) {
                return;
            }
            store.deleteTicket(ticketId);
            ledger.release(ticketId);
            unclaimed.remove(ticketId);
            outcomes.remove(ticket.get().requestId());
            admitted = new ArrayList<>(drainQuietly());
            admitted.addAll(expireUnclaimedLocked());
            log.info("admission: released {} of workspace {} ({} cores, {} MiB)", ticketId, ticket.get().workspaceId(),
                    ticket.get().cores(), ticket.get().memoryMb());
        } finally {
            lock.unlock();
        }
        notifyAdmitted(admitted);
    }

    /** The 1-based queue position of the workspace's first waiting request, or empty when it waits for nothing. */
    public Optional<Integer> position(String workspaceId) {
        lock.lock();
        try {
            return ledger.queuedFor(workspaceId).flatMap(r -> ledger.position(r.requestId()));
        } finally {
            lock.unlock();
        }
    }

    /** How many engine requests wait for capacity now (in this controller): the metrics' queue depth. */
    public int queueDepth() {
        lock.lock();
        try {
            return ledger.queue().size();
        } finally {
            lock.unlock();
        }
    }

    /** The tickets held now (of this controller). */
    public List<Ticket> tickets() {
        lock.lock();
        try {
            return List.copyOf(ledger.tickets());
        } finally {
            lock.unlock();
        }
    }

    public Usage usage() {
        lock.lock();
        try {
            Map<String, AdmissionLedger.Held> held = ledger.heldByOperator();
            List<OperatorUsage> operators = new ArrayList<>();
            held.forEach((org, h) -> operators.add(new OperatorUsage(org, h.cores(), h.memoryMb(), h.engines(), quotaLocked(org))));
            List<QueueEntry> queue = new ArrayList<>();
            int position = 1;
            for (AdmissionLedger.Request r : ledger.queue()) {
                boolean atQuota = !AdmissionLedger.fitsQuota(held.getOrDefault(r.organizationId(), AdmissionLedger.Held.NONE),
                        quotaLocked(r.organizationId()), r.cores(), r.memoryMb());
                queue.add(new QueueEntry(position++, r.requestId(), r.organizationId(), r.workspaceId(), r.cores(), r.memoryMb(),
                        r.requestedAt(), atQuota));
                if (!held.containsKey(r.organizationId())) {
                    operators.add(new OperatorUsage(r.organizationId(), 0, 0, 0, quotaLocked(r.organizationId())));
                    held.put(r.organizationId(), AdmissionLedger.Held.NONE);
                }
            }
            return new Usage(ledger.capacity(), ledger.usedCores(), ledger.usedMemoryMb(), operators, ledger.tickets(), queue);
        } finally {
            lock.unlock();
        }
    }

    /** The operator's quota: the one the platform admin set, else the configured default. */
    public ComputeQuota quota(String organizationId) {
        requireNonNull(organizationId, "organizationId is null");
        lock.lock();
        try {
            return quotaLocked(organizationId);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stores the quota (validated by the caller, {@link ComputeQuotas}) and re-runs the queue: a raised quota may admit
     * waiting requests; a lowered one never takes held tickets back, and waiting requests of the operator that could
     * never fit it any more are dropped (ADMISSION_REQUEST_TOO_LARGE). Returns the quota before.
     */
    Optional<ComputeQuota> putQuota(ComputeQuota quota) {
        requireNonNull(quota, "quota is null");
        Optional<ComputeQuota> before;
        List<AdmissionLedger.Request> dropped = new ArrayList<>();
        List<Ticket> admitted;
        lock.lock();
        try {
            quotaLocked(quota.organizationId());
            before = Optional.ofNullable(quotas.get(quota.organizationId()));
            store.putQuota(quota);
            quotas.put(quota.organizationId(), quota);
            for (AdmissionLedger.Request r : ledger.queue()) {
                if (r.organizationId().equals(quota.organizationId()) && !quota.couldEverFit(r.cores(), r.memoryMb())) {
                    ledger.dequeue(r.requestId());
                    fail(r.requestId(), new SandboxException(ErrorCode.ADMISSION_REQUEST_TOO_LARGE, "the quota of "
                            + quota.organizationId() + " was lowered below the request's " + r.cores() + " cores and "
                            + r.memoryMb() + " MiB"));
                    dropped.add(r);
                }
            }
            admitted = drainQuietly();
        } finally {
            lock.unlock();
        }
        dropped.forEach(r -> notifyDropped(r, ErrorCode.ADMISSION_REQUEST_TOO_LARGE.name()));
        notifyAdmitted(admitted);
        return before;
    }

    /**
     * Deletes the stored tickets of earlier controller incarnations (their engines are gone or are being killed by the
     * engines' restart cleanup) and returns them, for the audit. Called once at startup ({@link DeadTickets}).
     */
    List<Ticket> releaseDeadTickets() {
        lock.lock();
        try {
            List<Ticket> dead = store.ticketsOfOtherIncarnations(incarnation);
            for (Ticket t : dead) {
                store.deleteTicket(t.id());
            }
            return dead;
        } finally {
            lock.unlock();
        }
    }

    String incarnation() {
        return incarnation;
    }

    private ComputeQuota quotaLocked(String organizationId) {
        if (quotas == null) {
            Map<String, ComputeQuota> loaded = new HashMap<>();
            store.quotas().forEach(q -> loaded.put(q.organizationId(), q));
            quotas = loaded;
        }
        ComputeQuota set = quotas.get(organizationId);
        return set != null ? set : defaultQuota(organizationId);
    }

    private ComputeQuota defaultQuota(String organizationId) {
        Capacity capacity = ledger.capacity();
        AdmissionProperties.DefaultQuota d = properties.defaultQuota();
        int cores = d.maxCoresSetting().orElse(Math.max(1, capacity.cores() / 2));
        int memory = d.maxMemoryMbSetting().orElse(Math.min(capacity.memoryMb(), Math.max(1024, capacity.memoryMb() / 2)));
        return ComputeQuota.byDefault(organizationId, cores, memory, d.maxEngines());
    }

    /** Admits what the queue's rule allows now: stores each ticket, then counts it. Stops at the first store failure. */
    private List<Ticket> drainLocked() {
        List<Ticket> admitted = new ArrayList<>();
        for (AdmissionLedger.Request r : ledger.admissible(this::quotaLocked)) {
            Ticket ticket = new Ticket(ids.next("ticket"), r.requestId(), r.organizationId(), r.workspaceId(), r.cores(),
                    r.memoryMb(), incarnation, r.requestedAt(), clock.instant());
            store.insertTicket(ticket);
            ledger.hold(ticket);
            unclaimed.put(ticket.id(), ticket.admittedAt());
            CompletableFuture<Ticket> waiter = outcomes.get(r.requestId());
            if (waiter != null) {
                waiter.complete(ticket);
            }
            admitted.add(ticket);
        }
        return admitted;
    }

    /** {@link #drainLocked} after a release or cancel: a store failure is logged; the next change retries the walk. */
    private List<Ticket> drainQuietly() {
        try {
            return drainLocked();
        } catch (RuntimeException e) {
            log.error("admission: cannot store an admission; waiting requests stay queued until the next change", e);
            return List.of();
        }
    }

    private void fail(String requestId, SandboxException reason) {
        dropped.put(requestId, reason);
        CompletableFuture<Ticket> waiter = outcomes.remove(requestId);
        if (waiter != null) {
            waiter.completeExceptionally(reason);
        }
    }

    private void notifyAdmitted(List<Ticket> admitted) {
        for (Ticket ticket : admitted) {
            log.info("admission: admitted queued request {} of workspace {} ({} cores, {} MiB)", ticket.requestId(),
                    ticket.workspaceId(), ticket.cores(), ticket.memoryMb());
            for (AdmissionListener listener : listeners) {
                try {
                    listener.admitted(ticket);
                } catch (RuntimeException e) {
                    log.error("admission listener failed on ticket {}", ticket.id(), e);
                }
            }
        }
    }

    private void notifyDropped(AdmissionLedger.Request request, String code) {
        for (AdmissionListener listener : listeners) {
            try {
                listener.dropped(request.requestId(), request.workspaceId(), code);
            } catch (RuntimeException e) {
                log.error("admission listener failed on dropped request {}", request.requestId(), e);
            }
        }
    }
}
