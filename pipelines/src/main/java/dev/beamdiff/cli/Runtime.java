package dev.beamdiff.cli;

/** Process-wide settings applied before any library loads. */
final class Runtime {
  private Runtime() {}

  /**
   * DJL must never reach for the network: libtorch comes from the jars on the classpath. Users who
   * want DJL's downloads can pass {@code -Dai.djl.offline=false}.
   */
  static void init() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    // Charts and image grids are drawn off-screen.
    System.setProperty("java.awt.headless", "true");
  }
}
