package org.shuyu.controller.adapter.web;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The POST operations that create an object with its own URL (design point 4) and so accept an Idempotency-Key: the
 * one table {@link IdempotencyFilter} and the OpenAPI documentation ({@link ConcurrencyOpenApiCustomizer}) share. Every
 * operation marked {@link Created} is one (CreationRoutesTest).
 */
final class CreationRoutes {
    static final List<String> TEMPLATES = List.of(
            "/api/v1/datasets",
            "/api/v1/providers",
            "/api/v1/announcements",
            "/api/v1/organizations",
            "/api/v1/quality-requests",
            "/api/v1/labs",
            "/api/v1/applications",
            "/api/v1/applications/{id}/reviews",
            "/api/v1/grants",
            "/api/v1/grants/{id}/drills",
            "/api/v1/grants/{id}/decisions",
            "/api/v1/grants/{id}/members",
            "/api/v1/products",
            "/api/v1/workspaces/{id}/jobs",
            "/api/v1/workspaces/{id}/sessions",
            "/api/v1/workspaces/{id}/sessions/{sid}/statements",
            "/api/v1/own-data-imports",
            "/api/v1/products/{id}/exchange-recommendations",
            "/api/v1/inspections",
            "/api/v1/inspections/{id}/findings",
            "/api/v1/annual-reports");
    private static final List<Pattern> PATTERNS = TEMPLATES.stream()
            .map(t -> Pattern.compile("^" + t.replaceAll("\\{[^}]+}", "[^/]+") + "/?$"))
            .toList();

    private CreationRoutes() {}

    /** Whether a request (method and path) is a creation. */
    static boolean isCreation(String method, String path) {
        return "POST".equals(method) && PATTERNS.stream().anyMatch(p -> p.matcher(path).matches());
    }

    /** Whether a documented operation (method and path template) is a creation. */
    static boolean isCreationTemplate(String method, String template) {
        return "POST".equals(method) && TEMPLATES.contains(template);
    }
}
