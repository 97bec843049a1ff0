package io.radio4j.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifies an application's {@link java.util.concurrent.Executor} bean on which the radio4j
 * encoders decode images and tokenize texts. Without one they do it on the calling thread; a server
 * should give one bounded pool shared by every encoder.
 *
 * <pre>{@code
 * @Bean
 * @RadioPreprocessing
 * Executor radioPreprocessing() {
 *     return Executors.newFixedThreadPool(4);
 * }
 * }</pre>
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER})
public @interface RadioPreprocessing {}
