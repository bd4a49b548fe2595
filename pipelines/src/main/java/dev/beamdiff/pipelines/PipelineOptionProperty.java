package dev.beamdiff.pipelines;

import java.beans.Introspector;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/**
 * One property of a Beam {@link PipelineOptions} interface as its annotations describe it, for
 * tools that present the options elsewhere (the command line, Flex Template metadata) and must not
 * drift from them.
 *
 * @param name the option name, {@code --name} on command lines
 * @param getter the interface's getter
 */
public record PipelineOptionProperty(String name, Method getter) {

  /**
   * The properties {@code options} declares itself (not inherited): required first, then by name.
   */
  public static List<PipelineOptionProperty> of(Class<? extends PipelineOptions> options) {
    List<PipelineOptionProperty> properties = new ArrayList<>();
    for (Method m : options.getDeclaredMethods()) {
      String method = m.getName();
      int prefix = method.startsWith("get") ? 3 : method.startsWith("is") ? 2 : 0;
      if (prefix > 0 && m.getParameterCount() == 0) {
        properties.add(
            new PipelineOptionProperty(Introspector.decapitalize(method.substring(prefix)), m));
      }
    }
    properties.sort(
        Comparator.comparing((PipelineOptionProperty p) -> !p.required())
            .thenComparing(PipelineOptionProperty::name));
    return properties;
  }

  /** The value type: String, int, long, boolean, ... */
  public Class<?> type() {
    return getter.getReturnType();
  }

  /** The {@link Description} text, or "" if there is none. */
  public String description() {
    Description d = getter.getAnnotation(Description.class);
    return d == null ? "" : d.value();
  }

  /** Whether the option is {@link Validation.Required}. */
  public boolean required() {
    return getter.isAnnotationPresent(Validation.Required.class);
  }

  /** The value of its {@code @Default.*} annotation as text, if it has one. */
  public Optional<String> defaultValue() {
    for (Annotation a : getter.getAnnotations()) {
      if (a.annotationType().getEnclosingClass() == Default.class) {
        try {
          return Optional.of(String.valueOf(a.annotationType().getMethod("value").invoke(a)));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("unreadable default of option " + name, e);
        }
      }
    }
    return Optional.empty();
  }
}
