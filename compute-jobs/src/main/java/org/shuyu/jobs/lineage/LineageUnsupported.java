package org.shuyu.jobs.lineage;

import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.jobs.authz.EnforcementException;

/** The refusal of a statement whose lineage cannot be established exactly: it never runs (fail closed). */
final class LineageUnsupported {
    private LineageUnsupported() {
    }

    static EnforcementException because(String what) {
        return new EnforcementException(JobsErrorCode.LINEAGE_UNSUPPORTED,
                "the lineage of this statement cannot be recorded (" + what + "), so it is not run");
    }
}
