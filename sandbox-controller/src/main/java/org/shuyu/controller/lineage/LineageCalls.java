package org.shuyu.controller.lineage;

import java.util.function.Supplier;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.lineage.LineageException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Calls into the lineage store, its refusals translated into the controller's error codes. */
@Component
class LineageCalls {
    private final TransactionTemplate tx;

    LineageCalls(PlatformTransactionManager transactions) {
        this.tx = new TransactionTemplate(transactions);
    }

    /** Runs {@code work} in a transaction of its own (or the caller's), translating the store's refusals. */
    void inTransaction(Runnable work) {
        tx.executeWithoutResult(status -> call(() -> {
            work.run();
            return null;
        }));
    }

    /** Runs a store call, translating its refusals into the controller's error codes. */
    static <T> T call(Supplier<T> work) {
        try {
            return work.get();
        } catch (LineageException e) {
            throw translate(e);
        }
    }

    static SandboxException translate(LineageException e) {
        ErrorCode code = switch (e.code()) {
            case INVALID_EVENT, MISSING_SOURCE_SENSITIVITY, UNKNOWN_PROCESS -> ErrorCode.INVALID_LINEAGE_EVENT;
            case DATASET_MISMATCH -> ErrorCode.LINEAGE_OUT_OF_SCOPE;
            case CONFLICTING_DUPLICATE, INVALID_STATE_TRANSITION -> ErrorCode.LINEAGE_CONFLICT;
            case UNKNOWN_DATASET, UNKNOWN_COLUMN -> ErrorCode.NOT_FOUND;
            case INVALID_QUERY -> ErrorCode.INVALID_LINEAGE_QUERY;
            case NOT_IN_TRANSACTION, STORAGE_FAILURE -> ErrorCode.INTERNAL_ERROR;
        };
        return new SandboxException(code, e.getMessage(), e);
    }
}
