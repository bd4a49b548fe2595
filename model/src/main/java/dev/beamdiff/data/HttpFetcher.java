package dev.beamdiff.data;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** Downloads over HTTP(S) with the JDK client, following redirects. */
public final class HttpFetcher implements Fetcher {
  private final HttpClient client =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NORMAL)
          .connectTimeout(Duration.ofSeconds(20))
          .build();

  @Override
  public void fetch(URI source, Path target) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(source).timeout(Duration.ofMinutes(10)).build();
    HttpResponse<Path> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofFile(target));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while downloading " + source, e);
    }
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode() + " from " + source);
    }
  }
}
