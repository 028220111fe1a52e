package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import org.shuyu.controller.identity.CurrentActor;
import org.shuyu.controller.product.ContributionDeclaration;
import org.shuyu.controller.product.DisclosureRule;
import org.shuyu.controller.product.DisclosureRules;
import org.shuyu.controller.product.ProductContributions;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The airlock's cell disclosure rules (docs/disclosure.md): the thresholds by grade, which the data authority sets,
 * and the contributions an operator declares under a candidate's aggregated amount columns.
 */
@RestController
class DisclosureController {
    private final DisclosureRules rules;
    private final ProductContributions contributions;
    private final CurrentActor actor;

    DisclosureController(DisclosureRules rules, ProductContributions contributions, CurrentActor actor) {
        this.rules = rules;
        this.contributions = contributions;
        this.actor = actor;
    }

    /** The thresholds of one grade: integers only (strict JSON refuses strings, fractions, unknown fields). */
    record RuleBody(@NotNull Integer dominanceN, @NotNull Integer dominanceK, @NotNull Integer pPercent) {}

    /** {@code source}: SET (by the authority, with when and by whom) or DEFAULT. */
    record RuleDto(int grade, int dominanceN, int dominanceK, int pPercent, String source, String updatedBy,
            Instant updatedAt) {}

    record ContributionsBody(String table, List<String> cellColumns, String contributorColumn, String amountColumn) {}

    record ContributionsDto(String productId, String column, String table, List<String> cellColumns,
            String contributorColumn, String amountColumn, String declaredBy, Instant declaredAt) {}

    @Operation(operationId = "listDisclosureRules", tags = "products", summary = "Show the disclosure thresholds by grade")
    @GetMapping("/api/v1/disclosure-rules")
    List<RuleDto> list() {
        return rules.all().stream().map(DisclosureController::dto).toList();
    }

    @Operation(operationId = "getDisclosureRule", tags = "products", summary = "Show the disclosure thresholds of a grade")
    @GetMapping("/api/v1/disclosure-rules/{grade}")
    RuleDto get(@PathVariable int grade) {
        return dto(rules.get(grade));
    }

    @Operation(operationId = "putDisclosureRule", tags = "products", summary = "Set the disclosure thresholds of a grade")
    @PutMapping("/api/v1/disclosure-rules/{grade}")
    RuleDto put(@PathVariable int grade, @Valid @RequestBody RuleBody body) {
        return dto(rules.set(actor.get(), grade, body.dominanceN(), body.dominanceK(), body.pPercent()));
    }

    @Operation(operationId = "listProductContributions", tags = "products",
            summary = "Show the contributions declared for a product's amount columns")
    @GetMapping("/api/v1/products/{id}/contributions")
    List<ContributionsDto> contributions(@PathVariable String id) {
        return contributions.list(actor.get(), id).stream().map(DisclosureController::dto).toList();
    }

    @Operation(operationId = "putProductContributions", tags = "products",
            summary = "Declare the contributions under a product's amount column")
    @PutMapping("/api/v1/products/{id}/contributions/{column}")
    ContributionsDto declare(@PathVariable String id, @PathVariable String column,
            @RequestBody(required = false) ContributionsBody body) {
        ProductContributions.Declare declare = body == null ? null : new ProductContributions.Declare(body.table(),
                body.cellColumns(), body.contributorColumn(), body.amountColumn());
        return dto(contributions.declare(actor.get(), id, column, declare));
    }

    @Operation(operationId = "deleteProductContributions", tags = "products",
            summary = "Remove the contributions declared for a product's amount column")
    @DeleteMapping("/api/v1/products/{id}/contributions/{column}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable String id, @PathVariable String column) {
        contributions.remove(actor.get(), id, column);
    }

    private static RuleDto dto(DisclosureRule r) {
        return new RuleDto(r.grade(), r.dominanceN(), r.dominanceK(), r.pPercent(), r.updatedAt().isPresent() ? "SET"
                : "DEFAULT", r.updatedBy().orElse(null), r.updatedAt().orElse(null));
    }

    private static ContributionsDto dto(ContributionDeclaration d) {
        return new ContributionsDto(d.productId(), d.amountColumn(), d.table(), d.cellColumns(), d.contributorColumn(),
                d.contributorAmountColumn(), d.declaredBy(), d.declaredAt());
    }
}
