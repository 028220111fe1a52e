package org.shuyu.controller.admission;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.replica.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At startup, before the controller admits anything: releases the tickets earlier controller incarnations held (their
 * engines died with them, or are killed by the engines' restart cleanup), each release audited in the same
 * transaction ({@code admission.ticket-release-dead}).
 */
@Component
public class DeadTickets implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(DeadTickets.class);
    private final Admission admission;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    public DeadTickets(Admission admission, AuditLog audit, PlatformTransactionManager transactions) {
        this.admission = requireNonNull(admission, "admission is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.transactions = new TransactionTemplate(requireNonNull(transactions, "transactions is null"));
    }

    @Override
    public void afterSingletonsInstantiated() {
        release();
    }

    /** Releases and audits the dead tickets; returns how many. */
    public int release() {
        List<Ticket> dead = transactions.execute(status -> {
            List<Ticket> released = admission.releaseDeadTickets();
            released.forEach(t -> audit.append(AdmissionAuditEvents.deadTicketReleased(t, admission.incarnation())));
            return released;
        });
        int count = dead == null ? 0 : dead.size();
        if (count > 0) {
            log.warn("{} admission ticket(s) held by an earlier controller process were released", count);
        }
        return count;
    }

    private Leadership leadership;

    @Autowired
    void setLeadership(Leadership leadership) {
        this.leadership = leadership;
    }

    /**
     * On the leader, every {@code sandbox.replica.sweep-interval}: the same clean-up for replicas that died and did
     * not come back (their heartbeat expired; a live replica's work is never touched). docs/replicas.md.
     */
    @Scheduled(fixedDelayString = "${sandbox.replica.sweep-interval:10s}", initialDelayString = "${sandbox.replica.sweep-interval:10s}")
    public void sweepDeadReplicas() {
        if (leadership == null || !leadership.isLeader()) {
            return;
        }
        try {
            release();
        } catch (RuntimeException e) {
            log.error("sweep of dead replicas' admission tickets failed; the next pass retries", e);
        }
    }
}
