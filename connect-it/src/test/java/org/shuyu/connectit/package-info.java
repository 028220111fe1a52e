/** Placeholder so the module compiles before its tests exist. */ package org.shuyu.connectit;
