import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.http.HttpServerTransport;

/**
 * Starts single-node OpenSearch clusters on 127.0.0.1 inside this JVM, one per {@code --node NAME}, each
 * with the settings given after it as {@code -Ekey=value}, prints one line per node when it answers
 * ({@code firewatch-opensearch ready NAME http://127.0.0.1:PORT}), and stops them all when its standard
 * input closes, so the nodes never outlive the process that started them.
 *
 * <p>Usage: {@code FirewatchOpenSearch --home DIR --node main [-Ekey=value ...] [--node limited -E...]}.
 * Ports default to 0 (a free one the kernel picks), security is absent (plain HTTP), disk watermarks are
 * off (a nearly full test disk must not make indices read-only).
 */
public final class FirewatchOpenSearch {
  /** The modules firewatch's templates and queries need; the runner loads them from the classpath. */
  private static final String MODULES = String.join(",",
      "org.opensearch.analysis.common.CommonAnalysisPlugin",
      "org.opensearch.index.mapper.MapperExtrasPlugin",
      "org.opensearch.painless.PainlessPlugin",
      "org.opensearch.transport.Netty4Plugin");

  public static void main(String[] args) throws Exception {
    // OpenSearch's log configuration takes over System.out (and a second node's replaces the first's),
    // so the ready lines go to the process's own standard output directly.
    PrintStream ready = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    Path home = null;
    Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
    Map<String, String> current = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--home") && i + 1 < args.length) {
        home = Path.of(args[++i]);
      } else if (arg.equals("--node") && i + 1 < args.length) {
        current = new LinkedHashMap<>();
        nodes.put(args[++i], current);
      } else if (arg.startsWith("-E") && arg.indexOf('=') > 2 && current != null) {
        current.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      } else {
        throw new IllegalArgumentException("unexpected argument: " + arg
            + " (usage: --home DIR --node NAME [-Ekey=value ...] [--node NAME ...])");
      }
    }
    if (home == null || nodes.isEmpty()) {
      throw new IllegalArgumentException("usage: --home DIR --node NAME [-Ekey=value ...] [--node NAME ...]");
    }

    List<OpenSearchRunner> runners = new ArrayList<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(runners)));
    for (Map.Entry<String, Map<String, String>> node : nodes.entrySet()) {
      OpenSearchRunner runner = new OpenSearchRunner();
      Map<String, String> settings = node.getValue();
      runner.onBuild((number, builder) -> {
        builder.put("discovery.type", "single-node");
        builder.put("network.host", "127.0.0.1");
        builder.put("http.port", "0");
        builder.put("transport.port", "0");
        builder.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        builder.put("action.auto_create_index", "true");
        settings.forEach(builder::put);
      });
      List<String> options = new ArrayList<>(List.of("-basePath", home.resolve(node.getKey()).toString(),
          "-numOfNode", "1", "-clusterName", "firewatch-" + node.getKey(), "-moduleTypes", MODULES, "-printOnFailure"));
      // Logging is configured once per JVM: configuring it again for a later node closes the console
      // stream of the first configuration, and with it the process's standard output.
      if (!runners.isEmpty()) options.add("-disableESLogger");
      runners.add(runner);
      runner.build(options.toArray(String[]::new));
      runner.ensureYellow();
      int port = runner.getNode(0).injector().getInstance(HttpServerTransport.class)
          .boundAddress().publishAddress().getPort();
      ready.println("firewatch-opensearch ready " + node.getKey() + " http://127.0.0.1:" + port);
    }

    InputStream in = System.in;
    while (in.read() != -1) {
      // Anything written is ignored; only the end of input matters.
    }
    closeAll(runners);
    System.exit(0);
  }

  private static synchronized void closeAll(List<OpenSearchRunner> runners) {
    for (OpenSearchRunner runner : runners) {
      try {
        if (!runner.isClosed()) runner.close();
      } catch (IOException e) {
        System.err.println("closing a node failed: " + e);
      }
    }
  }
}
