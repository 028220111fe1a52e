package org.shuyu.controller.adapter.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import org.shuyu.controller.config.KubernetesProperties;
import tools.jackson.databind.JsonNode;

/**
 * How a desired object is written; every strategy is idempotent (applying the same object twice changes nothing
 * the second time) and repairs drift in the fields the controller sets.
 */
public interface ObjectApplier {
    /** What happened to one object. {@code APPLIED}: server-side apply, which does not say whether anything changed. */
    enum Result { CREATED, UPDATED, UNCHANGED, APPLIED }

    Result apply(HasMetadata desired);

    static ObjectApplier of(KubernetesProperties.ApplyStrategy strategy, KubernetesClient client) {
        return switch (strategy) {
            case SERVER_SIDE -> new ServerSide(client);
            case READ_COMPARE_WRITE -> new ReadCompareWrite(client);
        };
    }

    /**
     * Server-side apply with the field manager {@code shuyu-controller}, forcing conflicts: one PATCH per object; the
     * API server creates what is missing and puts back every field the controller owns.
     */
    final class ServerSide implements ObjectApplier {
        private final KubernetesClient client;

        public ServerSide(KubernetesClient client) {
            this.client = client;
        }

        @Override
        public Result apply(HasMetadata desired) {
            client.resource(desired).fieldManager(KubeNames.FIELD_MANAGER).forceConflicts().serverSideApply();
            return Result.APPLIED;
        }
    }

    /**
     * For API servers without server-side apply (fabric8's mock server): read the object; create it when missing;
     * when a field the controller sets differs (or a label is missing), replace it with the desired object (keeping the
     * live resource version); otherwise write nothing.
     */
    final class ReadCompareWrite implements ObjectApplier {
        private final KubernetesClient client;

        public ReadCompareWrite(KubernetesClient client) {
            this.client = client;
        }

        @Override
        public Result apply(HasMetadata desired) {
            HasMetadata live = client.resource(desired).get();
            if (live == null) {
                client.resource(desired).create();
                return Result.CREATED;
            }
            if (covers(tree(live), tree(desired))) {
                return Result.UNCHANGED;
            }
            desired.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
            try {
                client.resource(desired).update();
            } finally {
                desired.getMetadata().setResourceVersion(null);
            }
            return Result.UPDATED;
        }

        private static JsonNode tree(HasMetadata object) {
            return Serialization.jsonMapper().valueToTree(object);
        }

        /** Whether every field of {@code desired} (outside status and server-set metadata) has the same value in {@code live}. */
        static boolean covers(JsonNode live, JsonNode desired) {
            if (desired.isObject()) {
                if (!live.isObject()) {
                    return false;
                }
                for (Map.Entry<String, JsonNode> field : desired.properties()) {
                    if (field.getKey().equals("status")) {
                        continue;
                    }
                    JsonNode other = live.get(field.getKey());
                    if (other == null || !covers(other, field.getValue())) {
                        return false;
                    }
                }
                return true;
            }
            if (desired.isArray()) {
                if (!live.isArray() || live.size() != desired.size()) {
                    return false;
                }
                Iterator<JsonNode> a = live.iterator();
                for (JsonNode d : desired) {
                    if (!covers(a.next(), d)) {
                        return false;
                    }
                }
                return true;
            }
            return Objects.equals(text(live), text(desired));
        }

        private static String text(JsonNode node) {
            return node.isValueNode() ? node.asString() : node.toString();
        }
    }
}
