package org.shuyu.controller.admission;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An admission that holds cores and memory of the capacity and of its operator's quota until released. The
 * {@code incarnation} is the controller process that admitted it: tickets of an earlier incarnation are released when a
 * controller starts (their engines died with it or are killed by the engines' own restart cleanup).
 */
public record Ticket(
        String id,
        String requestId,
        String organizationId,
        String workspaceId,
        int cores,
        int memoryMb,
        String incarnation,
        Instant requestedAt,
        Instant admittedAt) {

    public Ticket {
        requireNonNull(id, "id is null");
        requireNonNull(requestId, "requestId is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(workspaceId, "workspaceId is null");
        requireNonNull(incarnation, "incarnation is null");
        requireNonNull(requestedAt, "requestedAt is null");
        requireNonNull(admittedAt, "admittedAt is null");
        if (cores < 1 || memoryMb < 1) {
            throw new IllegalArgumentException("a ticket holds at least 1 core and 1 MiB");
        }
    }
}
