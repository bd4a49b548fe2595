package dev.beamdiff.tutorials.snippets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The code a snippet shows, cut from a Java source formatted by google-java-format (two-space
 * indentation, so a class's members start in column 2):
 *
 * <ul>
 *   <li>a marked region: the lines between {@code // tutorial:begin name} and {@code //
 *       tutorial:end name};
 *   <li>otherwise the one top-level member called {@code name}: its Javadoc, annotations,
 *       declaration and body.
 * </ul>
 *
 * Marker lines of other regions inside are dropped, and the common indentation is removed.
 */
public final class SourceRegions {
  private static final Pattern MARKER = Pattern.compile("^\\s*// tutorial:(begin|end) (\\S+)\\s*$");

  private final String label;
  private final List<String> lines;
  private final Map<String, int[]> regions;

  /**
   * Parses the regions of a source.
   *
   * @param label the file's name, for error messages
   * @param source the file's text
   * @throws IllegalArgumentException on a region that is opened twice, closed without being opened,
   *     or never closed
   */
  public SourceRegions(String label, String source) {
    this.label = label;
    this.lines = source.lines().toList();
    this.regions = parseRegions();
  }

  /** Names of the marked regions, in file order. */
  public List<String> regionNames() {
    return List.copyOf(regions.keySet());
  }

  /**
   * The code called {@code name}: a marked region, else the single member of that name. An
   * overloaded method is picked by its parameter types, written without spaces: {@code
   * linear(int,double,double)}, {@code linear()}.
   *
   * @throws IllegalArgumentException if there is neither, or several members match
   */
  public String extract(String name) {
    int[] region = regions.get(name);
    if (region != null) {
      return clean(lines.subList(region[0] + 1, region[1]));
    }
    int paren = name.indexOf('(');
    String member = paren < 0 ? name : name.substring(0, paren);
    List<Integer> declarations = memberDeclarations(member);
    if (paren >= 0) {
      String wanted = name.substring(paren);
      declarations = declarations.stream().filter(d -> wanted.equals(parameterTypes(d))).toList();
    }
    if (declarations.isEmpty()) {
      throw new IllegalArgumentException(
          label
              + ": no region '// tutorial:begin "
              + name
              + "' and no member "
              + name
              + " (regions here: "
              + regions.keySet()
              + ")");
    }
    if (declarations.size() > 1) {
      throw new IllegalArgumentException(
          label
              + ": "
              + declarations.size()
              + " members are named "
              + name
              + " (lines "
              + declarations.stream().map(i -> i + 1).toList()
              + "); pick one by its parameter types, e.g. "
              + member
              + parameterTypes(declarations.get(0))
              + ", or mark it with // tutorial:begin and // tutorial:end");
    }
    int declaration = declarations.get(0);
    return clean(lines.subList(memberStart(declaration), memberEnd(declaration, name) + 1));
  }

  private Map<String, int[]> parseRegions() {
    Map<String, int[]> found = new LinkedHashMap<>();
    Map<String, Integer> open = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = MARKER.matcher(lines.get(i));
      if (!m.matches()) {
        continue;
      }
      String name = m.group(2);
      if (m.group(1).equals("begin")) {
        if (open.containsKey(name) || found.containsKey(name)) {
          throw new IllegalArgumentException(
              label + ":" + (i + 1) + ": region '" + name + "' begins a second time");
        }
        open.put(name, i);
      } else {
        Integer start = open.remove(name);
        if (start == null) {
          throw new IllegalArgumentException(
              label + ":" + (i + 1) + ": region '" + name + "' ends but never began");
        }
        found.put(name, new int[] {start, i});
      }
    }
    if (!open.isEmpty()) {
      String name = open.keySet().iterator().next();
      throw new IllegalArgumentException(
          label
              + ":"
              + (open.get(name) + 1)
              + ": region '"
              + name
              + "' never ends; add // tutorial:end "
              + name);
    }
    return found;
  }

  /** Lines in column 2 that declare {@code name(}: not a call inside a field initializer. */
  private List<Integer> memberDeclarations(String name) {
    Pattern declaration = Pattern.compile("^  [^ @/*}][^=;(]*\\b" + Pattern.quote(name) + "\\(.*");
    List<Integer> found = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (declaration.matcher(line).matches() && !line.trim().startsWith("return ")) {
        found.add(i);
      }
    }
    return found;
  }

  /**
   * The parameter types of the declaration at line {@code declaration}, as {@code (T1,T2)}:
   * annotations, modifiers and names dropped, no spaces.
   */
  private String parameterTypes(int declaration) {
    StringBuilder text = new StringBuilder();
    for (int i = declaration; i < lines.size(); i++) {
      text.append(lines.get(i).trim()).append(' ');
      if (lines.get(i).endsWith("{") || lines.get(i).endsWith(";")) {
        break;
      }
    }
    int open = text.indexOf("(");
    int depth = 0;
    int close = open;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      depth += c == '(' || c == '<' ? 1 : c == ')' || c == '>' ? -1 : 0;
      if (depth == 0) {
        close = i;
        break;
      }
    }
    List<String> types = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    depth = 0;
    for (char c : text.substring(open + 1, close).toCharArray()) {
      depth += c == '<' ? 1 : c == '>' ? -1 : 0;
      if (c == ',' && depth == 0) {
        types.add(typeOf(current.toString()));
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (!current.toString().isBlank()) {
      types.add(typeOf(current.toString()));
    }
    return "(" + String.join(",", types) + ")";
  }

  /** {@code final @Ann Map<K, V> name} → {@code Map<K,V>}. */
  private static String typeOf(String parameter) {
    String withoutAnnotations = parameter.replaceAll("@\\w+(\\([^)]*\\))?", "").trim();
    String type = withoutAnnotations.substring(0, withoutAnnotations.lastIndexOf(' ')).trim();
    return type.replaceFirst("^final\\s+", "").replace(" ", "");
  }

  /** The member's first line: its Javadoc or first annotation above the declaration. */
  private int memberStart(int declaration) {
    int start = declaration;
    while (start > 0 && lines.get(start - 1).startsWith("  @")) {
      start--;
    }
    if (start > 0 && lines.get(start - 1).equals("   */")) {
      int doc = start - 1;
      while (doc > 0 && !lines.get(doc).equals("  /**")) {
        doc--;
      }
      start = doc;
    } else if (start > 0 && lines.get(start - 1).matches("^  /\\*\\*.*\\*/$")) {
      start--;
    }
    return start;
  }

  /** The member's last line: the end of an abstract declaration, or its closing brace. */
  private int memberEnd(int declaration, String name) {
    for (int i = declaration; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.endsWith("{}") || line.endsWith(";")) {
        return i;
      }
      if (line.endsWith("{")) {
        for (int j = i + 1; j < lines.size(); j++) {
          if (lines.get(j).startsWith("  }")) {
            return j;
          }
        }
        break;
      }
    }
    throw new IllegalArgumentException(
        label + ":" + (declaration + 1) + ": cannot find where member " + name + " ends");
  }

  /** Drops marker lines and the common indentation. */
  private static String clean(List<String> region) {
    List<String> kept = region.stream().filter(l -> !MARKER.matcher(l).matches()).toList();
    int indent =
        kept.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    StringBuilder out = new StringBuilder();
    for (String line : kept) {
      out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
    }
    return out.toString();
  }
}
