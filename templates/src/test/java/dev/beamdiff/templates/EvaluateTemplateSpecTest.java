package dev.beamdiff.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.beamdiff.pipelines.evaluate.EvaluateOptions;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Validation;
import org.junit.jupiter.api.Test;

/** The evaluate Flex Template spec matches {@link EvaluateOptions}, parameter for parameter. */
class EvaluateTemplateSpecTest {

  private static JsonObject spec() throws IOException {
    return JsonParser.parseString(Files.readString(Path.of("evaluate/metadata.json")))
        .getAsJsonObject();
  }

  /** Option name → getter, for the options EvaluateOptions declares itself. */
  private static Map<String, Method> options() {
    Map<String, Method> getters = new HashMap<>();
    for (Method m : EvaluateOptions.class.getDeclaredMethods()) {
      if (m.getName().startsWith("get") && m.getParameterCount() == 0) {
        String name = m.getName().substring(3);
        getters.put(Character.toLowerCase(name.charAt(0)) + name.substring(1), m);
      }
    }
    return getters;
  }

  @Test
  void everyParameterIsAnOptionAndEveryOptionAParameter() throws IOException {
    Set<String> parameters = new LinkedHashSet<>();
    for (JsonElement p : spec().getAsJsonArray("parameters")) {
      JsonObject parameter = p.getAsJsonObject();
      String name = parameter.get("name").getAsString();
      assertThat(parameters.add(name)).as("duplicate parameter %s", name).isTrue();
      assertThat(parameter.get("label").getAsString()).as(name).isNotBlank();
      assertThat(parameter.get("helpText").getAsString()).as(name).isNotBlank();
    }
    assertThat(parameters).containsExactlyInAnyOrderElementsOf(options().keySet());
    assertThat(spec().get("name").getAsString()).isNotBlank();
  }

  @Test
  void optionalityMatchesTheOptions() throws IOException {
    Map<String, Method> options = options();
    for (JsonElement p : spec().getAsJsonArray("parameters")) {
      JsonObject parameter = p.getAsJsonObject();
      String name = parameter.get("name").getAsString();
      Method getter = options.get(name);
      boolean required = getter.isAnnotationPresent(Validation.Required.class);
      boolean optional = parameter.has("isOptional") && parameter.get("isOptional").getAsBoolean();
      if (required) {
        assertThat(optional).as("%s is required by EvaluateOptions", name).isFalse();
      }
    }
  }

  @Test
  void defaultsPassTheirOwnRegexes() throws IOException {
    Map<String, Method> options = options();
    for (JsonElement p : spec().getAsJsonArray("parameters")) {
      JsonObject parameter = p.getAsJsonObject();
      String name = parameter.get("name").getAsString();
      String defaultValue = defaultOf(options.get(name));
      if (defaultValue == null || !parameter.has("regexes")) {
        continue;
      }
      for (JsonElement regex : parameter.getAsJsonArray("regexes")) {
        assertThat(Pattern.compile(regex.getAsString()).matcher(defaultValue).matches())
            .as("default %s of %s against %s", defaultValue, name, regex)
            .isTrue();
      }
    }
  }

  private static String defaultOf(Method getter) {
    if (getter.isAnnotationPresent(Default.String.class)) {
      return getter.getAnnotation(Default.String.class).value();
    }
    if (getter.isAnnotationPresent(Default.Integer.class)) {
      return Integer.toString(getter.getAnnotation(Default.Integer.class).value());
    }
    if (getter.isAnnotationPresent(Default.Long.class)) {
      return Long.toString(getter.getAnnotation(Default.Long.class).value());
    }
    return null;
  }
}
