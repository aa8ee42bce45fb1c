package dev.deploysim.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method or class allowed to use an API the determinism guard forbids; the
 * forbidden-apis build check honours any annotation with this simple name. Every use must say
 * in a comment why it cannot break determinism.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE, ElementType.FIELD})
public @interface SuppressForbidden {
    /** Why this use is safe. */
    String reason();
}
