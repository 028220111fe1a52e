package org.shuyu.controller.exchange;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One recommendation of a listed product to a partner data exchange. {@code exchange} names the exchange;
 * {@code exportSha256} is the SHA-256 of the exported registration record (set at SUBMITTED, the export is kept
 * byte for byte); {@code registrationNumber} is the exchange's number (REGISTERED); {@code reason} the refusal or
 * withdrawal reason. {@code jurisdiction} is the grant's (whose authority acts next).
 */
public record ExchangeRecommendation(
        String id,
        String productId,
        String grantId,
        String organizationId,
        String jurisdiction,
        String exchange,
        String note,
        ExchangeState state,
        String recommendedBy,
        Instant recommendedAt,
        Instant updatedAt,
        Optional<String> exportSha256,
        Optional<Instant> submittedAt,
        Optional<String> registrationNumber,
        Optional<String> reason,
        Optional<Instant> decidedAt) {

    public ExchangeRecommendation {
        requireNonNull(id, "id is null");
        requireNonNull(productId, "productId is null");
        requireNonNull(grantId, "grantId is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(jurisdiction, "jurisdiction is null");
        requireNonNull(exchange, "exchange is null");
        requireNonNull(note, "note is null");
        requireNonNull(state, "state is null");
        requireNonNull(recommendedBy, "recommendedBy is null");
        requireNonNull(recommendedAt, "recommendedAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
        requireNonNull(exportSha256, "exportSha256 is null");
        requireNonNull(submittedAt, "submittedAt is null");
        requireNonNull(registrationNumber, "registrationNumber is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(decidedAt, "decidedAt is null");
    }

    ExchangeRecommendation submitted(String sha256, Instant at) {
        return new ExchangeRecommendation(id, productId, grantId, organizationId, jurisdiction, exchange, note,
                ExchangeState.SUBMITTED, recommendedBy, recommendedAt, at, Optional.of(sha256), Optional.of(at),
                registrationNumber, reason, decidedAt);
    }

    ExchangeRecommendation decided(ExchangeState next, Optional<String> number, Optional<String> why, Instant at) {
        return new ExchangeRecommendation(id, productId, grantId, organizationId, jurisdiction, exchange, note, next,
                recommendedBy, recommendedAt, at, exportSha256, submittedAt, number, why, Optional.of(at));
    }
}
