package org.shuyu.controller.adapter.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.grant.Application;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.Lab;
import org.shuyu.controller.grant.LifecycleState;
import org.shuyu.controller.grant.LifecycleStore;
import org.shuyu.controller.version.Revisions;
import org.shuyu.controller.version.Versioned;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The life cycle on the controller's database (PostgreSQL or H2), with plain SQL: one class per part of the port
 * ({@link JdbcLabStore}, {@link JdbcApplicationStore}, {@link JdbcGrantStore}, {@link JdbcGrantRecordStore}); this
 * class only hands each call to its part. Its static timestamp helpers serve the other stores of this package.
 * Every change of a lab, application or grant, or of a sub-object of its representation, bumps the object's revision
 * ({@link Revisions}, the API's ETag) in the same transaction.
 */
@Component
public class JdbcLifecycleStore implements LifecycleStore {
    private final JdbcLabStore labs;
    private final JdbcApplicationStore applications;
    private final JdbcGrantStore grants;
    private final JdbcGrantRecordStore records;
    private final Revisions revisions;

    public JdbcLifecycleStore(JdbcClient jdbc, Revisions revisions) {
        this.revisions = revisions;
        this.labs = new JdbcLabStore(jdbc);
        this.applications = new JdbcApplicationStore(jdbc);
        this.grants = new JdbcGrantStore(jdbc);
        this.records = new JdbcGrantRecordStore(jdbc);
    }

    @Override
    public void insertLab(Lab lab) {
        labs.insertLab(lab);
    }

    @Override
    public Optional<Lab> lab(String id) {
        return labs.lab(id);
    }

    @Override
    public Optional<Lab> lockLab(String id) {
        return labs.lockLab(id);
    }

    @Override
    public void updateLab(Lab lab) {
        revisions.bump(Versioned.LAB, lab.id());
        labs.updateLab(lab);
    }

    @Override
    public void insertLabReport(Lab.LabReport report) {
        revisions.bump(Versioned.LAB, report.labId());
        labs.insertLabReport(report);
    }

    @Override
    public List<Lab> labs() {
        return labs.labs();
    }

    @Override
    public List<Lab> labsEndingBy(LifecycleState state, LocalDate day) {
        return labs.labsEndingBy(state, day);
    }

    @Override
    public void insertApplication(Application application) {
        applications.insertApplication(application);
    }

    @Override
    public Optional<Application> application(String id) {
        return applications.application(id);
    }

    @Override
    public Optional<Application> lockApplication(String id) {
        return applications.lockApplication(id);
    }

    @Override
    public void updateApplication(Application application) {
        revisions.bump(Versioned.APPLICATION, application.id());
        applications.updateApplication(application);
    }

    @Override
    public void putMaterial(String applicationId, Application.Material material) {
        revisions.bump(Versioned.APPLICATION, applicationId);
        applications.putMaterial(applicationId, material);
    }

    @Override
    public void insertReview(String applicationId, Application.Review review) {
        revisions.bump(Versioned.APPLICATION, applicationId);
        applications.insertReview(applicationId, review);
    }

    @Override
    public void insertDeliberation(String applicationId, Application.Deliberation deliberation) {
        revisions.bump(Versioned.APPLICATION, applicationId);
        applications.insertDeliberation(applicationId, deliberation);
    }

    @Override
    public void insertApproval(String applicationId, Application.Approval approval) {
        revisions.bump(Versioned.APPLICATION, applicationId);
        applications.insertApproval(applicationId, approval);
    }

    @Override
    public List<Application> applications() {
        return applications.applications();
    }

    @Override
    public void insertGrant(Grant grant, String scenarioKey) {
        grants.insertGrant(grant, scenarioKey);
    }

    @Override
    public Optional<Grant> grant(String id) {
        return grants.grant(id);
    }

    @Override
    public Optional<Grant> lockGrant(String id) {
        return grants.lockGrant(id);
    }

    @Override
    public void updateGrant(Grant grant) {
        revisions.bump(Versioned.GRANT, grant.id());
        grants.updateGrant(grant);
    }

    @Override
    public List<Grant> grants() {
        return grants.grants();
    }

    @Override
    public List<Grant> grantsIn(Set<LifecycleState> states) {
        return grants.grantsIn(states);
    }

    @Override
    public boolean liveGrantWithScenario(String organizationId, String scenarioKey, Set<LifecycleState> liveStates) {
        return grants.liveGrantWithScenario(organizationId, scenarioKey, liveStates);
    }

    @Override
    public void putEmergencyPlan(String grantId, Grant.EmergencyPlan plan) {
        revisions.bump(Versioned.GRANT, grantId);
        grants.putEmergencyPlan(grantId, plan);
    }

    @Override
    public void insertDrill(Grant.Drill drill) {
        revisions.bump(Versioned.GRANT, drill.grantId());
        grants.insertDrill(drill);
    }

    @Override
    public List<Grant.Drill> drills(String grantId) {
        return grants.drills(grantId);
    }

    @Override
    public void putMember(Grant.Member member) {
        revisions.bump(Versioned.GRANT, member.grantId());
        grants.putMember(member);
    }

    @Override
    public Optional<Grant.Member> member(String grantId, String userId) {
        return grants.member(grantId, userId);
    }

    @Override
    public List<Grant.Member> members(String grantId) {
        return grants.members(grantId);
    }

    @Override
    public void insertDecision(Grant.Decision decision) {
        revisions.bump(Versioned.GRANT, decision.grantId());
        records.insertDecision(decision);
    }

    @Override
    public Optional<Grant.Decision> decision(String id) {
        return records.decision(id);
    }

    @Override
    public void updateDecision(Grant.Decision decision) {
        revisions.bump(Versioned.GRANT, decision.grantId());
        records.updateDecision(decision);
    }

    @Override
    public List<Grant.Decision> decisions(String grantId) {
        return records.decisions(grantId);
    }

    @Override
    public void insertPublication(Grant.Publication publication) {
        records.insertPublication(publication);
    }

    @Override
    public void updatePublicationStatus(String grantId, String status) {
        records.updatePublicationStatus(grantId, status);
    }

    @Override
    public List<Grant.Publication> publications() {
        return records.publications();
    }

    @Override
    public void insertFiling(Grant.Filing filing) {
        records.insertFiling(filing);
    }

    @Override
    public List<Grant.Filing> filings() {
        return records.filings();
    }

    @Override
    public void insertDeletion(Grant.Deletion deletion) {
        records.insertDeletion(deletion);
    }

    @Override
    public void updateDeletion(Grant.Deletion deletion) {
        records.updateDeletion(deletion);
    }

    @Override
    public Optional<Grant.Deletion> lockDeletion(String id) {
        return records.lockDeletion(id);
    }

    @Override
    public List<Grant.Deletion> deletions() {
        return records.deletions();
    }

    @Override
    public List<Grant.Deletion> deletionsDue(Instant now) {
        return records.deletionsDue(now);
    }

    // ---- timestamp columns, for every store of this package

    static Timestamp ts(Instant instant) {
        return LifecycleRows.ts(instant);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        return LifecycleRows.instant(rs, column);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return LifecycleRows.instant(rs, column);
    }

    static Instant instantOrNull(ResultSet rs, String column) throws SQLException {
        return LifecycleRows.instantOrNull(rs, column);
    }
}
