package dev.darner.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A synthetic OCI image built on disk as an OCI layout ({@code oci:} for skopeo): layers that are
 * real gzipped tar files of random bytes (so containerd can unpack them), or raw random blobs for
 * range reads, a config and a manifest. {@link #push} copies it into a registry with skopeo.
 */
public final class TestImage {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TAG = "v1";

  private final Path layout;
  private final List<Blob> layers;
  private final Blob config;
  private final Blob manifest;

  private TestImage(Path layout, List<Blob> layers, Blob config, Blob manifest) {
    this.layout = layout;
    this.layers = List.copyOf(layers);
    this.config = config;
    this.manifest = manifest;
  }

  /** Builds an image under {@code dir} with one tar.gz layer per entry of {@code fileSizes}. */
  public static TestImage withTarLayers(Path dir, long seed, long... fileSizes) throws IOException {
    Random random = new Random(seed);
    List<Blob> layers = new ArrayList<>();
    List<String> diffIds = new ArrayList<>();
    for (int i = 0; i < fileSizes.length; i++) {
      String[] diffId = new String[1];
      layers.add(
          writeBlob(
              dir,
              "application/vnd.oci.image.layer.v1.tar+gzip",
              tarGz("layer" + i + ".bin", fileSizes[i], random, diffId)));
      diffIds.add(diffId[0]);
    }
    return finish(dir, layers, diffIds);
  }

  /**
   * Builds an image under {@code dir} whose single layer is about {@code size} random bytes: gzip
   * without compression around bytes that are no tar, so only for reading blobs, never for
   * unpacking. (Gzip, because skopeo compresses a layer it sees uncompressed, changing its digest.)
   */
  public static TestImage withRawLayer(Path dir, long seed, long size) throws IOException {
    Random random = new Random(seed);
    Blob layer =
        writeBlob(
            dir,
            "application/vnd.oci.image.layer.v1.tar+gzip",
            out -> {
              GZIPOutputStream stored =
                  new GZIPOutputStream(out, 1 << 16) {
                    {
                      def.setLevel(Deflater.NO_COMPRESSION);
                    }
                  };
              try (stored) {
                writeRandom(stored, size, random);
              }
            });
    return finish(dir, List.of(layer), List.of(layer.digest()));
  }

  /** Copies the image to {@code reference} with skopeo, with {@code credentials} when given. */
  public void push(String reference, String credentials, Path logDir) throws Exception {
    Path skopeo = RealClients.require("skopeo");
    List<String> command = new ArrayList<>();
    command.addAll(List.of(skopeo.toString(), "copy", "--quiet", "--dest-tls-verify=false"));
    if (!credentials.isEmpty()) {
      command.addAll(List.of("--dest-creds", credentials));
    }
    command.add("oci:" + layout + ":" + TAG);
    command.add("docker://" + reference);
    ChildProcess.run(command, logDir.resolve("skopeo.log"), 300);
  }

  /** Returns the image's layers in order. */
  public List<Blob> layers() {
    return layers;
  }

  /** Returns the image's config. */
  public Blob config() {
    return config;
  }

  /** Returns the image's manifest. */
  public Blob manifest() {
    return manifest;
  }

  /** Returns the bytes of {@code blob}. */
  public byte[] bytes(Blob blob) throws IOException {
    return Files.readAllBytes(blobPath(layout, blob.digest()));
  }

  private static TestImage finish(Path dir, List<Blob> layers, List<String> diffIds)
      throws IOException {
    Path layout = dir;
    Map<String, Object> configJson =
        Map.of(
            "architecture",
            "amd64",
            "os",
            "linux",
            "rootfs",
            Map.of("type", "layers", "diff_ids", diffIds),
            "config",
            Map.of());
    Blob config = writeJson(layout, "application/vnd.oci.image.config.v1+json", configJson);
    List<Map<String, Object>> layerRefs = layers.stream().map(Blob::descriptor).toList();
    Map<String, Object> manifestJson =
        Map.of(
            "schemaVersion",
            2,
            "mediaType",
            "application/vnd.oci.image.manifest.v1+json",
            "config",
            config.descriptor(),
            "layers",
            layerRefs);
    Blob manifest = writeJson(layout, "application/vnd.oci.image.manifest.v1+json", manifestJson);
    Map<String, Object> described = new java.util.HashMap<>(manifest.descriptor());
    described.put("annotations", Map.of("org.opencontainers.image.ref.name", TAG));
    Files.write(
        layout.resolve("index.json"),
        JSON.writeValueAsBytes(Map.of("schemaVersion", 2, "manifests", List.of(described))));
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    return new TestImage(layout, layers, config, manifest);
  }

  private static Blob writeJson(Path layout, String mediaType, Object json) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(json);
    return writeBlob(layout, mediaType, out -> out.write(bytes));
  }

  private interface Writer {
    void write(OutputStream out) throws IOException;
  }

  private static Blob writeBlob(Path layout, String mediaType, Writer writer) throws IOException {
    Path blobs = layout.resolve("blobs").resolve("sha256");
    Files.createDirectories(blobs);
    Path temp = Files.createTempFile(blobs, "blob", ".part");
    MessageDigest sha = sha256();
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha)) {
      writer.write(out);
    }
    String digest = "sha256:" + HexFormat.of().formatHex(sha.digest());
    Files.move(temp, blobPath(layout, digest));
    return new Blob(digest, Files.size(blobPath(layout, digest)), mediaType);
  }

  private static Path blobPath(Path layout, String digest) {
    return layout.resolve("blobs").resolve("sha256").resolve(digest.substring(7));
  }

  /** Returns a writer of a gzipped tar holding one file of random bytes; sets its diff id. */
  private static Writer tarGz(String name, long size, Random random, String[] diffId) {
    return out -> {
      MessageDigest tarSha = sha256();
      GZIPOutputStream gzip =
          new GZIPOutputStream(out, 1 << 16) {
            {
              def.setLevel(Deflater.BEST_SPEED);
            }
          };
      try (OutputStream tar = new DigestOutputStream(gzip, tarSha)) {
        tar.write(tarHeader(name, size));
        writeRandom(tar, size, random);
        tar.write(new byte[(int) ((512 - size % 512) % 512)]);
        tar.write(new byte[1024]);
      }
      diffId[0] = "sha256:" + HexFormat.of().formatHex(tarSha.digest());
    };
  }

  private static byte[] tarHeader(String name, long size) {
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", size));
    put(header, 136, "00000000000");
    java.util.Arrays.fill(header, 148, 156, (byte) ' ');
    header[156] = '0';
    put(header, 257, "ustar");
    put(header, 263, "00");
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o", sum));
    header[154] = 0;
    header[155] = ' ';
    return header;
  }

  private static void put(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }

  private static void writeRandom(OutputStream out, long size, Random random) throws IOException {
    byte[] buffer = new byte[1 << 16];
    for (long left = size; left > 0; ) {
      random.nextBytes(buffer);
      int n = (int) Math.min(buffer.length, left);
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** One blob of the image: its digest, size and media type. */
  public record Blob(String digest, long size, String mediaType) {

    Map<String, Object> descriptor() {
      return Map.of("mediaType", mediaType, "digest", digest, "size", size);
    }
  }
}
