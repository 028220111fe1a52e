package org.shuyu.controller.identity;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * An administrative division code (GB/T 2260). The municipality (Ningbo, 330200) covers every county
 * under it; a county covers only itself (R-05: county-level work runs on the same platform, scoped to its
 * jurisdiction).
 */
public record Jurisdiction(String code) {
    private static final Pattern CODE = Pattern.compile("3302\\d\\d");
    public static final Jurisdiction MUNICIPAL = new Jurisdiction("330200");

    public Jurisdiction {
        requireNonNull(code, "code is null");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("jurisdiction must be a Ningbo division code 3302xx, got '" + code + "'");
        }
    }

    public static boolean isValid(String code) {
        return code != null && CODE.matcher(code).matches();
    }

    public boolean isMunicipal() {
        return equals(MUNICIPAL);
    }

    public Level level() {
        return isMunicipal() ? Level.MUNICIPAL : Level.COUNTY;
    }

    /** Whether a user of this jurisdiction may act on a subject of {@code other}. */
    public boolean covers(Jurisdiction other) {
        return isMunicipal() || equals(other);
    }

    public enum Level { MUNICIPAL, COUNTY }
}
