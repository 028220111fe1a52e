package org.shuyu.controller.adapter.web;

import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.session.StatementService;
import org.shuyu.runtime.contract.ConnectStatementTicket;
import org.shuyu.runtime.contract.InvalidRuntimeMessageException;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.StatementOutcome;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The workspace engine's doors for statements (issue 16, docs/sessions.md), under {@code /service/**}:
 * the outcome of a statement, authenticated by that statement's runtime credential (the running STATEMENT job's, as
 * lineage is), and the registration of a Spark Connect statement before it runs, authenticated by the engine's own
 * token ({@code SHUYU_ENGINE_TOKEN}, checked by the use case: the token of the running engine the path names). Bodies
 * are the runtime contract's messages, read strictly with {@link RuntimeJson}.
 */
@RestController
class StatementServiceController {
    private static final RuntimeJson JSON = new RuntimeJson();
    private final StatementService statements;

    StatementServiceController(StatementService statements) {
        this.statements = statements;
    }

    @PostMapping(value = "/service/statements/{statementId}/outcome", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> outcome(@PathVariable String statementId, @RequestBody String body) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof RuntimeCredentialFilter.RuntimeAuthentication runtime)) {
            throw new SandboxException(ErrorCode.RUNTIME_CREDENTIAL_INVALID, "the statement's runtime credential is required");
        }
        statements.outcome(runtime.job(), statementId, read(body, StatementOutcome.class, ErrorCode.INVALID_STATEMENT_OUTCOME));
        return ResponseEntity.noContent().build();
    }

    @PostMapping(value = "/service/engines/{engineId}/statements", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> register(@PathVariable String engineId,
            @RequestHeader(value = "Authorization", required = false) String authorization, @RequestBody String body) {
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : null;
        if (token == null || token.isEmpty()) {
            throw new SandboxException(ErrorCode.SESSION_ENGINE_CREDENTIAL, "the engine's credential is required");
        }
        ConnectStatementTicket.Registration registration = read(body, ConnectStatementTicket.Registration.class, ErrorCode.INVALID_STATEMENT);
        ConnectStatementTicket ticket = statements.register(engineId, token, registration);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(JSON.write(ticket));
    }

    private static <T> T read(String body, Class<T> type, ErrorCode code) {
        try {
            return JSON.read(body, type);
        } catch (InvalidRuntimeMessageException e) {
            // Not the parser's words: they may quote a value of the body.
            throw new SandboxException(code, "not a valid " + type.getSimpleName() + " message of the runtime contract");
        }
    }
}
