package org.shuyu.controller.grant;

/**
 * Port: persistence of the whole life cycle, the union of {@link LabStore}, {@link ApplicationStore},
 * {@link GrantStore} and {@link GrantRecordStore} (one adapter implements it). {@code lock*} reads take a row lock for
 * the rest of the caller's transaction, so two transitions of one subject never interleave.
 */
public interface LifecycleStore extends LabStore, ApplicationStore, GrantStore, GrantRecordStore {
}
