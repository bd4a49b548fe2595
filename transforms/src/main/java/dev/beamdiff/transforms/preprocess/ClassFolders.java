package dev.beamdiff.transforms.preprocess;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Class names from the "ImageFolder" layout, {@code root/<class>/<image>}: the sorted distinct
 * names of the folders holding the matched image files. An image's label is the index of its
 * folder's name in this list.
 */
final class ClassFolders
    extends PTransform<PCollection<MatchResult.Metadata>, PCollectionView<List<String>>> {
  private static final long serialVersionUID = 1L;

  private final SourceFormat format;

  ClassFolders(SourceFormat format) {
    this.format = format;
  }

  @Override
  public PCollectionView<List<String>> expand(PCollection<MatchResult.Metadata> files) {
    return files
        .apply("ImageFiles", Filter.by(this::isImageFile))
        .apply(
            "FolderNames",
            MapElements.into(TypeDescriptors.strings())
                .via(file -> folderOf(file.resourceId().toString())))
        .apply("SortedDistinct", Combine.globally(new SortedDistinct()))
        .apply("AsView", View.asSingleton());
  }

  private boolean isImageFile(MatchResult.Metadata file) {
    String name = file.resourceId().getFilename();
    return name != null && !format.isCompanion(name) && format.of(name) == SourceFormat.IMAGE;
  }

  /** Name of the folder holding the file at {@code uri} ("cat" for ".../pets/cat/001.png"). */
  static String folderOf(String uri) {
    int slash = uri.lastIndexOf('/');
    int previous = slash <= 0 ? -1 : uri.lastIndexOf('/', slash - 1);
    return slash < 0 ? "" : uri.substring(previous + 1, slash);
  }

  /** Collects distinct strings and sorts them. */
  static final class SortedDistinct extends Combine.CombineFn<String, List<String>, List<String>> {
    private static final long serialVersionUID = 1L;

    @Override
    public List<String> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<String> addInput(List<String> names, String name) {
      names.add(name);
      return names;
    }

    @Override
    public List<String> mergeAccumulators(Iterable<List<String>> parts) {
      TreeSet<String> all = new TreeSet<>();
      parts.forEach(all::addAll);
      return new ArrayList<>(all);
    }

    @Override
    public List<String> extractOutput(List<String> names) {
      return new ArrayList<>(new TreeSet<>(names));
    }

    @Override
    public Coder<List<String>> getAccumulatorCoder(CoderRegistry registry, Coder<String> input) {
      return ListCoder.of(StringUtf8Coder.of());
    }

    @Override
    public Coder<List<String>> getDefaultOutputCoder(CoderRegistry registry, Coder<String> input) {
      return ListCoder.of(StringUtf8Coder.of());
    }
  }
}
