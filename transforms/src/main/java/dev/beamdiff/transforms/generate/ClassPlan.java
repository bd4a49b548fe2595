package dev.beamdiff.transforms.generate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which class each image of a generation run gets. An unconditional model has none (label −1). A
 * class-conditional model with K classes cycles through a list: image i gets {@code list[i mod m]};
 * the list is every class 0…K−1 unless the user chose some ({@code --classes}), so by default image
 * i has class i mod K, as {@code beamdiff sample} draws. Labels depend on the index alone, so image
 * i is the same whatever the batching.
 */
public final class ClassPlan implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] cycle;
  private final List<String> names;

  private ClassPlan(int[] cycle, List<String> names) {
    this.cycle = cycle;
    this.names = List.copyOf(names);
  }

  /**
   * The plan for {@code classes} (comma-separated class indices or names; blank: every class).
   *
   * @param names the model's class names by index (may be empty when unknown)
   * @param numClasses K, 0 for an unconditional model
   * @throws IllegalArgumentException naming {@code --classes} for an unknown class, or classes
   *     given to an unconditional model
   */
  public static ClassPlan parse(String classes, List<String> names, int numClasses) {
    return parse("--classes", classes, names, numClasses);
  }

  /** As {@link #parse(String, List, int)}, naming {@code option} in errors. */
  public static ClassPlan parse(String option, String classes, List<String> names, int numClasses) {
    boolean given = classes != null && !classes.isBlank();
    if (numClasses == 0) {
      if (given) {
        throw new IllegalArgumentException(
            option + ": the model is unconditional (trained without classes); leave it empty");
      }
      return new ClassPlan(null, names);
    }
    if (!given) {
      int[] all = new int[numClasses];
      Arrays.setAll(all, i -> i);
      return new ClassPlan(all, names);
    }
    List<Integer> chosen = new ArrayList<>();
    for (String token : classes.split(",")) {
      chosen.add(classIndex(option, token.trim(), names, numClasses));
    }
    return new ClassPlan(chosen.stream().mapToInt(Integer::intValue).toArray(), names);
  }

  private static int classIndex(String option, String label, List<String> names, int classes) {
    int byName = names.indexOf(label);
    if (byName >= 0) {
      return byName;
    }
    try {
      int index = Integer.parseInt(label);
      if (index >= 0 && index < classes) {
        return index;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        option
            + ": '"
            + label
            + "' is not a class index in [0, "
            + classes
            + ") nor a class name "
            + names);
  }

  /** Whether images get labels (the model is class-conditional). */
  public boolean conditional() {
    return cycle != null;
  }

  /** The label of image {@code index}, or −1 for an unconditional model. */
  public int label(long index) {
    return cycle == null ? -1 : cycle[(int) (index % cycle.length)];
  }

  /** Labels of images {@code [first, first + count)}, or null for an unconditional model. */
  public int[] labels(long first, int count) {
    if (cycle == null) {
      return null;
    }
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = label(first + i);
    }
    return labels;
  }

  /** The name of class {@code label}, or null if unknown or −1. */
  public String className(int label) {
    return label >= 0 && label < names.size() ? names.get(label) : null;
  }

  /** The classes cycled through, in order (empty for an unconditional model). */
  public List<Integer> cycle() {
    return cycle == null ? List.of() : Arrays.stream(cycle).boxed().toList();
  }
}
