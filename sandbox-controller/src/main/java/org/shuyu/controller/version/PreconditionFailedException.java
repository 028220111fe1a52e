package org.shuyu.controller.version;

import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;

/** A change refused because the object's revision no longer matches the request's If-Match; nothing was changed. */
public class PreconditionFailedException extends SandboxException {
    private final long current;

    public PreconditionFailedException(Versioned kind, String id, long current) {
        super(ErrorCode.PRECONDITION_FAILED, kind.noun() + " " + id + " changed since it was read: its current ETag is "
                + IfMatch.etag(current) + "; read it again and retry");
        this.current = current;
    }

    /** The object's revision when the change was refused. */
    public long current() {
        return current;
    }
}
