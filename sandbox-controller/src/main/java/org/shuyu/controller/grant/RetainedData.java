package org.shuyu.controller.grant;

import static java.util.Objects.requireNonNull;

/** Port: the operator's data the platform retains for a grant (workspace files, tables), and its deletion (R-17a). */
public interface RetainedData {
    /** What deleting a grant's data covers, in words for the deletion record. */
    String scope(String grantId);

    /** Deletes everything retained for the grant; idempotent (a second call deletes nothing and succeeds). */
    Erasure erase(String grantId);

    record Erasure(long files, long bytes, String detail) {
        public Erasure {
            requireNonNull(detail, "detail is null");
        }
    }
}
