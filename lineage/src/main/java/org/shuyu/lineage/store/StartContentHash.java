package org.shuyu.lineage.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import org.shuyu.lineage.ColumnEdge;
import org.shuyu.lineage.InputDataset;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.OutputDataset;

/**
 * The idempotency key of a START: a retry of the same (job, step) must repeat the same content, which this hash
 * (stored with the process) pins. Collections are hashed in a canonical order, each field length-prefixed.
 */
final class StartContentHash {
    private StartContentHash() {}

    /** SHA-256 of what a START says, apart from its times: a retry repeats it exactly. */
    static String of(LineageProcess p, LineageEvent e) {
        StringBuilder s = new StringBuilder();
        field(s, p.statement().name());
        field(s, p.workspaceId());
        field(s, String.valueOf(p.grantId()));
        field(s, p.organizationId());
        field(s, p.user());
        List<String> parts = new ArrayList<>();
        for (InputDataset i : e.inputs()) {
            parts.add("I" + i.name() + "\u0001" + i.kind() + "\u0001" + String.join("\u0002", new TreeSet<>(i.columns())));
        }
        for (OutputDataset o : e.outputs()) {
            parts.add("O" + o.name() + "\u0001" + o.kind() + "\u0001" + o.mode() + "\u0001"
                    + String.join("\u0002", o.columns()));
        }
        for (ColumnEdge edge : e.edges()) {
            parts.add("E" + edge.source().dataset() + "\u0001" + edge.source().column() + "\u0001"
                    + edge.target().dataset() + "\u0001" + edge.target().column() + "\u0001" + edge.kind());
        }
        parts.sort(Comparator.naturalOrder());
        parts.forEach(part -> field(s, part));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void field(StringBuilder s, String value) {
        s.append(value.length()).append(':').append(value).append(';');
    }
}
