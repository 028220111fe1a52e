package org.shuyu.controller.adapter.atlas;

import static java.util.Objects.requireNonNull;

/**
 * One call to Atlas's REST v2 API, as it waits in the outbox: {@code subject} is the qualifiedName of the process it
 * belongs to, {@code body} the JSON sent.
 */
public record AtlasRequest(Kind kind, String subject, String body) {
    public enum Kind {
        /** {@code POST /api/atlas/v2/entity/bulk} with an AtlasEntitiesWithExtInfo: create or update by qualifiedName. */
        ENTITIES,
        /**
         * {@code PUT /api/atlas/v2/entity/uniqueAttribute/type/shuyu_process?attr:qualifiedName=<subject>} with an
         * AtlasEntityWithExtInfo: a partial update of the process (state, endTime).
         */
        PROCESS_UPDATE
    }

    public AtlasRequest {
        requireNonNull(kind, "kind is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(body, "body is null");
    }
}
