package org.shuyu.controller.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Data quality requests, under {@code sandbox.quality.*} (R-20, docs/quality-requests.md). {@code fixDays}: the
 * calendar days (counted as 24-hour periods from the filing, or from a reopening) the provider has to answer and fix
 * a request; 15 by default.
 */
@Validated
@ConfigurationProperties("sandbox.quality")
public record QualityProperties(@DefaultValue("15") @Min(1) @Max(365) int fixDays) {}
