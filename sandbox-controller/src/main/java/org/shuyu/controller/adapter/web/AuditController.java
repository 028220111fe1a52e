package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.audit.AuditAnomaly;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.audit.AuditPage;
import org.shuyu.controller.audit.AuditQuery;
import org.shuyu.controller.audit.AuditRecord;
import org.shuyu.controller.audit.AuditVerification;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Search and verification of the audit log (R-24d, R-26). Parameters arrive as text and are parsed here, so
 * any bad value is a 400 with {@code AUDIT_QUERY_INVALID}, never a 500.
 */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {
    private static final int MAX_TEXT = 200;
    private static final Set<String> PARAMETERS = Set.of("actor", "subject", "from", "to", "limit", "after");
    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    record AuditRecordDto(long seq, String id, String at, String actor, List<String> actorRoles, String action,
            String subjectType, String subjectId, String organizationId, String accountablePerson, String outcome,
            String code, String detail, String prevHash, String hash) {
        static AuditRecordDto of(AuditRecord r) {
            return new AuditRecordDto(r.seq(), r.id(), r.at().toString(), r.actor(),
                    r.actorRoles().isEmpty() ? List.of() : Arrays.asList(r.actorRoles().split(",")),
                    r.action(), r.subjectType(), r.subjectId(), r.organizationId().orElse(null),
                    r.accountablePerson().orElse(null), r.outcome().name(), r.code().orElse(null), r.detail(),
                    r.prevHash(), r.hash());
        }
    }

    record AuditPageDto(List<AuditRecordDto> records, Long nextAfter) {}

    record AnomalyDto(long seq, String kind, String detail) {}

    record VerificationDto(boolean intact, long records, long anomalyCount, List<AnomalyDto> anomalies) {}

    /** Parameters are taken as text, so a malformed value is our 400, not a type-conversion failure. */
    @Operation(operationId = "searchAudit", tags = "audit", summary = "Search the audit trail")
    @GetMapping
    AuditPageDto search(
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String subject,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String after,
            HttpServletRequest request) {
        for (String name : request.getParameterMap().keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw invalid("unknown parameter '" + name + "'");
            }
        }
        AuditQuery query;
        try {
            query = new AuditQuery(
                    text("actor", actor),
                    text("subject", subject),
                    time("from", from),
                    time("to", to),
                    number("after", after).orElse(0L),
                    Math.toIntExact(number("limit", limit).orElse((long) AuditQuery.DEFAULT_LIMIT)));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw invalid(e.getMessage());
        }
        AuditPage page = audit.search(query);
        return new AuditPageDto(page.records().stream().map(AuditRecordDto::of).toList(), page.nextAfter().orElse(null));
    }

    @Operation(operationId = "verifyAudit", tags = "audit", summary = "Verify the audit trail's hash chain")
    @GetMapping("/verify")
    VerificationDto verify() {
        AuditVerification verification = audit.verify();
        return new VerificationDto(verification.intact(), verification.records(), verification.anomalyCount(),
                verification.anomalies().stream().map(AuditController::dto).toList());
    }

    private static AnomalyDto dto(AuditAnomaly anomaly) {
        return new AnomalyDto(anomaly.seq(), anomaly.kind().name(), anomaly.detail());
    }

    private static Optional<String> text(String name, String raw) {
        Optional<String> value = Optional.ofNullable(raw);
        if (value.isPresent() && (value.get().isBlank() || value.get().length() > MAX_TEXT)) {
            throw invalid("'" + name + "' must be 1 to " + MAX_TEXT + " characters");
        }
        return value;
    }

    private static Optional<Instant> time(String name, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            // An unencoded '+' in a query string arrives as a space: read it back as the offset's sign.
            return Optional.of(OffsetDateTime.parse(value.trim().replace(' ', '+')).toInstant());
        } catch (DateTimeParseException e) {
            throw invalid("'" + name + "' must be an ISO-8601 time with offset, e.g. 2026-01-31T08:00:00+08:00");
        }
    }

    private static Optional<Long> number(String name, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw invalid("'" + name + "' must be a whole number");
        }
    }

    private static SandboxException invalid(String message) {
        return new SandboxException(ErrorCode.AUDIT_QUERY_INVALID, "invalid audit query: " + message);
    }
}
