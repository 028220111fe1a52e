package org.shuyu.controller.admission;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The admission algorithm, without threads, clocks or storage: what is held, what waits, and which waiting requests
 * may be admitted now. {@link Admission} owns one and calls it under its lock; tests drive it directly.
 *
 * <p>The rule ({@link #admissible}): walk the queue from the front.
 * <ol>
 *   <li>A request whose operator's quota cannot take it now (its held cores + the request's cores above the quota's
 *       cores, the same for memory, or as many tickets held as the quota's engines) is <b>skipped</b>: it keeps its
 *       place and blocks nobody, so an operator at its quota never delays another operator. Every later request of
 *       the same operator is skipped in this walk too, so one operator's requests are admitted in their order.</li>
 *   <li>Otherwise, if the capacity can take it, it is admitted (and counted before the next request is looked at).</li>
 *   <li>Otherwise the walk <b>stops</b>: capacity is first come, first served. A later, smaller request never overtakes
 *       one that is waiting only for capacity, so a large request is never starved by a stream of small ones.</li>
 * </ol>
 * A new request is appended to the queue and the walk runs; it is admitted at once exactly when the walk admits it.
 * Since the walk runs after every change (request, release, cancel, quota or capacity change), the queue's front
 * is never admissible between changes.
 */
final class AdmissionLedger {
    /** A request waiting for capacity or quota. */
    record Request(String requestId, String organizationId, String workspaceId, int cores, int memoryMb, Instant requestedAt) {
        Request {
            requireNonNull(requestId, "requestId is null");
            requireNonNull(organizationId, "organizationId is null");
            requireNonNull(workspaceId, "workspaceId is null");
            requireNonNull(requestedAt, "requestedAt is null");
        }
    }

    /** What one operator holds. */
    record Held(int cores, int memoryMb, int engines) {
        static final Held NONE = new Held(0, 0, 0);

        Held plus(int moreCores, int moreMemoryMb) {
            return new Held(cores + moreCores, memoryMb + moreMemoryMb, engines + 1);
        }
    }

    private Capacity capacity;
    private final Map<String, Ticket> tickets = new LinkedHashMap<>();
    private final Map<String, Request> queue = new LinkedHashMap<>();

    AdmissionLedger(Capacity capacity) {
        this.capacity = requireNonNull(capacity, "capacity is null");
    }

    Capacity capacity() {
        return capacity;
    }

    void capacity(Capacity next) {
        this.capacity = requireNonNull(next, "capacity is null");
    }

    int usedCores() {
        return tickets.values().stream().mapToInt(Ticket::cores).sum();
    }

    int usedMemoryMb() {
        return tickets.values().stream().mapToInt(Ticket::memoryMb).sum();
    }

    Held heldBy(String organizationId) {
        Held held = Held.NONE;
        for (Ticket t : tickets.values()) {
            if (t.organizationId().equals(organizationId)) {
                held = held.plus(t.cores(), t.memoryMb());
            }
        }
        return held;
    }

    Map<String, Held> heldByOperator() {
        Map<String, Held> held = new LinkedHashMap<>();
        for (Ticket t : tickets.values()) {
            held.merge(t.organizationId(), Held.NONE.plus(t.cores(), t.memoryMb()),
                    (a, b) -> new Held(a.cores() + b.cores(), a.memoryMb() + b.memoryMb(), a.engines() + b.engines()));
        }
        return held;
    }

    List<Ticket> tickets() {
        return List.copyOf(tickets.values());
    }

    Optional<Ticket> ticket(String ticketId) {
        return Optional.ofNullable(tickets.get(ticketId));
    }

    Optional<Ticket> ticketOfRequest(String requestId) {
        return tickets.values().stream().filter(t -> t.requestId().equals(requestId)).findFirst();
    }

    List<Request> queue() {
        return List.copyOf(queue.values());
    }

    Optional<Request> queued(String requestId) {
        return Optional.ofNullable(queue.get(requestId));
    }

    /** The 1-based place of the request in the queue, or empty when it does not wait. */
    Optional<Integer> position(String requestId) {
        int position = 1;
        for (String id : queue.keySet()) {
            if (id.equals(requestId)) {
                return Optional.of(position);
            }
            position++;
        }
        return Optional.empty();
    }

    /** The first queued request of the workspace, if any. */
    Optional<Request> queuedFor(String workspaceId) {
        return queue.values().stream().filter(r -> r.workspaceId().equals(workspaceId)).findFirst();
    }

    void enqueue(Request request) {
        if (queue.putIfAbsent(request.requestId(), request) != null) {
            throw new IllegalStateException("request " + request.requestId() + " is already queued");
        }
    }

    boolean dequeue(String requestId) {
        return queue.remove(requestId) != null;
    }

    /** Records the ticket of an admitted request: the request leaves the queue, the ticket is held. */
    void hold(Ticket ticket) {
        queue.remove(ticket.requestId());
        if (tickets.putIfAbsent(ticket.id(), ticket) != null) {
            throw new IllegalStateException("ticket " + ticket.id() + " is already held");
        }
    }

    Optional<Ticket> release(String ticketId) {
        return Optional.ofNullable(tickets.remove(ticketId));
    }

    /** Whether the request fits its operator's quota given what the operator holds now. */
    static boolean fitsQuota(Held held, ComputeQuota quota, int cores, int memoryMb) {
        return held.engines() + 1 <= quota.maxEngines() && held.cores() + cores <= quota.maxCores()
                && held.memoryMb() + memoryMb <= quota.maxMemoryMb();
    }

    /**
     * The queued requests to admit now, in queue order, by the rule in the class comment; {@code quotas} gives each
     * operator's quota. Nothing changes until the caller {@link #hold}s their tickets.
     */
    List<Request> admissible(Function<String, ComputeQuota> quotas) {
        List<Request> admit = new ArrayList<>();
        int cores = usedCores();
        int memory = usedMemoryMb();
        Map<String, Held> held = new HashMap<>(heldByOperator());
        Set<String> skipped = new HashSet<>();
        for (Request r : queue.values()) {
            Held operator = held.getOrDefault(r.organizationId(), Held.NONE);
            if (skipped.contains(r.organizationId())
                    || !fitsQuota(operator, quotas.apply(r.organizationId()), r.cores(), r.memoryMb())) {
                skipped.add(r.organizationId());
                continue;
            }
            if (cores + r.cores() > capacity.cores() || memory + r.memoryMb() > capacity.memoryMb()) {
                break;
            }
            admit.add(r);
            cores += r.cores();
            memory += r.memoryMb();
            held.put(r.organizationId(), operator.plus(r.cores(), r.memoryMb()));
        }
        return admit;
    }
}
