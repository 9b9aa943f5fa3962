package org.bankdata.serve;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.ServerConnector;

/**
 * What one slow or idle client may hold of the server, so that neither it nor a few hundred like it can stop
 * others (and {@code /health}) from being answered:
 * <ul>
 *   <li>the head of a connection's first request must arrive within {@link #HEADER_DEADLINE}, however slowly
 *       its bytes trickle in, or the connection is closed;</li>
 *   <li>a connection idle for {@link #IDLE_TIMEOUT} (between requests, or while a read or a write of a request
 *       is blocked) is closed;</li>
 *   <li>a request body must arrive at {@link #MIN_BODY_BYTES_PER_SECOND} at least, or the request fails;</li>
 *   <li>at most {@link #MAX_CONNECTIONS} connections are open at once (more wait to be accepted).</li>
 * </ul>
 * Jetty applies them; the SQL handler adds its own (an early 413, few bodies read at once, exports cut at
 * the time limit even when the client does not read), see {@link DashboardApi#sql}.
 */
final class ServerLimits {
    static final Duration HEADER_DEADLINE = Duration.ofSeconds(10);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
    static final long MIN_BODY_BYTES_PER_SECOND = 1024;
    static final int MAX_CONNECTIONS = 1000;

    private ServerLimits() {
    }

    /** Listens on {@code host}:{@code port} with the limits above. */
    static void apply(JavalinConfig c, String host, int port) {
        c.jetty.modifyHttpConfiguration(http -> {
            http.setIdleTimeout(IDLE_TIMEOUT.toMillis());
            http.setMinRequestDataRate(MIN_BODY_BYTES_PER_SECOND);
        });
        c.jetty.modifyServer(server -> server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, server)));
        c.jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(host);
            connector.setPort(port);
            connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
            connector.addBean(new Connection.Listener() {
                @Override
                public void onOpened(Connection connection) {
                    connector.getScheduler().schedule(() -> {
                        if (connection.getMessagesIn() == 0 && connection.getEndPoint().isOpen()) {
                            connection.getEndPoint().close();
                        }
                    }, HEADER_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                }
            });
            return connector;
        });
    }

    /**
     * Closes the connection of {@code ctx}'s request at once, e.g. to end an export a client stopped reading:
     * a write blocked on that client then fails and the thread (and the SQL slot) it held comes free.
     */
    static void closeConnection(Context ctx) {
        ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection()
                .getEndPoint().close();
    }
}
