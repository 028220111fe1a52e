package org.shuyu.cli.support;

import java.util.UUID;
import picocli.CommandLine.Option;

/**
 * {@code --idempotency-key K} for creation commands ({@code @Mixin IdempotencyOption idempotency;}). Without it every
 * invocation sends a fresh random {@code Idempotency-Key}, so the client's own retry of one call never creates twice;
 * with it a script can repeat the whole command after a failure and get the first result back instead of a duplicate.
 */
public final class IdempotencyOption {
    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "Idempotency-Key to send (1..255 printable ASCII); repeat a command with the same key to "
                    + "get the first result instead of a second object (default: a new random key).")
    String key;

    private String generated;

    /** The key for this invocation: the one given, else one random key (the same on every call). */
    public String key() {
        if (key != null) {
            if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
                throw CliException.usage("INVALID_IDEMPOTENCY_KEY",
                        "--idempotency-key must be 1..255 printable ASCII characters without spaces");
            }
            return key;
        }
        if (generated == null) {
            generated = UUID.randomUUID().toString();
        }
        return generated;
    }
}
