package org.shuyu.controller.grant;


import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Port: persistence of the life cycle. {@code lock*} reads take a row lock for the rest of the caller's
 * transaction, so two transitions of one subject never interleave.
 */
public interface LifecycleStore {
    void insertLab(Lab lab);

    Optional<Lab> lab(String id);

    Optional<Lab> lockLab(String id);

    void updateLab(Lab lab);

    void insertLabReport(Lab.LabReport report);

    List<Lab> labs();

    List<Lab> labsEndingBy(LifecycleState state, LocalDate day);

    void insertApplication(Application application);

    Optional<Application> application(String id);

    Optional<Application> lockApplication(String id);

    void updateApplication(Application application);

    void putMaterial(String applicationId, Application.Material material);

    void insertReview(String applicationId, Application.Review review);

    void insertDeliberation(String applicationId, Application.Deliberation deliberation);

    void insertApproval(String applicationId, Application.Approval approval);

    List<Application> applications();

    void insertGrant(Grant grant, String scenarioKey);

    Optional<Grant> grant(String id);

    Optional<Grant> lockGrant(String id);

    void updateGrant(Grant grant);

    List<Grant> grants();

    List<Grant> grantsIn(Set<LifecycleState> states);

    boolean liveGrantWithScenario(String organizationId, String scenarioKey, Set<LifecycleState> liveStates);

    void putEmergencyPlan(String grantId, Grant.EmergencyPlan plan);

    void insertDrill(Grant.Drill drill);

    List<Grant.Drill> drills(String grantId);

    void insertDecision(Grant.Decision decision);

    Optional<Grant.Decision> decision(String id);

    void updateDecision(Grant.Decision decision);

    List<Grant.Decision> decisions(String grantId);

    void insertPublication(Grant.Publication publication);

    void updatePublicationStatus(String grantId, String status);

    List<Grant.Publication> publications();

    void insertFiling(Grant.Filing filing);

    List<Grant.Filing> filings();

    void putMember(Grant.Member member);

    Optional<Grant.Member> member(String grantId, String userId);

    List<Grant.Member> members(String grantId);

    void insertDeletion(Grant.Deletion deletion);

    void updateDeletion(Grant.Deletion deletion);

    Optional<Grant.Deletion> lockDeletion(String id);

    List<Grant.Deletion> deletions();

    List<Grant.Deletion> deletionsDue(Instant now);
}
