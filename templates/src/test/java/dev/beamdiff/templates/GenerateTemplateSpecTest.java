package dev.beamdiff.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.beamdiff.diffusion.sampling.Samplers;
import dev.beamdiff.pipelines.PipelineOptionProperty;
import dev.beamdiff.pipelines.generate.GenerateOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The generate Flex Template spec matches {@link GenerateOptions}, parameter for parameter: names,
 * required flags, defaults (stated in the help text and accepted by the regexes), and regexes that
 * accept the allowed values and refuse others.
 */
class GenerateTemplateSpecTest {

  private static Map<String, JsonObject> parameters() throws IOException {
    JsonObject spec =
        JsonParser.parseString(Files.readString(Path.of("generate/metadata.json")))
            .getAsJsonObject();
    assertThat(spec.get("name").getAsString()).isNotBlank();
    Map<String, JsonObject> parameters = new LinkedHashMap<>();
    for (JsonElement p : spec.getAsJsonArray("parameters")) {
      JsonObject parameter = p.getAsJsonObject();
      String name = parameter.get("name").getAsString();
      assertThat(parameters.put(name, parameter)).as("duplicate parameter %s", name).isNull();
      assertThat(parameter.get("label").getAsString()).as(name).isNotBlank();
      assertThat(parameter.get("helpText").getAsString()).as(name).isNotBlank();
    }
    return parameters;
  }

  private static Map<String, PipelineOptionProperty> options() {
    Map<String, PipelineOptionProperty> options = new LinkedHashMap<>();
    for (PipelineOptionProperty p : PipelineOptionProperty.of(GenerateOptions.class)) {
      options.put(p.name(), p);
    }
    return options;
  }

  private static boolean accepts(JsonObject parameter, String value) {
    for (JsonElement regex : parameter.getAsJsonArray("regexes")) {
      if (!Pattern.compile(regex.getAsString()).matcher(value).matches()) {
        return false;
      }
    }
    return true;
  }

  @Test
  void everyParameterIsAnOptionAndEveryOptionAParameter() throws IOException {
    assertThat(parameters().keySet()).containsExactlyInAnyOrderElementsOf(options().keySet());
  }

  @Test
  void requiredOptionsAreRequiredParametersAndDefaultsAreStated() throws IOException {
    Map<String, PipelineOptionProperty> options = options();
    for (Map.Entry<String, JsonObject> e : parameters().entrySet()) {
      PipelineOptionProperty option = options.get(e.getKey());
      JsonObject parameter = e.getValue();
      boolean optional = parameter.has("isOptional") && parameter.get("isOptional").getAsBoolean();
      assertThat(optional).as("%s optional", e.getKey()).isEqualTo(!option.required());
      option
          .defaultValue()
          .ifPresent(
              d -> {
                String help = parameter.get("helpText").getAsString();
                assertThat(help)
                    .as("help of %s states its default", e.getKey())
                    .contains("Default: " + (d.isEmpty() ? "empty" : d) + ".");
                assertThat(accepts(parameter, d)).as("default %s of %s", d, e.getKey()).isTrue();
              });
    }
  }

  @Test
  void regexesAcceptTheAllowedValuesAndRefuseOthers() throws IOException {
    Map<String, JsonObject> parameters = parameters();
    for (String sampler : Samplers.names()) {
      assertThat(accepts(parameters.get("sampler"), sampler)).as(sampler).isTrue();
    }
    assertThat(accepts(parameters.get("sampler"), "magic")).isFalse();
    for (String format : List.of("png", "avro", "png,avro")) {
      assertThat(accepts(parameters.get("format"), format)).as(format).isTrue();
    }
    assertThat(accepts(parameters.get("format"), "jpg")).isFalse();
    assertThat(accepts(parameters.get("n"), "0")).isFalse();
    assertThat(accepts(parameters.get("n"), "50000")).isTrue();
    assertThat(accepts(parameters.get("batchSize"), "0")).isFalse();
    assertThat(accepts(parameters.get("classes"), "Sneaker,3")).isTrue();
    assertThat(accepts(parameters.get("classes"), "Sneaker,,3")).isFalse();
    assertThat(accepts(parameters.get("guidance"), "2.5")).isTrue();
    assertThat(accepts(parameters.get("guidance"), "-1")).isFalse();
    assertThat(accepts(parameters.get("seed"), "-7")).isTrue();
  }
}
