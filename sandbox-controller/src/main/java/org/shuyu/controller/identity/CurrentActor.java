package org.shuyu.controller.identity;

/** Port: who is making the current request. */
public interface CurrentActor {
    /** The authenticated actor; throws UNAUTHENTICATED if there is none. */
    Actor get();
}
