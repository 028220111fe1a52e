package org.shuyu.controller.grant;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: the records a grant leaves: decisions, publications and provincial filings, and the
 * deletions of its data (R-17a). {@code lockDeletion} takes a row lock for the rest of the caller's transaction.
 */
public interface GrantRecordStore {
    void insertDecision(Grant.Decision decision);

    Optional<Grant.Decision> decision(String id);

    void updateDecision(Grant.Decision decision);

    List<Grant.Decision> decisions(String grantId);

    void insertPublication(Grant.Publication publication);

    void updatePublicationStatus(String grantId, String status);

    List<Grant.Publication> publications();

    void insertFiling(Grant.Filing filing);

    List<Grant.Filing> filings();

    void insertDeletion(Grant.Deletion deletion);

    void updateDeletion(Grant.Deletion deletion);

    Optional<Grant.Deletion> lockDeletion(String id);

    List<Grant.Deletion> deletions();

    List<Grant.Deletion> deletionsDue(Instant now);
}
