package org.shuyu.controller.grant;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HexFormat;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Real material documents (R-13, issue 18): the applicant uploads a material's file, the platform computes its SHA-256
 * and records the material exactly as {@link ApplicationService#provideMaterial} does (same rules, same state checks,
 * same audit entry), and keeps the bytes. Whoever may read the application may download them; the bytes are checked
 * against the recorded hash on the way out, so a tampered document is refused rather than served.
 */
@Service
public class MaterialDocuments {
    /** The largest document the platform stores. */
    public static final long MAX_DOCUMENT_BYTES = 20L * 1024 * 1024;

    private final ApplicationService applications;
    private final MaterialDocumentStore documents;
    private final Clock clock;

    public MaterialDocuments(ApplicationService applications, MaterialDocumentStore documents, Clock clock) {
        this.applications = requireNonNull(applications, "applications is null");
        this.documents = requireNonNull(documents, "documents is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** An upload: the file's name, media type (may be null) and bytes, and the period end of the financial reports. */
    public record Upload(String documentName, String contentType, byte[] content, LocalDate periodEnd) {}

    @Transactional
    public Application upload(Actor actor, String applicationId, MaterialKind kind, Upload upload) {
        byte[] content = upload.content() == null ? new byte[0] : upload.content();
        if (content.length > MAX_DOCUMENT_BYTES) {
            throw new SandboxException(ErrorCode.MATERIAL_DOCUMENT_TOO_LARGE, "a material document may have at most "
                    + MAX_DOCUMENT_BYTES + " bytes (20 MB); this one has " + content.length);
        }
        String name = upload.documentName() == null ? "" : upload.documentName().strip();
        if (name.isEmpty()) {
            throw new SandboxException(ErrorCode.MATERIAL_DOCUMENT_EMPTY, "the document needs a name (documentName)");
        }
        if (name.length() > 300) {
            throw new SandboxException(ErrorCode.MATERIAL_DOCUMENT_EMPTY, "the document name has more than 300 characters");
        }
        if (content.length == 0) {
            throw new SandboxException(ErrorCode.MATERIAL_DOCUMENT_EMPTY, "the document " + name + " is empty");
        }
        String sha256 = sha256(content);
        // The same rules as the metadata endpoint: kind, applicant, state, financial period, audit entry.
        Application application = applications.provideMaterial(actor, applicationId, kind,
                new ApplicationService.ProvideMaterial(name, sha256, upload.periodEnd()));
        String type = upload.contentType() == null || upload.contentType().isBlank() ? "application/octet-stream" : upload.contentType();
        documents.put(new MaterialDocumentStore.StoredDocument(application.id(), kind, name, type, content.length, sha256,
                content, clock.instant()));
        return application;
    }

    /** The document of a material, for whoever may read the application; its bytes match the recorded hash. */
    @Transactional(readOnly = true)
    public MaterialDocumentStore.StoredDocument download(Actor actor, String applicationId, MaterialKind kind) {
        Application application = applications.get(actor, applicationId);
        Application.Material material = application.materials().get(kind);
        MaterialDocumentStore.StoredDocument document = documents.find(application.id(), kind)
                .orElseThrow(() -> new SandboxException(ErrorCode.MATERIAL_DOCUMENT_MISSING, material == null
                        ? "application " + applicationId + " has no " + kind + " material"
                        : "material " + kind + " of application " + applicationId + " was recorded by name and hash only"));
        if (material == null || !material.sha256().equalsIgnoreCase(document.sha256())) {
            // A newer material recorded by name and hash only: the stored file is not the material any more.
            throw new SandboxException(ErrorCode.MATERIAL_DOCUMENT_MISSING, "material " + kind + " of application "
                    + applicationId + " was recorded by name and hash only");
        }
        String actual = sha256(document.content());
        if (!actual.equalsIgnoreCase(material.sha256()) || document.content().length != document.size()) {
            throw new SandboxException(ErrorCode.MATERIAL_DOCUMENT_TAMPERED, "the stored document of material " + kind
                    + " of application " + applicationId + " does not match its recorded SHA-256 " + material.sha256());
        }
        return document;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
