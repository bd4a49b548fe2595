package dev.beamdiff.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Counting and naming the parameters of a DJL block.
 *
 * <p>DJL names a parameter by joining the names of the child blocks that lead to it with {@code _},
 * each child name carrying a two-digit ordinal prefix ({@code 05down0Res1_02conv1_weight}). The
 * canonical name drops the prefixes and joins with dots ({@code down0Res1.conv1.weight}), which is
 * the {@code state_dict} key of a PyTorch module with the same attribute names.
 */
public final class BlockParameters {
  private static final Pattern ORDINAL = Pattern.compile("^\\d{2,}");

  private BlockParameters() {}

  /**
   * Returns the number of scalar parameters of an initialised block.
   *
   * @param block an initialised block
   * @return Σ over its parameters of the number of elements
   * @throws IllegalStateException if the block is not initialised
   */
  public static long count(Block block) {
    long total = 0;
    for (Pair<String, Parameter> entry : block.getParameters()) {
      Parameter parameter = entry.getValue();
      if (!parameter.isInitialized()) {
        throw new IllegalStateException(
            "parameter " + entry.getKey() + " is not initialised; initialise the block first");
      }
      total += parameter.getArray().size();
    }
    return total;
  }

  /**
   * Returns the canonical name of a DJL parameter name: ordinal prefixes removed, dots between
   * blocks ({@code 05down0Res1_02conv1_weight} → {@code down0Res1.conv1.weight}). Block names must
   * not contain {@code _} for this to be unambiguous; BeamDiff's do not.
   *
   * @param djlName a name from {@link Block#getParameters()}
   * @return the canonical name
   */
  public static String canonicalName(String djlName) {
    String[] parts = djlName.split("_");
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        name.append('.');
      }
      name.append(i < parts.length - 1 ? ORDINAL.matcher(parts[i]).replaceFirst("") : parts[i]);
    }
    return name.toString();
  }

  /**
   * Returns the parameters of {@code block} by canonical name, in DJL's order.
   *
   * @param block any block
   * @return canonical name → parameter
   */
  public static Map<String, Parameter> byCanonicalName(Block block) {
    Map<String, Parameter> byName = new LinkedHashMap<>();
    for (Pair<String, Parameter> entry : block.getParameters()) {
      byName.put(canonicalName(entry.getKey()), entry.getValue());
    }
    return byName;
  }
}
