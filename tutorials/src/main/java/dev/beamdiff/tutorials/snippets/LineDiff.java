package dev.beamdiff.tutorials.snippets;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff for people: the longest common subsequence of two texts' lines, printed with {@code
 * -} for lines only in the first, {@code +} for lines only in the second, and up to {@code context}
 * unchanged lines around each change.
 */
final class LineDiff {
  private LineDiff() {}

  /**
   * The differences between {@code before} and {@code after}, one line per output line, each
   * prefixed by {@code "- "}, {@code "+ "} or {@code " "}; {@code " …"} marks skipped lines.
   */
  static List<String> diff(String before, String after, int context) {
    List<String> a = before.lines().toList();
    List<String> b = after.lines().toList();
    int[][] common = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        common[i][j] =
            a.get(i).equals(b.get(j))
                ? common[i + 1][j + 1] + 1
                : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    List<String> all = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        all.add("  " + a.get(i++));
        j++;
      } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
        all.add("- " + a.get(i++));
      } else {
        all.add("+ " + b.get(j++));
      }
    }
    return withContext(all, context);
  }

  private static List<String> withContext(List<String> all, int context) {
    if (all.stream().allMatch(line -> line.startsWith("  "))) {
      return List.of();
    }
    boolean[] keep = new boolean[all.size()];
    for (int k = 0; k < all.size(); k++) {
      if (!all.get(k).startsWith("  ")) {
        for (int c = Math.max(0, k - context); c <= Math.min(all.size() - 1, k + context); c++) {
          keep[c] = true;
        }
      }
    }
    List<String> out = new ArrayList<>();
    boolean skipping = false;
    for (int k = 0; k < all.size(); k++) {
      if (keep[k]) {
        out.add(all.get(k));
        skipping = false;
      } else if (!skipping) {
        out.add("  …");
        skipping = true;
      }
    }
    return out;
  }
}
