package org.shuyu.controller.annual;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.identity.Jurisdiction;

/**
 * One operator's annual operation report for one year: the hand-written sections, the deadline, the figures
 * frozen at submission (empty before), the authority's return comments, and the audit facts of who moved it.
 */
public record AnnualReport(
        String id,
        String organizationId,
        Jurisdiction jurisdiction,
        int year,
        AnnualReportState state,
        Sections sections,
        Instant due,
        Optional<Instant> overdueAt,
        Optional<AnnualFigures> frozenFigures,
        Optional<String> figuresSha256,
        Optional<Instant> submittedAt,
        Optional<String> submittedBy,
        Optional<Returned> returned,
        Instant createdAt,
        String createdBy,
        Instant updatedAt) {

    /** The longest hand-written section. */
    public static final int SECTION_MAX = 10_000;

    /** The operator's own text: security measures, what happened (incidents) and plans for the next year. */
    public record Sections(String securityMeasures, String incidentsNarrative, String plans) {
        public static final Sections EMPTY = new Sections("", "", "");

        public Sections {
            requireNonNull(securityMeasures, "securityMeasures is null");
            requireNonNull(incidentsNarrative, "incidentsNarrative is null");
            requireNonNull(plans, "plans is null");
        }
    }

    /** The authority's last return: its comments, when and by whom. */
    public record Returned(String comments, Instant at, String by) {
        public Returned {
            requireNonNull(comments, "comments is null");
            requireNonNull(at, "at is null");
            requireNonNull(by, "by is null");
        }
    }

    public AnnualReport {
        requireNonNull(id, "id is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(jurisdiction, "jurisdiction is null");
        requireNonNull(state, "state is null");
        requireNonNull(sections, "sections is null");
        requireNonNull(due, "due is null");
        requireNonNull(overdueAt, "overdueAt is null");
        requireNonNull(frozenFigures, "frozenFigures is null");
        requireNonNull(figuresSha256, "figuresSha256 is null");
        requireNonNull(submittedAt, "submittedAt is null");
        requireNonNull(submittedBy, "submittedBy is null");
        requireNonNull(returned, "returned is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    /** The names of the hand-written sections still blank. */
    public List<String> missingSections() {
        List<String> missing = new ArrayList<>();
        if (sections.securityMeasures().isBlank()) {
            missing.add("securityMeasures");
        }
        if (sections.incidentsNarrative().isBlank()) {
            missing.add("incidentsNarrative");
        }
        if (sections.plans().isBlank()) {
            missing.add("plans");
        }
        return missing;
    }

    public boolean sectionsComplete() {
        return missingSections().isEmpty();
    }

    public AnnualReport withSections(Sections next, Instant now) {
        return new AnnualReport(id, organizationId, jurisdiction, year, state, next, due, overdueAt, frozenFigures,
                figuresSha256, submittedAt, submittedBy, returned, createdAt, createdBy, now);
    }

    public AnnualReport submitted(AnnualReportState next, AnnualFigures figures, Instant now, String by) {
        return new AnnualReport(id, organizationId, jurisdiction, year, next, sections, due, overdueAt, Optional.of(figures),
                Optional.of(figures.sha256()), Optional.of(now), Optional.of(by), returned, createdAt, createdBy, now);
    }

    /** Returned for completion: a new deadline, the overdue flag cleared. */
    public AnnualReport returnedWith(AnnualReportState next, Returned by, Instant newDue) {
        return new AnnualReport(id, organizationId, jurisdiction, year, next, sections, newDue, Optional.empty(),
                frozenFigures, figuresSha256, submittedAt, submittedBy, Optional.of(by), createdAt, createdBy, by.at());
    }

    public AnnualReport moved(AnnualReportState next, Instant now) {
        return new AnnualReport(id, organizationId, jurisdiction, year, next, sections, due, overdueAt, frozenFigures,
                figuresSha256, submittedAt, submittedBy, returned, createdAt, createdBy, now);
    }

    public AnnualReport flaggedOverdue(Instant now) {
        return new AnnualReport(id, organizationId, jurisdiction, year, state, sections, due, Optional.of(now), frozenFigures,
                figuresSha256, submittedAt, submittedBy, returned, createdAt, createdBy, now);
    }
}
