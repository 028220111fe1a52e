package org.shuyu.controller.config;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Annual operation reports ({@code sandbox.annual.*}, docs/annual-reports.md). A report for year Y is due by the end of
 * {@code deadlineMonth}/{@code deadlineDay} of Y+1 (default 31 March: the end of the first quarter; a day past the
 * month's end means its last day). A returned report is due again {@code resubmission} after the return (default 30
 * days). The scheduler opens and flags reports every {@code schedulerInterval}.
 */
@Validated
@ConfigurationProperties("sandbox.annual")
public record AnnualReportProperties(
        @DefaultValue("3") @Min(1) @Max(12) int deadlineMonth,
        @DefaultValue("31") @Min(1) @Max(31) int deadlineDay,
        @DefaultValue("30d") @NotNull Duration resubmission,
        @DefaultValue("60s") @NotNull Duration schedulerInterval) {

    public static AnnualReportProperties defaults() {
        return new AnnualReportProperties(3, 31, Duration.ofDays(30), Duration.ofSeconds(60));
    }

    /** The last day a report for {@code year} may be submitted on. */
    public LocalDate lastDayFor(int year) {
        YearMonth month = YearMonth.of(year + 1, deadlineMonth);
        return month.atDay(Math.min(deadlineDay, month.lengthOfMonth()));
    }
}
