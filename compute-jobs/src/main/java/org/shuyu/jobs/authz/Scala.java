package org.shuyu.jobs.authz;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import scala.Function1;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractPartialFunction;

/** The few Scala/Java bridges the Catalyst code needs. */
final class Scala {
    private Scala() {
    }

    static <T> List<T> list(scala.collection.Iterable<T> seq) {
        return List.copyOf(CollectionConverters.asJavaCollection(seq));
    }

    static <K, V> java.util.Map<K, V> map(scala.collection.Map<K, V> map) {
        return java.util.Map.copyOf(CollectionConverters.asJava(map));
    }

    static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
        return CollectionConverters.asScala(list).toSeq();
    }

    static <T> Optional<T> optional(Option<T> option) {
        return option.isDefined() ? Optional.ofNullable(option.get()) : Optional.empty();
    }

    /** A partial function defined where {@code rule} returns a value. */
    static <A, B> scala.PartialFunction<A, B> partial(Class<A> type, Function<A, Optional<B>> rule) {
        return new AbstractPartialFunction<A, B>() {
            @Override
            public boolean isDefinedAt(A value) {
                return rule.apply(value).isPresent();
            }

            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public Object applyOrElse(Object value, Function1 fallback) {
                Optional<B> result = rule.apply((A) value);
                return result.isPresent() ? result.get() : fallback.apply(value);
            }
        };
    }
}
