package org.shuyu.controller.job;

/**
 * Port: the secret salt the runtime mixes into hashed (pseudonymized) columns, one per workspace, so a hash
 * cannot be reversed by hashing every possible ID-card number, nor linked across workspaces.
 */
public interface MaskSalts {
    String forWorkspace(String workspaceId);
}
