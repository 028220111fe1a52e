package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The typed shapes of a product's lineage view and registration record. The product service builds both as
 * ordered maps; the lineage view is converted into {@link ProductLineageDto} with the strict mapper (an unknown field
 * fails, so these records cannot silently fall behind), the registration record is served as built, because its
 * {@code digest} covers its exact JSON, and {@link ProductRegistrationDto} documents it.
 */
final class ProductRecordDtos {
    private ProductRecordDtos() {}

    /** A dataset upstream of the product's table. */
    record ProductLineageDataset(String name, String kind, String workspaceId, int depth, boolean quarantined) {}

    /** An edge of the upstream graph; {@code kind} is INDIRECT when the store has no column transformation. */
    record ProductLineageEdge(String source, String target, String kind, String process) {}

    /** A statement upstream of the product, with its SQL when the job is still known. */
    record ProductLineageStatement(String process, String jobId, int step, String statement, String user, String state,
            String startedAt, String sql) {}

    /** A source column a product column comes from, and the transformations on the way. */
    record SourceColumn(String column, List<String> kinds) {}

    /** A column of the product with its inherited sensitivity. */
    record ProductColumn(String name, String classification, Integer grade, String origin, List<SourceColumn> sourceColumns) {}

    /** The candidate's lineage for its reviewers ({@code truncated} is absent when no lineage was recorded). */
    record ProductLineageDto(String product, String dataset, List<ProductLineageDataset> datasets,
            List<ProductLineageEdge> edges, List<ProductLineageStatement> statements, List<ProductColumn> columns,
            List<String> sources, Boolean truncated) {}

    /** The frozen content of a listed product. */
    record RegistrationContent(String format, String sha256, long rows, long bytes, String frozenAt, String snapshotJob) {}

    /** The registered product. */
    record RegistrationProduct(String id, String name, int version, String kind, String description,
            String approvedScenario, String listedAt, RegistrationContent content, List<ProductColumn> columns) {}

    /** The organization's accountable person. */
    record RegistrationPerson(String userId, String name) {}

    /** The signed authorization agreement. */
    record RegistrationAgreement(String documentName, String sha256, String signedOn) {}

    /** The grant the product was made under. */
    record RegistrationGrant(String id, String scenario, String termStart, String termEnd, RegistrationAgreement agreement) {}

    /** The operator that owns the product. */
    record RegistrationOwner(String organizationId, String name, String uscc, RegistrationPerson accountablePerson,
            RegistrationGrant grant) {}

    /** A source dataset with its catalog entry (title and provider absent if it left the catalog). */
    record RegistrationSource(String dataset, String title, String providerId, String provider, String openness) {}

    /** How the product was made: the upstream graph and statements. */
    record RegistrationMethod(List<ProductLineageDataset> datasets, List<ProductLineageEdge> edges,
            List<ProductLineageStatement> statements, Boolean truncated) {}

    /** An automatic check of the product review. */
    record RegistrationCheck(String check, String verdict, String reason, List<String> details) {}

    /** An expert's review decision. */
    record RegistrationExpertReview(String reviewer, String decision, String comment, String at) {}

    /** The review record. */
    record RegistrationReview(List<RegistrationCheck> automaticChecks, List<RegistrationExpertReview> expertReviews) {}

    /**
     * The registration record of a listed product; {@code digest} is the SHA-256 of the record without it,
     * as compact JSON in the served key order.
     */
    @Schema(name = "ProductRegistration")
    record ProductRegistrationDto(@Schema(example = "shuyu.data-product-registration/v1") String recordType,
            String generatedAt, String generatedBy, RegistrationProduct product, RegistrationOwner owner,
            List<RegistrationSource> sources, RegistrationMethod method, RegistrationReview review, String digest) {}
}
