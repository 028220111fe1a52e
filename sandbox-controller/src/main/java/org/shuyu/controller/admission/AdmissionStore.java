package org.shuyu.controller.admission;

import java.util.List;
import java.util.Optional;

/**
 * Port: where quotas and held tickets are stored. Queued requests are not stored: a waiting caller lives in this
 * controller process and dies with it. Each call is its own transaction unless the caller holds one.
 */
public interface AdmissionStore {
    Optional<ComputeQuota> quota(String organizationId);

    List<ComputeQuota> quotas();

    /** Inserts or replaces the organization's quota. */
    void putQuota(ComputeQuota quota);

    void insertTicket(Ticket ticket);

    /** Deletes the ticket; false if there was none. */
    boolean deleteTicket(String ticketId);

    List<Ticket> tickets();

    /** The tickets admitted by controller incarnations other than {@code incarnation}. */
    List<Ticket> ticketsOfOtherIncarnations(String incarnation);
}
