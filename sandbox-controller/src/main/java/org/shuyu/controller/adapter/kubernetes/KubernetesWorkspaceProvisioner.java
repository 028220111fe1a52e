package org.shuyu.controller.adapter.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.shuyu.controller.config.KubernetesExecutorProperties;
import org.shuyu.controller.config.KubernetesProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.RetainedData;
import org.shuyu.controller.grant.RetainedDirectories;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceProvisioner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workspaces as Kubernetes namespaces (docs/kubernetes.md). {@link #ensure} applies every desired object of
 * {@link WorkspaceObjects} (idempotent: a half-created workspace or a drifted object is put right by the next pass);
 * {@link #teardown} deletes the namespace, which takes its volume claims and everything else with it (R-17a), and
 * the job logs the controller collected for it.
 *
 * <p>Paths of the {@link Layout} are the ones job pods see ({@code /workspace/data/...} on the workspace's volume),
 * except {@code jobs}, the controller's own directory of collected job logs.
 */
public class KubernetesWorkspaceProvisioner implements WorkspaceProvisioner {
    private static final Logger log = LoggerFactory.getLogger(KubernetesWorkspaceProvisioner.class);

    private final KubernetesClient client;
    private final WorkspaceObjects objects;
    private final ObjectApplier applier;
    private final RetainedDirectories local;
    private final Path mountPath;
    /** With shared storage: the workspaces' directories of the export as the controller mounts it, by namespace. */
    private final Optional<RetainedDirectories> shared;

    /** Without shared storage (a dynamically provisioned claim per workspace that only its pods mount). */
    public KubernetesWorkspaceProvisioner(KubernetesClient client, KubernetesProperties settings, ObjectApplier applier,
            RetainedDirectories local) {
        this(client, settings, KubernetesExecutorProperties.none(), applier, local, Optional.empty());
    }

    /** With executors: the drivers' network policy reaches the API server ({@link WorkspaceObjects}). */
    public KubernetesWorkspaceProvisioner(KubernetesClient client, KubernetesProperties settings,
            KubernetesExecutorProperties executors, ObjectApplier applier, RetainedDirectories local) {
        this(client, settings, executors, applier, local, Optional.empty());
    }

    /**
     * {@code dataDir}: the controller's data directory, which is the shared storage's export when
     * {@code sandbox.kubernetes.storage.shared} is set (docs/storage.md).
     */
    public KubernetesWorkspaceProvisioner(KubernetesClient client, KubernetesProperties settings, ObjectApplier applier,
            RetainedDirectories local, Optional<Path> dataDir) {
        this(client, settings, KubernetesExecutorProperties.none(), applier, local, dataDir);
    }

    /**
     * Executors and shared storage together: the executors' pods mount the same claims as their driver, which the
     * shared volumes (ReadWriteMany) let every node mount (docs/kubernetes.md, docs/storage.md).
     */
    public KubernetesWorkspaceProvisioner(KubernetesClient client, KubernetesProperties settings,
            KubernetesExecutorProperties executors, ObjectApplier applier, RetainedDirectories local, Optional<Path> dataDir) {
        this.client = client;
        this.objects = new WorkspaceObjects(settings, executors);
        this.applier = applier;
        this.local = local;
        this.mountPath = Path.of(settings.storage().mountPath());
        if (objects.shared() && dataDir.isEmpty()) {
            throw new IllegalArgumentException("shared storage needs the controller's data directory on the export");
        }
        this.shared = objects.shared()
                ? Optional.of(new RetainedDirectories(dataDir.orElseThrow().resolve(WorkspaceObjects.WORKSPACE_VOLUMES)))
                : Optional.empty();
    }

    /** What one {@link #ensure} pass did to each object, counted by result. */
    public record Applied(Map<ObjectApplier.Result, Integer> counts) {
        public Applied {
            counts = Map.copyOf(counts);
        }
    }

    @Override
    public Layout ensure(Workspace workspace) {
        apply(workspace);
        return layout(workspace.id());
    }

    /** Applies every desired object of the workspace, namespace first. */
    public Applied apply(Workspace workspace) {
        Map<ObjectApplier.Result, Integer> counts = new EnumMap<>(ObjectApplier.Result.class);
        if (shared.isPresent()) {
            // The NFS path of the workspace's volume must exist before a pod mounts it.
            Path dir = shared.get().directory(objects.namespace(workspace.id()));
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new SandboxException(ErrorCode.KUBERNETES_UNAVAILABLE, "the workspace directory on the shared storage"
                        + " cannot be created: " + e.getClass().getSimpleName());
            }
        }
        for (HasMetadata object : objects.desired(WorkspaceObjects.Target.of(workspace))) {
            ObjectApplier.Result result;
            try {
                result = applier.apply(object);
            } catch (KubernetesClientException e) {
                throw KubernetesErrors.translate(e, "apply " + object.getKind() + " " + qualified(object));
            }
            counts.merge(result, 1, Integer::sum);
            if (result == ObjectApplier.Result.CREATED || result == ObjectApplier.Result.UPDATED) {
                log.info("workspace {}: {} {} {}", workspace.id(), object.getKind(), qualified(object), result.name().toLowerCase());
            }
        }
        return new Applied(counts);
    }

    @Override
    public Teardown teardown(Workspace workspace) {
        RetainedData.Erasure erasure = erase(workspace.id());
        return new Teardown(erasure.files(), erasure.bytes());
    }

    /**
     * Deletes the workspace's namespace (its volume claims, pods, secrets and the rest go with it) and the job logs
     * kept for it. {@code files} counts the deleted Kubernetes objects and log files, {@code bytes} the storage the
     * claims held plus the logs. Returns only once the namespace is gone: while Kubernetes still finalizes it, this
     * throws, and the caller (deletion record, reconciler) tries again later.
     */
    public RetainedData.Erasure erase(String workspaceId) {
        String ns = objects.namespace(workspaceId);
        long objectsDeleted = 0;
        long bytes = 0;
        try {
            Namespace namespace = client.namespaces().withName(ns).get();
            if (namespace != null) {
                if (namespace.getMetadata().getDeletionTimestamp() == null) {
                    List<PersistentVolumeClaim> claims = client.persistentVolumeClaims().inNamespace(ns).list().getItems();
                    for (PersistentVolumeClaim claim : claims) {
                        bytes += requestedBytes(claim);
                    }
                    int pods = client.pods().inNamespace(ns).list().getItems().size();
                    // the namespace, its claims and pods as listed, and the other objects the controller made in it
                    objectsDeleted = 1 + claims.size() + pods + WorkspaceObjects.NAMESPACED_CONFIGURATION_OBJECTS;
                    client.namespaces().withName(ns).withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
                    log.info("workspace {}: namespace {} deleted ({} objects, volume claims of {} bytes)", workspaceId, ns,
                            objectsDeleted, bytes);
                }
                if (client.namespaces().withName(ns).get() != null) {
                    throw new SandboxException(ErrorCode.KUBERNETES_UNAVAILABLE, "namespace " + ns
                            + " is being deleted (its volumes are released first); the deletion is confirmed on the next pass");
                }
            }
        } catch (KubernetesClientException e) {
            throw KubernetesErrors.translate(e, "delete namespace " + ns);
        }
        RetainedData.Erasure logs = local.erase(workspaceId);
        String detail = objectsDeleted == 0 ? "namespace " + ns + " already gone; " + logs.detail()
                : "deleted namespace " + ns + " (" + objectsDeleted + " objects, volume claims of " + bytes + " bytes); " + logs.detail();
        if (shared.isPresent()) {
            // The namespace (and with it every pod that could write) is gone: its volumes and their directory follow.
            long volumes = 0;
            try {
                for (String pv : List.of(WorkspaceObjects.dataVolume(ns), WorkspaceObjects.sourcesVolume(ns))) {
                    if (client.persistentVolumes().withName(pv).get() != null) {
                        client.persistentVolumes().withName(pv).delete();
                        volumes++;
                    }
                }
            } catch (KubernetesClientException e) {
                throw KubernetesErrors.translate(e, "delete the shared volumes of namespace " + ns);
            }
            RetainedData.Erasure data = shared.get().erase(ns);
            return new RetainedData.Erasure(objectsDeleted + volumes + logs.files() + data.files(), logs.bytes() + data.bytes(),
                    detail + "; deleted " + volumes + " shared volumes; " + data.detail());
        }
        return new RetainedData.Erasure(objectsDeleted + logs.files(), bytes + logs.bytes(), detail);
    }

    public String scope(String workspaceId) {
        return "Kubernetes namespace " + objects.namespace(workspaceId) + " (volume claim " + WorkspaceObjects.DATA_CLAIM
                + ": Spark warehouse and files; job pods, secrets, config maps) and the job logs at " + local.directory(workspaceId);
    }

    @Override
    public Layout layout(String workspaceId) {
        Path data = mountPath.resolve("data");
        return new Layout(mountPath, data, data.resolve("warehouse"), data.resolve("files"),
                local.directory(workspaceId).resolve("jobs"));
    }

    /**
     * What the workspace's volume claims hold (their capacity, or the request while unbound): the API server does
     * not report how full a volume is, so storage is metered by what is reserved.
     */
    @Override
    public long storageBytes(String workspaceId) {
        if (shared.isPresent()) {
            return used(shared.get().directory(objects.namespace(workspaceId))); // a file system: what is used, not reserved
        }
        try {
            PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(objects.namespace(workspaceId))
                    .withName(WorkspaceObjects.DATA_CLAIM).get();
            return claim == null ? 0 : requestedBytes(claim);
        } catch (KubernetesClientException e) {
            throw KubernetesErrors.translate(e, "read the volume claim of workspace " + workspaceId);
        }
    }

    private static long used(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // removed while walking
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            log.warn("cannot measure {}: {}", dir, e.getClass().getName());
            return 0;
        }
    }

    private static long requestedBytes(PersistentVolumeClaim claim) {
        Optional<Quantity> capacity = Optional.ofNullable(claim.getStatus()).map(s -> s.getCapacity()).map(c -> c.get("storage"));
        Optional<Quantity> requested = Optional.ofNullable(claim.getSpec()).map(s -> s.getResources()).map(r -> r.getRequests())
                .map(r -> r.get("storage"));
        return capacity.or(() -> requested).map(q -> q.getNumericalAmount().longValue()).orElse(0L);
    }

    public String namespace(String workspaceId) {
        return objects.namespace(workspaceId);
    }

    private static String qualified(HasMetadata object) {
        String ns = object.getMetadata().getNamespace();
        return ns == null ? object.getMetadata().getName() : ns + "/" + object.getMetadata().getName();
    }
}
