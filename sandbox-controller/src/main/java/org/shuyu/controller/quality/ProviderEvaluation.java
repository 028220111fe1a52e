package org.shuyu.controller.quality;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.OptionalDouble;

/**
 * How a provider answered the quality requests filed against its datasets in a period (R-20, docs/quality-requests.md,
 * "Provider evaluation"). {@code received}: all filed in the period; {@code fixedOnTime}/{@code fixedLate}: now FIXED or
 * CONFIRMED after a fix, by whether the (latest) fix came by its deadline; {@code rejected}: now REJECTED or CONFIRMED
 * after a rejection; {@code openOverdue}/{@code openInTime}: still waiting for the provider, past or within the
 * deadline; {@code withdrawn}. {@code meanHoursToFix}: mean hours from filing to the fix, over the fixed ones.
 * {@code score} = 100 × (fixedOnTime + 0.5 × fixedLate) / (fixedOnTime + fixedLate + openOverdue), one decimal; empty
 * when that denominator is 0. Rejections and requests still within their deadline do not count in the score.
 */
public record ProviderEvaluation(String providerId, LocalDate from, LocalDate to, int received, int fixedOnTime, int fixedLate,
        int rejected, int openOverdue, int openInTime, int withdrawn, OptionalDouble meanHoursToFix, OptionalDouble score) {
    public ProviderEvaluation {
        requireNonNull(providerId, "providerId is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(meanHoursToFix, "meanHoursToFix is null");
        requireNonNull(score, "score is null");
    }

    /** The score's formula (see the class comment); empty when nothing is judged yet. */
    public static OptionalDouble score(int fixedOnTime, int fixedLate, int openOverdue) {
        int judged = fixedOnTime + fixedLate + openOverdue;
        if (judged == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.round(1000.0 * (fixedOnTime + 0.5 * fixedLate) / judged) / 10.0);
    }
}
