package org.shuyu.controller.adapter.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.shuyu.controller.grant.Application;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.GrantLifecycle;
import org.shuyu.controller.grant.Lab;
import org.shuyu.controller.grant.LifecycleEvent;
import org.shuyu.controller.grant.LifecycleState;
import org.shuyu.controller.grant.MaterialKind;

/** The API's view of labs, applications and grants: states by their short name, with the events each state allows. */
final class LifecycleDtos {
    private LifecycleDtos() {}

    record LabDto(String id, String organizationId, String jurisdiction, String state, List<String> allowedEvents,
                  List<String> datasetIds, String developmentApproach, String marketPlan, int requestedMonths,
                  LocalDate termStart, LocalDate termEnd, Instant requestedAt, String requestedBy, String decisionNote,
                  ReportDto report) {}

    record ReportDto(String id, Instant issuedAt, String issuedBy, String conclusion, String summary, String findings,
                     String content, String sha256) {}

    static LabDto lab(Lab lab) {
        return new LabDto(lab.id(), lab.organizationId(), lab.jurisdiction().code(), lab.state().shortName(), allowed(lab.state()),
                lab.datasetIds(), lab.developmentApproach(), lab.marketPlan(), lab.requestedMonths(), lab.termStart().orElse(null),
                lab.termEnd().orElse(null), lab.requestedAt(), lab.requestedBy(), lab.decisionNote().orElse(null),
                lab.report().map(LifecycleDtos::report).orElse(null));
    }

    static ReportDto report(Lab.LabReport r) {
        return new ReportDto(r.id(), r.issuedAt(), r.issuedBy(), r.conclusion().name(), r.summary(), r.findings(), r.content(), r.sha256());
    }

    record MaterialDto(String documentName, String sha256, LocalDate periodEnd, Instant providedAt, String providedBy) {}

    record ReviewDto(String id, String reviewer, String kind, List<Application.Opinion> opinions, Instant recordedAt) {}

    record ApplicationDto(String id, String labId, String organizationId, String announcementId, String state,
                          List<String> allowedEvents, String scenario, String priorityDomain, String level, String jurisdiction,
                          List<String> datasetIds, Map<String, MaterialDto> materials, List<String> missingMaterials,
                          List<ReviewDto> reviews, Application.Deliberation deliberation, Application.Approval approval,
                          Instant createdAt, String createdBy, Instant submittedAt, String closedReason) {}

    static ApplicationDto application(Application a) {
        Map<String, MaterialDto> materials = new TreeMap<>();
        a.materials().forEach((kind, m) -> materials.put(kind.name(),
                new MaterialDto(m.documentName(), m.sha256(), m.periodEnd().orElse(null), m.providedAt(), m.providedBy())));
        List<String> missing = Arrays.stream(MaterialKind.values())
                .filter(k -> !a.materials().containsKey(k)).map(Enum::name).toList();
        return new ApplicationDto(a.id(), a.labId(), a.organizationId(), a.announcementId().orElse(null), a.state().shortName(),
                allowed(a.state()), a.scenario(), a.priorityDomain().name(), a.level().name(), a.jurisdiction().code(), a.datasetIds(),
                materials, missing,
                a.reviews().stream().map(r -> new ReviewDto(r.id(), r.reviewer(), r.kind().name(), r.opinions(), r.recordedAt())).toList(),
                a.deliberation().orElse(null), a.approval().orElse(null), a.createdAt(), a.createdBy(), a.submittedAt().orElse(null),
                a.closedReason().orElse(null));
    }

    record GrantDto(String id, String applicationId, String organizationId, String state, boolean accessOpen,
                    List<String> allowedEvents, String scenario, String priorityDomain, String level, String jurisdiction,
                    List<String> datasetIds, LocalDate termStart, LocalDate termEnd, Grant.Agreement agreement,
                    Grant.EmergencyPlan emergencyPlan, Grant.Suspension suspension, Grant.Rectification rectification,
                    List<Grant.Drill> drills, List<Grant.Decision> decisions, Instant createdAt, String createdBy,
                    Instant activatedAt, Instant endedAt, String endReason) {}

    static GrantDto grant(Grant g, List<Grant.Drill> drills, List<Grant.Decision> decisions) {
        return new GrantDto(g.id(), g.applicationId(), g.organizationId(), g.state().shortName(), g.state().accessOpen(),
                allowed(g.state()), g.scenario(), g.priorityDomain().name(), g.level().name(), g.jurisdiction().code(), g.datasetIds(),
                g.termStart(), g.termEnd(), g.agreement(), g.emergencyPlan().orElse(null), g.suspension().orElse(null),
                g.rectification().orElse(null), drills, decisions, g.createdAt(), g.createdBy(), g.activatedAt().orElse(null),
                g.endedAt().orElse(null), g.endReason().orElse(null));
    }

    static List<String> allowed(LifecycleState state) {
        return GrantLifecycle.transitions(state).keySet().stream().map(LifecycleEvent::name).toList();
    }
}
