package org.shuyu.controller.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Audit records are kept at least six months: a shorter retention setting is refused at startup. */
@Tag("R-17a")
@Tag("R-24d")
class AuditRetentionTest {
    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void retentionShorterThanSixMonthsIsInvalid() {
        assertThat(validator.validate(new SandboxProperties.Audit(183))).isNotEmpty();
    }

    @Test
    void retentionOfSixMonthsOrMoreIsValid() {
        assertThat(validator.validate(new SandboxProperties.Audit(184))).isEmpty();
        assertThat(validator.validate(new SandboxProperties.Audit(400))).isEmpty();
    }
}
