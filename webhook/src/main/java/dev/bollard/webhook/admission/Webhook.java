package dev.bollard.webhook.admission;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.inject.Qualifier;

/**
 * Names the path an {@link AdmissionHandler} answers on, so the HTTP edge finds its handlers by
 * path and never names the packages that implement them (as josdk-webhooks' controllers take a
 * Mutator or Validator).
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface Webhook {
    /** The path segment, e.g. {@code inject}. */
    String value();
}
