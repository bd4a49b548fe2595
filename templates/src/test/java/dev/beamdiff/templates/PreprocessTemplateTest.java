package dev.beamdiff.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.services.dataflow.model.DataflowPackage;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.beamdiff.pipelines.PipelineOptionProperty;
import dev.beamdiff.pipelines.preprocess.PreprocessOptions;
import dev.beamdiff.pipelines.preprocess.PreprocessPipeline;
import dev.beamdiff.transforms.avro.ImageRecords;
import dev.beamdiff.transforms.avro.PixelEncoding;
import dev.beamdiff.transforms.image.Fit;
import dev.beamdiff.transforms.image.PillowResampler.Filter;
import dev.beamdiff.transforms.preprocess.SourceFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.beam.runners.dataflow.options.DataflowPipelineDebugOptions;
import org.apache.beam.runners.dataflow.util.DataflowTemplateJob;
import org.apache.beam.runners.dataflow.util.PackageUtil;
import org.apache.beam.runners.dataflow.util.Stager;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flex Template spec ({@code templates/preprocess/metadata.json}) against the pipeline's {@link
 * PreprocessOptions}, so the two cannot drift, and the pipeline translated for Dataflow with the
 * template's values, without submitting a job.
 */
class PreprocessTemplateTest {
  private static final Path TEMPLATE = Path.of("preprocess");

  /** Values each parameter's regexes must accept, beyond its default. */
  private static final Map<String, List<String>> VALID =
      Map.ofEntries(
          Map.entry(
              "input",
              List.of(
                  "gs://beamdiff-data/pets/*/*.png",
                  "gs://beamdiff-data/a.gz, gs://my_bucket.2/c/*.bin")),
          Map.entry(
              "output", List.of("gs://beamdiff-data/preprocessed", "gs://beamdiff-data/out/")),
          Map.entry("channels", List.of("1", "3")),
          Map.entry("encoding", labels(PixelEncoding.values(), ImageRecords::encodingLabel)),
          Map.entry("filter", labels(Filter.values(), Filter::label)),
          Map.entry("fit", labels(Fit.values(), Fit::label)),
          Map.entry("inputFormat", labels(SourceFormat.values(), SourceFormat::label)),
          Map.entry("labelFromFolder", List.of("true", "false")),
          Map.entry("maxPixels", List.of("1", "1000000000")),
          Map.entry("padValue", List.of("0", "9", "10", "199", "255")),
          Map.entry("shards", List.of("0", "1", "64")),
          Map.entry("size", List.of("1", "32", "299", "1024")));

  /** Values each parameter's regexes must refuse. */
  private static final Map<String, List<String>> INVALID =
      Map.ofEntries(
          Map.entry(
              "input",
              List.of("/local/x.png", "gs://beamdiff-data/a.gz,/local/b", "gs://b/x.png", "")),
          Map.entry("output", List.of("/tmp/out", "gs://Upper/out", "gs://ab", "")),
          Map.entry("channels", List.of("2", "4", "")),
          Map.entry("encoding", List.of("jpeg", "")),
          Map.entry("filter", List.of("lanczos", "")),
          Map.entry("fit", List.of("stretch", "")),
          Map.entry("inputFormat", List.of("tfrecord", "")),
          Map.entry("labelFromFolder", List.of("yes", "")),
          Map.entry("maxPixels", List.of("0", "-5", "1e9")),
          Map.entry("padValue", List.of("256", "-1", "007")),
          Map.entry("shards", List.of("-1", "x")),
          Map.entry("size", List.of("0", "10000", "32.5")));

  @Test
  void everyOptionIsATemplateParameterWithTheSameHelpAndDefault() throws IOException {
    Map<String, JsonObject> parameters = parameters();
    Map<String, PipelineOptionProperty> options =
        PipelineOptionProperty.of(PreprocessOptions.class).stream()
            .collect(Collectors.toMap(PipelineOptionProperty::name, p -> p));

    assertThat(parameters.keySet()).containsExactlyInAnyOrderElementsOf(options.keySet());
    for (PipelineOptionProperty option : options.values()) {
      JsonObject parameter = parameters.get(option.name());
      assertThat(parameter.get("helpText").getAsString())
          .as("helpText of %s equals its @Description", option.name())
          .isEqualTo(option.description());
      assertThat(parameter.get("label").getAsString()).isNotBlank();
      boolean optional = parameter.has("isOptional") && parameter.get("isOptional").getAsBoolean();
      assertThat(optional).as("isOptional of %s", option.name()).isEqualTo(!option.required());
      assertThat(parameter.has("defaultValue") ? parameter.get("defaultValue").getAsString() : null)
          .as("defaultValue of %s equals its @Default", option.name())
          .isEqualTo(option.defaultValue().orElse(null));
      if (parameter.has("enumOptions")) {
        List<String> values = new ArrayList<>();
        parameter
            .getAsJsonArray("enumOptions")
            .forEach(e -> values.add(e.getAsJsonObject().get("value").getAsString()));
        assertThat(values)
            .as("enumOptions of %s", option.name())
            .containsExactlyInAnyOrderElementsOf(VALID.get(option.name()));
      }
    }
  }

  @Test
  void regexesAcceptTheAllowedValuesAndRefuseOthers() throws IOException {
    for (Map.Entry<String, JsonObject> e : parameters().entrySet()) {
      String name = e.getKey();
      List<Pattern> regexes = new ArrayList<>();
      e.getValue()
          .getAsJsonArray("regexes")
          .forEach(r -> regexes.add(Pattern.compile(r.getAsString())));
      assertThat(regexes).as("regexes of %s", name).isNotEmpty();
      List<String> valid = new ArrayList<>(VALID.get(name));
      if (e.getValue().has("defaultValue")) {
        valid.add(e.getValue().get("defaultValue").getAsString());
      }
      for (String value : valid) {
        assertThat(regexes)
            .as("%s=%s is accepted", name, value)
            .allMatch(r -> r.matcher(value).matches());
      }
      for (String value : INVALID.get(name)) {
        assertThat(regexes)
            .as("%s=%s is refused", name, value)
            .anyMatch(r -> !r.matcher(value).matches());
      }
    }
  }

  /**
   * Builds the pipeline from template values with Dataflow options and runs Dataflow's own
   * translation up to the job specification, which {@code --templateLocation} writes to a local
   * file instead of submitting: options or transforms that only fail on Dataflow fail here. Staging
   * is replaced by a stager that uploads nothing, and the credentials are a dummy token.
   */
  @Tag("slow")
  @Test
  void translatesForDataflowWithoutSubmittingAJob(@TempDir Path dir) throws IOException {
    List<String> args = new ArrayList<>();
    for (Map.Entry<String, JsonObject> e : parameters().entrySet()) {
      JsonObject p = e.getValue();
      String value =
          p.has("defaultValue")
              ? p.get("defaultValue").getAsString()
              : VALID.get(e.getKey()).get(0);
      args.add("--" + e.getKey() + "=" + value);
    }
    Path jobFile = dir.resolve("job.json");
    Path stagedJar = Files.writeString(dir.resolve("app.jar"), "stand-in for the pipeline jar");
    args.addAll(
        List.of(
            "--runner=DataflowRunner",
            "--project=beamdiff-test",
            "--region=europe-west4",
            "--tempLocation=gs://beamdiff-test/tmp",
            "--gcpTempLocation=gs://beamdiff-test/tmp",
            "--stagingLocation=gs://beamdiff-test/staging",
            "--templateLocation=" + jobFile,
            "--filesToStage=" + stagedJar,
            "--pathValidatorClass=org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator"));
    PipelineOptionsFactory.register(PreprocessOptions.class);
    PreprocessOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
            .withValidation()
            .as(PreprocessOptions.class);
    options
        .as(GcpOptions.class)
        .setGcpCredential(GoogleCredentials.create(new AccessToken("test", null)));
    options.as(DataflowPipelineDebugOptions.class).setStager(new NothingStager());

    PipelineResult result = PreprocessPipeline.create(options).run();

    assertThat(result).isInstanceOf(DataflowTemplateJob.class);
    JsonObject job = JsonParser.parseString(Files.readString(jobFile)).getAsJsonObject();
    JsonArray steps = job.getAsJsonArray("steps");
    assertThat(steps.size()).isGreaterThan(10);
    assertThat(steps.toString())
        .contains("Preprocess/Read/Decode")
        .contains("Preprocess/WriteManifest");
    JsonObject sdkOptions =
        job.getAsJsonObject("environment")
            .getAsJsonObject("sdkPipelineOptions")
            .getAsJsonObject("options");
    assertThat(sdkOptions.get("input").getAsString()).isEqualTo(VALID.get("input").get(0));
    assertThat(sdkOptions.get("output").getAsString()).isEqualTo(VALID.get("output").get(0));
  }

  @Test
  void buildScriptNamesThePipelineMainClassAndThisMetadata() throws Exception {
    String build = Files.readString(Path.of("build.sh"));
    assertThat(build)
        .contains("preprocess) MAIN_CLASS=\"" + PreprocessPipeline.class.getName() + "\"");
    assertThat(build).contains("templates/$PIPELINE/metadata.json");
    assertThat(PreprocessPipeline.class.getMethod("main", String[].class)).isNotNull();
  }

  private static Map<String, JsonObject> parameters() throws IOException {
    JsonObject metadata =
        JsonParser.parseString(Files.readString(TEMPLATE.resolve("metadata.json")))
            .getAsJsonObject();
    assertThat(metadata.get("name").getAsString()).isNotBlank();
    Map<String, JsonObject> parameters = new LinkedHashMap<>();
    for (JsonElement p : metadata.getAsJsonArray("parameters")) {
      JsonObject parameter = p.getAsJsonObject();
      assertThat(parameters.put(parameter.get("name").getAsString(), parameter)).isNull();
    }
    return parameters;
  }

  private static <E> List<String> labels(E[] values, Function<E, String> label) {
    return Arrays.stream(values).map(label).toList();
  }

  /** A stager that uploads nothing and says every file is in gs://beamdiff-test/staging. */
  private static final class NothingStager implements Stager {
    @Override
    public List<DataflowPackage> stageFiles(List<PackageUtil.StagedFile> files) {
      return files.stream().map(f -> staged(f.getDestination())).toList();
    }

    @Override
    public DataflowPackage stageToFile(byte[] bytes, String baseName) {
      return staged(baseName);
    }

    private static DataflowPackage staged(String name) {
      return new DataflowPackage().setName(name).setLocation("gs://beamdiff-test/staging/" + name);
    }
  }
}
