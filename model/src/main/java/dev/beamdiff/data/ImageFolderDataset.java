package dev.beamdiff.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Loads a folder of same-sized PNG/JPEG images into memory. Sub-folders are classes (sorted by
 * name, as torchvision's ImageFolder does); images directly in the folder make an unlabeled
 * dataset. All gray images give 1 channel, otherwise RGB. Images of other sizes or files that do
 * not decode are errors: clean and resize a folder first with {@code beamdiff preprocess}.
 */
public final class ImageFolderDataset {
  private ImageFolderDataset() {}

  public static LabeledImages load(Path root) {
    if (!Files.isDirectory(root)) {
      throw new DatasetException("image folder " + root + " does not exist");
    }
    List<Path> classDirs = list(root, Files::isDirectory);
    List<String> classNames = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    if (classDirs.isEmpty()) {
      for (Path f : list(root, ImageFolderDataset::isImage)) {
        files.add(f);
        labels.add(-1);
      }
    } else {
      for (Path dir : classDirs) {
        int label = classNames.size();
        classNames.add(dir.getFileName().toString());
        for (Path f : list(dir, ImageFolderDataset::isImage)) {
          files.add(f);
          labels.add(label);
        }
      }
    }
    if (files.isEmpty()) {
      throw new DatasetException(
          "image folder " + root + " holds no .png/.jpg/.jpeg files (directly or one level down)");
    }
    List<BufferedImage> images = new ArrayList<>(files.size());
    boolean allGray = true;
    for (Path f : files) {
      BufferedImage image = decode(f);
      if (!images.isEmpty()
          && (image.getWidth() != images.get(0).getWidth()
              || image.getHeight() != images.get(0).getHeight())) {
        throw new DatasetException(
            f
                + " is "
                + image.getWidth()
                + "×"
                + image.getHeight()
                + " but "
                + files.get(0)
                + " is "
                + images.get(0).getWidth()
                + "×"
                + images.get(0).getHeight()
                + "; all images must have one size (resize them with `beamdiff preprocess`)");
      }
      allGray &= image.getColorModel().getNumColorComponents() == 1;
      images.add(image);
    }
    int h = images.get(0).getHeight();
    int w = images.get(0).getWidth();
    int c = allGray ? 1 : 3;
    byte[] pixels = new byte[images.size() * h * w * c];
    int p = 0;
    for (BufferedImage image : images) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int rgb = image.getRGB(x, y);
          if (c == 1) {
            pixels[p++] = (byte) (rgb & 0xFF);
          } else {
            pixels[p++] = (byte) ((rgb >> 16) & 0xFF);
            pixels[p++] = (byte) ((rgb >> 8) & 0xFF);
            pixels[p++] = (byte) (rgb & 0xFF);
          }
        }
      }
    }
    int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
    return new LabeledImages(images.size(), h, w, c, pixels, labelArray, classNames);
  }

  private static BufferedImage decode(Path file) {
    try {
      BufferedImage image = ImageIO.read(file.toFile());
      if (image == null || image.getWidth() == 0 || image.getHeight() == 0) {
        throw new DatasetException(
            file
                + " is not a decodable PNG/JPEG image (clean the folder with `beamdiff preprocess`,"
                + " which sets bad files aside)");
      }
      return image;
    } catch (IOException e) {
      throw new DatasetException(
          file
              + " cannot be decoded ("
              + e.getMessage()
              + "); clean the folder with "
              + "`beamdiff preprocess`, which sets bad files aside",
          e);
    }
  }

  private static boolean isImage(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(p)
        && (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg"));
  }

  private static List<Path> list(Path dir, java.util.function.Predicate<Path> keep) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(keep).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
