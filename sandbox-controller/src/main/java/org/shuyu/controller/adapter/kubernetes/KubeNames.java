package org.shuyu.controller.adapter.kubernetes;

import org.shuyu.controller.audit.Sha256;
import java.util.Locale;
import java.util.regex.Pattern;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;

/**
 * Deterministic Kubernetes names and label values. A workspace id that is already a DNS-1123 label (ids are
 * {@code grant-<uuid>}, {@code lab-<uuid>}) is used as it is; anything else is lower-cased, stripped to the allowed
 * characters and suffixed with a hash of the original, so two ids never share a name and the same id always gets the
 * same one.
 */
public final class KubeNames {
    /** The label every object the controller makes carries. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "shuyu";
    public static final String WORKSPACE = "shuyu.org/workspace";
    public static final String KIND = "shuyu.org/kind";
    public static final String GRANT = "shuyu.org/grant";
    public static final String LAB = "shuyu.org/lab";
    public static final String OPERATOR = "shuyu.org/operator";
    public static final String JOB = "shuyu.org/job";
    /** The server-side-apply field manager: the controller owns exactly the fields it sets. */
    public static final String FIELD_MANAGER = "shuyu-controller";

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final int MAX = 63;

    private KubeNames() {}

    /** {@code <prefix><id>}, a DNS-1123 label of at most 63 characters. */
    public static String namespace(String prefix, String workspaceId) {
        return dnsLabel(prefix, workspaceId);
    }

    /** A DNS-1123 label (pod, secret, config map names) made of a prefix and an id, at most 63 characters. */
    public static String dnsLabel(String prefix, String id) {
        if (id == null || id.isBlank()) {
            throw new SandboxException(ErrorCode.INVALID_WORKSPACE_NAME, "an empty id cannot name a Kubernetes object");
        }
        String candidate = prefix + id;
        if (candidate.length() <= MAX && DNS_LABEL.matcher(candidate).matches()) {
            return candidate;
        }
        String hash = hash(id);
        String cleaned = id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-");
        int room = MAX - prefix.length() - hash.length() - 1;
        if (room < 1) {
            throw new SandboxException(ErrorCode.INVALID_WORKSPACE_NAME, "the prefix " + prefix + " leaves no room for an id");
        }
        String head = cleaned.substring(0, Math.min(room, cleaned.length())).replaceAll("^-+|-+$", "");
        String name = prefix + (head.isEmpty() ? "" : head + "-") + hash;
        if (!DNS_LABEL.matcher(name).matches()) {
            throw new SandboxException(ErrorCode.INVALID_WORKSPACE_NAME, "cannot make a DNS-1123 name of " + id);
        }
        return name;
    }

    /** A label value (at most 63 of {@code [A-Za-z0-9-_.]}, alphanumeric at both ends); longer or odd values are hashed. */
    public static String labelValue(String value) {
        if (value.length() <= MAX && LABEL_VALUE.matcher(value).matches()) {
            return value;
        }
        String hash = hash(value);
        String cleaned = value.replaceAll("[^A-Za-z0-9_.-]", "_");
        String head = cleaned.substring(0, Math.min(MAX - hash.length() - 1, cleaned.length())).replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
        return head.isEmpty() ? hash : head + "-" + hash;
    }

    private static String hash(String value) {
        return Sha256.hex(value).substring(0, 10);
    }
}
