package org.shuyu.controller.adapter.web;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.shuyu.controller.version.Versioned;

/**
 * Which life-cycle object a request addresses: {@code /api/v1/labs/{id}}, {@code /api/v1/applications/{id}},
 * {@code /api/v1/grants/{id}} and {@code /api/v1/products/{id}}, with or without a sub-resource after the id (materials,
 * reviews, decisions, drills, members, emergency plan, transitions). The one table the ETag/If-Match handling and its
 * OpenAPI documentation share.
 */
final class LifecycleTargets {
    private static final Pattern PATH = Pattern.compile("^/api/v1/(labs|applications|grants|products)/([^/]+)(/.*)?$");
    private static final Map<String, Versioned> KINDS = Map.of(
            "labs", Versioned.LAB, "applications", Versioned.APPLICATION, "grants", Versioned.GRANT,
            "products", Versioned.PRODUCT);

    private LifecycleTargets() {}

    /**
     * The object a request addresses.
     *
     * @param kind the object's kind
     * @param id its id (from the path)
     * @param whole true when the path is the object itself, false for a sub-resource
     */
    record Target(Versioned kind, String id, boolean whole) {}

    static Optional<Target> of(String path) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Target(KINDS.get(m.group(1)), m.group(2), m.group(3) == null || m.group(3).equals("/")));
    }

    /** Whether a method changes what it addresses. */
    static boolean changing(String method) {
        return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method) || "DELETE".equals(method);
    }

    /** Whether a documented operation ({@code path} as a template) is a change of a life-cycle object. */
    static boolean changesObject(String method, String pathTemplate) {
        return changing(method) && pathTemplate.matches("^/api/v1/(labs|applications|grants|products)/\\{id\\}(/.*)?$");
    }

    /** Whether a documented operation is the GET of a life-cycle object itself. */
    static boolean readsObject(String method, String pathTemplate) {
        return "GET".equals(method) && pathTemplate.matches("^/api/v1/(labs|applications|grants|products)/\\{id\\}$");
    }
}
