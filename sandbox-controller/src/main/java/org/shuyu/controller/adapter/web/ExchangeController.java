package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.exchange.ExchangeRecommendation;
import org.shuyu.controller.exchange.ExchangeRecommendations;
import org.shuyu.controller.exchange.ExchangeState;
import org.shuyu.controller.identity.CurrentActor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Recommendations of listed products to a partner data exchange (R-19c, docs/exchange.md): filing one, the exported
 * registration record, and the exchange's answer as the authority records it.
 */
@RestController
class ExchangeController {
    private final ExchangeRecommendations recommendations;
    private final CurrentActor actor;

    ExchangeController(ExchangeRecommendations recommendations, CurrentActor actor) {
        this.recommendations = recommendations;
        this.actor = actor;
    }

    record RecommendBody(String exchange, String note) {}

    record RegistrationBody(String registrationNumber) {}

    record ExchangeRecommendationDto(String id, String productId, String grantId, String organizationId,
            String jurisdiction, String exchange, String note, String state, String recommendedBy, Instant recommendedAt,
            Instant updatedAt, String exportSha256, Instant submittedAt, String registrationNumber, String reason,
            Instant decidedAt) {}

    @Operation(operationId = "recommendProductToExchange", tags = "exchange",
            summary = "Recommend a listed product to a partner data exchange")
    @Created("/api/v1/exchange-recommendations/{body.id}")
    @PostMapping("/api/v1/products/{id}/exchange-recommendations")
    @ResponseStatus(HttpStatus.CREATED)
    ExchangeRecommendationDto recommend(@PathVariable String id, @RequestBody RecommendBody body) {
        if (body == null) {
            throw SandboxException.invalid("a recommendation body is required");
        }
        return dto(recommendations.recommend(actor.get(), id, body.exchange(), body.note()));
    }

    @Operation(operationId = "listExchangeRecommendations", tags = "exchange",
            summary = "List recommendations to partner data exchanges")
    @GetMapping("/api/v1/exchange-recommendations")
    List<ExchangeRecommendationDto> search(@RequestParam(required = false) String productId,
            @RequestParam(required = false) String state, @RequestParam(defaultValue = "100") int limit) {
        Optional<ExchangeState> wanted = Optional.ofNullable(state).map(s -> EnumValues.parse(ExchangeState.class,
                s.toUpperCase(Locale.ROOT), "state"));
        return recommendations.search(actor.get(), Optional.ofNullable(productId), wanted, PageRequest.fetch(limit))
                .stream().map(ExchangeController::dto).toList();
    }

    @Operation(operationId = "getExchangeRecommendation", tags = "exchange",
            summary = "Show a recommendation to a partner data exchange")
    @GetMapping("/api/v1/exchange-recommendations/{id}")
    ExchangeRecommendationDto get(@PathVariable String id) {
        return dto(recommendations.get(actor.get(), id));
    }

    /**
     * The registration record for the exchange (format shuyu.exchange-registration/1): once submitted, exactly the
     * text that was exported (its SHA-256 is the recommendation's exportSha256); before that, a preview.
     */
    @Operation(operationId = "getExchangeExport", tags = "exchange",
            summary = "The registration record exported to the exchange")
    @GetMapping(value = "/api/v1/exchange-recommendations/{id}/export", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> export(@PathVariable String id) {
        String text = recommendations.exportText(actor.get(), id);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id + "-exchange.json\"")
                .body(text);
    }

    @Operation(operationId = "submitExchangeRecommendation", tags = "exchange",
            summary = "Export the registration record to the exchange")
    @PostMapping("/api/v1/exchange-recommendations/{id}/submit")
    ExchangeRecommendationDto submit(@PathVariable String id) {
        return dto(recommendations.submit(actor.get(), id));
    }

    @Operation(operationId = "registerExchangeRecommendation", tags = "exchange",
            summary = "Record the exchange's registration number")
    @PostMapping("/api/v1/exchange-recommendations/{id}/registration")
    ExchangeRecommendationDto register(@PathVariable String id, @RequestBody RegistrationBody body) {
        if (body == null) {
            throw SandboxException.invalid("a registration body is required");
        }
        return dto(recommendations.register(actor.get(), id, body.registrationNumber()));
    }

    @Operation(operationId = "rejectExchangeRecommendation", tags = "exchange",
            summary = "Record the exchange's refusal, or decline to forward")
    @PostMapping("/api/v1/exchange-recommendations/{id}/rejection")
    ExchangeRecommendationDto reject(@PathVariable String id, @RequestBody ApplicationController.ReasonBody body) {
        if (body == null) {
            throw SandboxException.invalid("a rejection body with a reason is required");
        }
        return dto(recommendations.reject(actor.get(), id, body.reason()));
    }

    @Operation(operationId = "withdrawExchangeRecommendation", tags = "exchange",
            summary = "Withdraw a recommendation before the exchange answers")
    @PostMapping("/api/v1/exchange-recommendations/{id}/withdraw")
    ExchangeRecommendationDto withdraw(@PathVariable String id,
            @RequestBody(required = false) ApplicationController.ReasonBody body) {
        return dto(recommendations.withdraw(actor.get(), id, body == null ? null : body.reason()));
    }

    private static ExchangeRecommendationDto dto(ExchangeRecommendation r) {
        return new ExchangeRecommendationDto(r.id(), r.productId(), r.grantId(), r.organizationId(), r.jurisdiction(),
                r.exchange(), r.note(), r.state().name(), r.recommendedBy(), r.recommendedAt(), r.updatedAt(),
                r.exportSha256().orElse(null), r.submittedAt().orElse(null), r.registrationNumber().orElse(null),
                r.reason().orElse(null), r.decidedAt().orElse(null));
    }
}
