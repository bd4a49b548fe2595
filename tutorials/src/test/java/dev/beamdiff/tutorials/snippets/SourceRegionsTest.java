package dev.beamdiff.tutorials.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SourceRegionsTest {
  private static final String SOURCE =
      """
      package demo;

      /** A demo. */
      public final class Demo {
        private static final int SIZE = twice(3);

        /**
         * Doubles.
         *
         * <pre>  y = 2·x</pre>
         */
        @SuppressWarnings("unused")
        static int twice(int x) {
          // tutorial:begin body
          int y = 2 * x;
          // tutorial:begin inner
          y += 0;
          // tutorial:end inner
          return y;
          // tutorial:end body
        }

        /** Overloaded. */
        void log(String s) {}

        void log(int i) {}

        static <K, V> Map<K, V> merge(
            @Nullable Map<K, V> first, final Map<K, V> second, int... more) {
          return first;
        }

        interface Shape {
          double area();
        }

        abstract double perimeter(
            double width, double height);

        public record Point(double x, double y) {
          public Point {
            if (x < 0) {
              throw new IllegalArgumentException();
            }
          }
        }
      }
      """;

  private final SourceRegions regions = new SourceRegions("Demo.java", SOURCE);

  @Test
  void aRegionIsItsLinesDedentedWithoutNestedMarkers() {
    assertThat(regions.regionNames()).containsExactly("inner", "body");
    assertThat(regions.extract("body")).isEqualTo("int y = 2 * x;\ny += 0;\nreturn y;\n");
    assertThat(regions.extract("inner")).isEqualTo("y += 0;\n");
  }

  @Test
  void aMemberComesWithItsJavadocAndAnnotations() {
    assertThat(regions.extract("twice"))
        .startsWith("/**\n * Doubles.\n *\n * <pre>  y = 2·x</pre>\n */\n@SuppressWarnings")
        .contains("static int twice(int x) {\n  int y = 2 * x;\n  y += 0;\n")
        .endsWith("  return y;\n}\n")
        .doesNotContain("tutorial:");
  }

  @Test
  void membersEndAtTheirBraceOrSemicolon() {
    assertThat(regions.extract("perimeter"))
        .isEqualTo("abstract double perimeter(\n    double width, double height);\n");
    assertThat(regions.extract("Point")).startsWith("public record Point(").endsWith("  }\n}\n");
  }

  @Test
  void parameterTypesDropAnnotationsModifiersAndSpaces() {
    assertThat(regions.extract("merge(Map<K,V>,Map<K,V>,int...)"))
        .startsWith("static <K, V> Map<K, V> merge(");
  }

  @Test
  void nestedMembersAndCallsAreNotDeclarations() {
    assertThatThrownBy(() -> regions.extract("area"))
        .hasMessageContaining("Demo.java: no region '// tutorial:begin area' and no member area");
  }

  @Test
  void overloadsArePickedByTheirParameterTypes() {
    assertThatThrownBy(() -> regions.extract("log"))
        .hasMessageContaining("2 members are named log")
        .hasMessageContaining("pick one by its parameter types, e.g. log(String)");
    assertThat(regions.extract("log(String)"))
        .isEqualTo("/** Overloaded. */\nvoid log(String s) {}\n");
    assertThat(regions.extract("log(int)")).isEqualTo("void log(int i) {}\n");
    assertThat(regions.extract("perimeter(double,double)"))
        .startsWith("abstract double perimeter(");
    assertThatThrownBy(() -> regions.extract("log(long)"))
        .hasMessageContaining("no member log(long)");
  }

  @Test
  void brokenMarkersAreErrorsWithTheirLine() {
    assertThatThrownBy(() -> new SourceRegions("A.java", "x\n  // tutorial:begin a\ny\n"))
        .hasMessage("A.java:2: region 'a' never ends; add // tutorial:end a");
    assertThatThrownBy(() -> new SourceRegions("A.java", "// tutorial:end a\n"))
        .hasMessage("A.java:1: region 'a' ends but never began");
    assertThatThrownBy(
            () ->
                new SourceRegions(
                    "A.java",
                    "// tutorial:begin a\n// tutorial:end a\n// tutorial:begin a\n"
                        + "// tutorial:end a\n"))
        .hasMessage("A.java:3: region 'a' begins a second time");
  }
}
