/** The enforcement corpus shared by every transport's tests (docs/enforcement-corpus.md). */
package org.shuyu.corpus;
