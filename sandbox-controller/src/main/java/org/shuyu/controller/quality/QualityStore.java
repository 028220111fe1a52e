package org.shuyu.controller.quality;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Port: persistence of data quality requests. */
public interface QualityStore {
    void insert(QualityRequest request);

    void update(QualityRequest request);

    Optional<QualityRequest> find(String id);

    /** The request with its row locked for the rest of the transaction. */
    Optional<QualityRequest> lock(String id);

    /** Every request, newest first. */
    List<QualityRequest> all();

    /** The requests in one of the states whose deadline is before {@code now} and that carry no overdue mark. */
    List<QualityRequest> dueUnmarked(Collection<QualityState> states, Instant now);

    /** The requests against the provider's datasets filed in [from, to). */
    List<QualityRequest> filedAgainst(String providerId, Instant from, Instant to);
}
