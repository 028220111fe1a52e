package org.shuyu.controller.admission;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link AdmissionStore} in memory that checks, at every stored ticket, that the stored tickets never exceed the
 * capacity it was given: the "never over capacity at any instant" witness of the concurrency tests.
 */
final class InMemoryAdmissionStore implements AdmissionStore {
    private final Map<String, ComputeQuota> quotas = new LinkedHashMap<>();
    private final Map<String, Ticket> tickets = new LinkedHashMap<>();
    private final int capacityCores;
    private final int capacityMemoryMb;
    final AtomicInteger overCapacity = new AtomicInteger();
    final AtomicInteger maxCoresSeen = new AtomicInteger();

    InMemoryAdmissionStore(int capacityCores, int capacityMemoryMb) {
        this.capacityCores = capacityCores;
        this.capacityMemoryMb = capacityMemoryMb;
    }

    @Override
    public synchronized Optional<ComputeQuota> quota(String organizationId) {
        return Optional.ofNullable(quotas.get(organizationId));
    }

    @Override
    public synchronized List<ComputeQuota> quotas() {
        return new ArrayList<>(quotas.values());
    }

    @Override
    public synchronized void putQuota(ComputeQuota quota) {
        quotas.put(quota.organizationId(), quota);
    }

    @Override
    public synchronized void insertTicket(Ticket ticket) {
        if (tickets.putIfAbsent(ticket.id(), ticket) != null) {
            throw new IllegalStateException("duplicate ticket " + ticket.id());
        }
        int cores = tickets.values().stream().mapToInt(Ticket::cores).sum();
        int memory = tickets.values().stream().mapToInt(Ticket::memoryMb).sum();
        maxCoresSeen.accumulateAndGet(cores, Math::max);
        if (cores > capacityCores || memory > capacityMemoryMb) {
            overCapacity.incrementAndGet();
        }
    }

    @Override
    public synchronized boolean deleteTicket(String ticketId) {
        return tickets.remove(ticketId) != null;
    }

    @Override
    public synchronized List<Ticket> tickets() {
        return new ArrayList<>(tickets.values());
    }

    @Override
    public synchronized List<Ticket> ticketsOfOtherIncarnations(String incarnation) {
        return tickets.values().stream().filter(t -> !t.incarnation().equals(incarnation)).toList();
    }
}
