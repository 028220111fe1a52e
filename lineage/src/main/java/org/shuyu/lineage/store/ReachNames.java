package org.shuyu.lineage.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * Dataset names of the graph beyond the workspace. The databases {@code shuyu_product}, {@code shuyu_listing} and
 * {@code shuyu_consumer} are reserved: no catalog namespace or workspace database uses them (workspace databases are
 * {@code ws_<id>}). An id that is not already a lower-case identifier is folded to one and suffixed with 8 hex
 * digits of its SHA-256, so two different ids never share a name.
 */
public final class ReachNames {
    public static final String PRODUCT_DATABASE = "shuyu_product";
    public static final String LISTING_DATABASE = "shuyu_listing";
    public static final String CONSUMER_DATABASE = "shuyu_consumer";

    private ReachNames() {}

    /** The frozen snapshot of product {@code productId}. */
    public static String product(String productId) {
        return PRODUCT_DATABASE + "." + part(productId);
    }

    /** The listing (registration) of product {@code productId}. */
    public static String listing(String productId) {
        return LISTING_DATABASE + "." + part(productId);
    }

    /** The consumer {@code consumerId} (the user who fetched). */
    public static String consumer(String consumerId) {
        return CONSUMER_DATABASE + "." + part(consumerId);
    }

    static String part(String id) {
        Objects.requireNonNull(id, "id is null");
        if (id.isBlank() || id.length() > 200) {
            throw new IllegalArgumentException("an id must be 1 to 200 characters");
        }
        if (id.matches("[a-z_][a-z0-9_]{0,127}")) {
            return id;
        }
        String folded = id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (folded.length() > 110) {
            folded = folded.substring(0, 110);
        }
        return "x_" + folded + "_" + sha256(id).substring(0, 8);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
