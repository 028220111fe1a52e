package org.shuyu.controller.owndata;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.shuyu.controller.identity.Jurisdiction;

/**
 * An operator's import of its own compliant data into a grant's workspace (R-19c, docs/own-data.md): what it declares
 * (table name, source, legal basis, purpose, columns), the received file's size and SHA-256, the automatic checks'
 * results, and the authority's decision. {@code jurisdiction} is the grant's: its data authority decides.
 */
public record OwnDataImport(
        String id,
        String grantId,
        String organizationId,
        Jurisdiction jurisdiction,
        String tableName,
        String source,
        String legalBasis,
        String purpose,
        List<OwnColumn> columns,
        OwnDataState state,
        String createdBy,
        Instant createdAt,
        Optional<FileInfo> file,
        List<CheckOutcome> checks,
        Optional<String> decidedBy,
        Optional<Instant> decidedAt,
        Optional<String> reason,
        Instant updatedAt) {

    /** The received file: rows (header excluded), bytes and the SHA-256 of its bytes. */
    public record FileInfo(long rows, long bytes, String sha256) {}

    public OwnDataImport {
        requireNonNull(id, "id is null");
        requireNonNull(grantId, "grantId is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(jurisdiction, "jurisdiction is null");
        requireNonNull(tableName, "tableName is null");
        requireNonNull(source, "source is null");
        requireNonNull(legalBasis, "legalBasis is null");
        requireNonNull(purpose, "purpose is null");
        columns = List.copyOf(columns);
        requireNonNull(state, "state is null");
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(file, "file is null");
        checks = List.copyOf(checks);
        requireNonNull(decidedBy, "decidedBy is null");
        requireNonNull(decidedAt, "decidedAt is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    /** The import's grade: the highest grade of its columns (R-24b), carried by its lineage root. */
    public int grade() {
        return columns.stream().mapToInt(c -> c.column().grade()).max().orElse(1);
    }

    /**
     * The name jobs read it by once materialized, {@code own_<import>.<table>}: a source of its own (its lineage root),
     * visible only in its grant's workspace.
     */
    public String datasetId() {
        return datasetId(id, tableName);
    }

    public static String datasetId(String importId, String tableName) {
        String key = importId.replaceAll("[^a-zA-Z0-9]", "").toLowerCase(Locale.ROOT);
        return "own_" + key.substring(Math.max(0, key.length() - 32)) + "." + tableName;
    }

    /** The next version: {@code next} state at {@code at}, with the file, checks and decision given. */
    public OwnDataImport moved(OwnDataState next, Instant at, Optional<FileInfo> withFile, List<CheckOutcome> withChecks,
            Optional<String> by, Optional<String> why) {
        boolean decision = next == OwnDataState.MATERIALIZED || (next == OwnDataState.REJECTED && by.isPresent());
        return new OwnDataImport(id, grantId, organizationId, jurisdiction, tableName, source, legalBasis, purpose, columns,
                next, createdBy, createdAt, withFile, withChecks, decision ? by : decidedBy, decision ? Optional.of(at) : decidedAt,
                why.isPresent() ? why : reason, at);
    }
}
