package org.shuyu.controller.grant;

import org.shuyu.controller.error.SandboxException;

/** The input checks every life-cycle command shares; each refusal is INVALID_REQUEST naming the field. */
final class LifecycleInputs {
    private LifecycleInputs() {}

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw SandboxException.invalid(field + " is required");
        }
    }

    static void requireSha256(String value, String field) {
        if (value == null || !value.matches("[0-9a-f]{64}")) {
            throw SandboxException.invalid(field + " must be a SHA-256 digest (64 lowercase hex characters)");
        }
    }
}
