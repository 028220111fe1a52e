package org.shuyu.runtime.contract;

/**
 * A contract message that is not valid JSON of its type or breaks a rule of its record. The message names the field
 * and the rule, never quotes more of the input than the offending field's name.
 */
public final class InvalidRuntimeMessageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidRuntimeMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
