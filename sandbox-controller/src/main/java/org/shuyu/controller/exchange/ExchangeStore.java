package org.shuyu.controller.exchange;

import java.util.List;
import java.util.Optional;

/** Persistence port of exchange recommendations (V25). */
public interface ExchangeStore {
    void insert(ExchangeRecommendation r);

    /** Stores the recommendation's new state (and the export, when it was just submitted). */
    void update(ExchangeRecommendation r, Optional<String> export);

    Optional<ExchangeRecommendation> find(String id);

    /** The recommendation, its row locked until the transaction ends. */
    Optional<ExchangeRecommendation> lock(String id);

    /** The exported record, byte for byte, once submitted. */
    Optional<String> export(String id);

    List<ExchangeRecommendation> ofProduct(String productId);

    /** All recommendations, newest first, at most {@code limit}. */
    List<ExchangeRecommendation> all(int limit);

    /** Those in a state, oldest first (the to-do lists). */
    List<ExchangeRecommendation> inState(ExchangeState state);
}
