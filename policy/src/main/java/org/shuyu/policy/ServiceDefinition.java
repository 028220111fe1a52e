package org.shuyu.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@code shuyu-spark} Ranger service type: our own RangerServiceDef JSON, shipped in this jar as
 * {@value #RESOURCE}. It declares the resources {@code database > table > column} and {@code url}, the access types
 * select, update, create, drop, alter, read and write, the mask types MASK_HASH, MASK_SHOW_LAST_4, MASK_NULL and
 * MASK_NONE, and row filters on database/table. A real Ranger Admin registers it once
 * ({@code POST /service/public/v2/api/servicedef}); the compiled {@code ServicePolicies} documents embed it.
 */
public final class ServiceDefinition {
    /** The service type name. */
    public static final String NAME = "shuyu-spark";
    /** The classpath resource holding the service definition JSON. */
    public static final String RESOURCE = "org/shuyu/policy/shuyu-spark-servicedef.json";

    private static final String JSON = load();
    @SuppressWarnings("unchecked")
    private static final Map<String, Object> PARSED = (Map<String, Object>) PolicyJson.parse(JSON);

    private ServiceDefinition() {}

    /** The service definition JSON, exactly as shipped in the resource. */
    public static String json() {
        return JSON;
    }

    /** The parsed definition (an unordered view is never exposed: callers re-serialise it in file order). */
    static Map<String, Object> parsed() {
        return PARSED;
    }

    private static String load() {
        try (InputStream in = ServiceDefinition.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
