package dev.beamdiff.pipelines.evaluate;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON report of {@code beamdiff evaluate}: the Fréchet distance (FID with the Inception
 * detector) and its terms, KID, N per side, the detector, the resize mode and warnings. Field names
 * are the JSON keys.
 */
public final class EvaluationReport {
  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

  /** The detector the features came from. */
  public static final class Detector {
    public String name;
    public String description;
    public String model;
    public String input;
    public int featureDimension;
  }

  /** One side's inputs. */
  public static final class Side {
    public String location;
    public String kind;

    /** Feature vectors summarised; null when a statistics file does not record it. */
    public Long n;

    public String resizeMode;
    public Map<String, Long> inputShapes;
    public long rejected;
    public List<String> rejectedExamples = new ArrayList<>();
  }

  /** The terms of FD² = ‖μr − μf‖² + tr Σr + tr Σf − 2 tr √(√Σr Σf √Σr). */
  public static final class FrechetTerms {
    public double meanTerm;
    public double traceReal;
    public double traceFake;
    public double traceSqrtProduct;
  }

  /** KID as the mean over subsets and the standard deviation of the subset estimates. */
  public static final class Kid {
    public double mean;
    public double standardDeviation;
    public int subsets;
    public int subsetSize;
    public long seed;
  }

  public String createdAt;
  public Detector detector;
  public Side real;
  public Side fake;

  /** FD between the real and fake feature Gaussians; FID when the detector is Inception. */
  public Double frechetDistance;

  public FrechetTerms frechetTerms;
  public Kid kid;
  public String kidUnavailable;
  public String rejectedFile;
  public List<String> warnings = new ArrayList<>();

  public String toJson() {
    return GSON.toJson(this);
  }

  public static EvaluationReport fromJson(String json) {
    return GSON.fromJson(json, EvaluationReport.class);
  }
}
