package io.vaultgate.simulator;

import java.util.regex.Pattern;

/**
 * A path glob of a fault, matched against the whole request path (never the query), ignoring case as Azure
 * Resource Manager does: {@code *} stands for any characters within one segment, {@code **} for any number of
 * segments, none included ({@code /a/**} matches {@code /a} and {@code /a/b/c}; {@code /a/**}{@code /z} matches
 * {@code /a/z}). Every other character stands for itself. It only matches; it never reads or changes requests.
 */
public final class PathGlob {
  private final String glob;
  private final Pattern pattern;

  private PathGlob(String glob, Pattern pattern) {
    this.glob = glob;
    this.pattern = pattern;
  }

  /** @throws IllegalArgumentException unless the glob starts with "/" */
  public static PathGlob of(String glob) {
    if (!glob.startsWith("/")) {
      throw new IllegalArgumentException("a path glob starts with '/': " + glob);
    }
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      if (glob.startsWith("/**", i)) {
        regex.append("(?:/.*)?");
        i += 2;
      } else if (glob.startsWith("**", i)) {
        regex.append(".*");
        i += 1;
      } else if (glob.charAt(i) == '*') {
        regex.append("[^/]*");
      } else {
        regex.append(Pattern.quote(String.valueOf(glob.charAt(i))));
      }
    }
    return new PathGlob(glob, Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE));
  }

  public boolean matches(String path) {
    return pattern.matcher(path).matches();
  }

  /** The glob as written. */
  @Override
  public String toString() {
    return glob;
  }
}
