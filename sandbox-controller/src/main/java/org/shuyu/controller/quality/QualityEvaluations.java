package org.shuyu.controller.quality;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.shuyu.controller.catalog.CatalogService;
import org.shuyu.controller.catalog.Provider;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The provider evaluation of R-20: per provider organization and period (Ningbo dates, both inclusive), computed from
 * the quality requests themselves ({@link ProviderEvaluation}). Read by the authority covering the provider's
 * jurisdiction and by the provider itself.
 */
@Service
public class QualityEvaluations {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final int MAX_YEARS = 10;
    private final QualityStore store;
    private final CatalogService catalog;
    private final Clock clock;

    public QualityEvaluations(QualityStore store, CatalogService catalog, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The evaluation of {@code providerId} over [from, to]; by default from 1 January of this year to today. */
    @Transactional(readOnly = true)
    public ProviderEvaluation evaluate(Actor actor, String providerId, Optional<LocalDate> fromDate, Optional<LocalDate> toDate) {
        Provider provider = catalog.provider(providerId).orElseThrow(() -> SandboxException.notFound("provider", providerId));
        if (!Permissions.readsProviderEvaluation(actor, provider.jurisdiction())) {
            throw new SandboxException(ErrorCode.OUTSIDE_JURISDICTION, "only the authority of jurisdiction "
                    + provider.jurisdiction().code() + " or the provider itself reads the evaluation of " + providerId);
        }
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZONE);
        LocalDate to = toDate.orElse(today);
        LocalDate from = fromDate.orElse(to.withDayOfYear(1));
        if (from.isAfter(to) || from.plusYears(MAX_YEARS).isBefore(to)) {
            throw new SandboxException(ErrorCode.QUALITY_PERIOD_INVALID, "from must be on or before to, at most "
                    + MAX_YEARS + " years apart");
        }
        List<QualityRequest> filed = store.filedAgainst(provider.id(), from.atStartOfDay(ZONE).toInstant(),
                to.plusDays(1).atStartOfDay(ZONE).toInstant());
        int onTime = 0;
        int late = 0;
        int rejected = 0;
        int overdue = 0;
        int inTime = 0;
        int withdrawn = 0;
        long fixMillis = 0;
        for (QualityRequest r : filed) {
            Optional<QualityRequest.Answer> answer = r.answer();
            boolean answered = QualityLifecycle.awaitingOperator().contains(r.state()) || r.state() == QualityState.CONFIRMED;
            if (r.state() == QualityState.WITHDRAWN) {
                withdrawn++;
            } else if (QualityLifecycle.awaitingProvider().contains(r.state())) {
                if (r.overdue(now)) {
                    overdue++;
                } else {
                    inTime++;
                }
            } else if (answered && answer.map(a -> a.kind() == QualityRequest.Answer.Kind.FIXED).orElse(false)) {
                QualityRequest.Answer a = answer.orElseThrow();
                if (a.late()) {
                    late++;
                } else {
                    onTime++;
                }
                fixMillis += Duration.between(r.filedAt(), a.at()).toMillis();
            } else if (answered) {
                rejected++;
            }
        }
        int fixed = onTime + late;
        OptionalDouble meanHours = fixed == 0 ? OptionalDouble.empty()
                : OptionalDouble.of(Math.round(fixMillis / (double) fixed / 360_000.0) / 10.0);
        return new ProviderEvaluation(provider.id(), from, to, filed.size(), onTime, late, rejected, overdue, inTime, withdrawn,
                meanHours, ProviderEvaluation.score(onTime, late, overdue));
    }
}
