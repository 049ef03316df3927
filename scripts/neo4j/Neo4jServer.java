import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;

/**
 * A Neo4j Community server for govgraph's tests and for users without one.
 *
 * <p>Runs the real DBMS from Maven Central's org.neo4j:neo4j with its Bolt connector on 127.0.0.1
 * and authentication on. The password of the user neo4j is set through the system database, then
 * the process prints "READY bolt://127.0.0.1:PORT" and serves until it receives SIGTERM, when it
 * shuts the DBMS down cleanly.
 *
 * <p>LOAD CSV reads file:/// URLs below HOME/import.
 *
 * <p>Arguments: HOME PORT; the password comes from the environment variable NEO4J_PASSWORD (never
 * from the command line, where other users could read it). Optional: NEO4J_PAGECACHE (e.g. 512m).
 */
public final class Neo4jServer {
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: Neo4jServer HOME PORT   (password in $NEO4J_PASSWORD)");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    String password = System.getenv("NEO4J_PASSWORD");
    if (password == null || password.length() < 8) {
      System.err.println("set NEO4J_PASSWORD to a password of at least 8 characters");
      System.exit(2);
    }
    String pageCache = System.getenv().getOrDefault("NEO4J_PAGECACHE", "512m");

    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(home)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
            .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
            .setConfig(HttpConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.auth_enabled, true)
            .setConfig(GraphDatabaseSettings.load_csv_file_url_root, home.resolve("import"))
            // RFC 4180 quoting: a cell ending in a backslash is just that, not an escaped quote.
            .setConfig(GraphDatabaseSettings.csv_legacy_quote_escaping, false)
            .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(pageCache))
            .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(30))
            .build();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  dbms.shutdown();
                  stopped.countDown();
                }));

    try {
      setPassword(dbms, password);
    } catch (RuntimeException e) {
      e.printStackTrace();
      System.exit(1); // the shutdown hook stops the DBMS
    }

    System.out.println("READY bolt://127.0.0.1:" + port);
    System.out.flush();
    stopped.await();
  }

  private static void setPassword(DatabaseManagementService dbms, String password) {
    try {
      dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
          .executeTransactionally(
              "ALTER USER neo4j SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED",
              java.util.Map.of("password", password));
    } catch (QueryExecutionException e) {
      // A restarted server already has this password; Neo4j refuses to "change" it to itself.
      if (!e.getMessage().contains("Old password and new password cannot be the same")) {
        throw e;
      }
    }
  }
}
