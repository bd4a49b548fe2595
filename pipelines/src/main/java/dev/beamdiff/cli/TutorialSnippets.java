package dev.beamdiff.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * Keeps the code blocks of the tutorials' Markdown equal to the compiled sources they show. Found
 * with {@link java.util.ServiceLoader} like {@link TutorialChapter}; {@code beamdiff tutorial
 * --check} and {@code --sync} call it.
 */
public interface TutorialSnippets {

  /**
   * Compares every snippet block of the Markdown chapters in {@code repositoryRoot/tutorials} with
   * its source region.
   *
   * @return one readable report per drifted or broken block (with a diff); empty when all agree
   */
  List<String> check(Path repositoryRoot);

  /**
   * Rewrites every drifted block from its source.
   *
   * @return the Markdown files that changed
   * @throws IllegalArgumentException if a block refers to a source or region that does not exist
   */
  List<Path> sync(Path repositoryRoot);
}
