package org.shuyu.controller.adapter.metrics;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.error.ErrorCode;

/**
 * The refusal codes a metric may carry as a label: the controller's {@link ErrorCode} names and the job runtime's
 * codes (compute-jobs {@code JobsErrorCode}, and the ones {@code job/RuntimeOutcomes} gives a crashed runtime). Any
 * other text (a runtime's status is its own string) becomes {@link #OTHER}: a label never carries free text, so no
 * data value can reach the metrics and the series stay bounded.
 */
final class RefusalCodes {
    static final String OTHER = "OTHER";
    static final String NONE = "NONE";
    /** compute-jobs' JobsErrorCode names (the controller cannot see that module; docs/operations.md lists them). */
    static final Set<String> RUNTIME = Set.of("ACCESS_DENIED", "SETTING_LOCKED", "PATH_OUTSIDE_WORKSPACE",
            "COMMAND_NOT_ALLOWED", "POLICY_UNAVAILABLE", "AUTHORIZATION_ERROR", "LINEAGE_UNSUPPORTED", "NO_IDENTITY",
            "STATEMENT_NOT_REGISTERED", "INVALID_CONFIG", "SETUP_FAILED", "STEP_FAILED", "INTERNAL_ERROR",
            "LINEAGE_REJECTED", "LINEAGE_UNAVAILABLE", "SNAPSHOT_TOO_LARGE", "CONNECT_UNAUTHENTICATED",
            "CONNECT_IDENTITY_REQUIRED", "CONNECT_USER_MISMATCH", "CONNECT_SESSION_MISMATCH", "CONNECT_ARTIFACTS_REFUSED",
            "CONNECT_CODE_REFUSED", "CONNECT_EXTENSION_REFUSED", "CONNECT_PATH_REFUSED", "CONNECT_WRITE_REFUSED",
            "CONNECT_CATALOG_REFUSED", "CONNECT_STREAMING_REFUSED", "CONNECT_COMMAND_REFUSED", "CONNECT_RESULT_TOO_LARGE",
            "READ_OPTIONS_NOT_ALLOWED", "STATEMENT_TOO_COMPLEX", "OUT_OF_MEMORY", "ACCESS_REVOKED", "ORPHANED",
            "RUNTIME_ERROR", "STATEMENT_CANCELLED", "RUNTIME_CRASHED");
    private static final Set<String> KNOWN = known();

    private RefusalCodes() {}

    /** The label for {@code code}: itself when it is a known code, {@link #OTHER} otherwise, {@link #NONE} when absent. */
    static String label(Optional<String> code) {
        return code.map(c -> KNOWN.contains(c) ? c : OTHER).orElse(NONE);
    }

    private static Set<String> known() {
        Set<String> all = new HashSet<>(RUNTIME);
        Arrays.stream(ErrorCode.values()).map(Enum::name).forEach(all::add);
        return Set.copyOf(all);
    }
}
