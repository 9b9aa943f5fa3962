package org.bankdata.serve;

import io.javalin.http.Context;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Refuses requests a web page the user happens to visit could make. A {@code Host} header naming
 * anything but this server (the bound address, loopback names when bound to loopback, every local
 * address when bound to all of them, and {@code --allowed-host} names) is refused with 421, which stops
 * DNS rebinding: a foreign name resolved to 127.0.0.1 still carries that name. Requests that change or
 * run something (every method but GET, HEAD and OPTIONS) must be same-origin ({@code Origin},
 * {@code Sec-Fetch-Site}; 403 otherwise) and {@code application/json} (415 otherwise), a content type a
 * cross-origin form or a simple {@code fetch} cannot send without the browser asking first.
 */
final class RequestGuard {
    private static final List<String> LOOPBACK_NAMES = List.of("127.0.0.1", "localhost", "::1");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final Set<String> names;
    private final IntSupplier port;

    RequestGuard(ServeConfig config, IntSupplier port) {
        this.names = allowedNames(config);
        this.port = port;
    }

    static Set<String> allowedNames(ServeConfig config) {
        Set<String> names = new LinkedHashSet<>();
        String bound = bare(config.host().trim().toLowerCase(Locale.ROOT));
        if (ServeConfig.isLoopback(bound) || isWildcard(bound)) {
            names.addAll(LOOPBACK_NAMES);
        }
        if (isWildcard(bound)) {
            names.addAll(localAddresses());
        }
        names.add(bound);
        names.addAll(config.allowedHosts());
        Set<String> canonical = new LinkedHashSet<>();
        names.forEach(n -> canonical.add(canonical(n)));
        return Collections.unmodifiableSet(canonical);
    }

    /** The before-handler of every request. */
    void check(Context ctx) {
        Authority host = Authority.parse(ctx.header("Host"));
        if (host == null || !names.contains(host.name()) || host.port(80) != port.getAsInt()) {
            throw new ApiException(421, "this server answers requests for " + allowed() + ", not for '"
                    + (ctx.header("Host") == null ? "" : ctx.header("Host")) + "'; open it by one of those names, or"
                    + " start it with --allowed-host NAME (env BANKDATA_SERVE_ALLOWED_HOSTS) for the name you use");
        }
        if (SAFE_METHODS.contains(ctx.method().name())) {
            return;
        }
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && (site.equalsIgnoreCase("cross-site") || site.equalsIgnoreCase("same-site"))) {
            throw new ApiException(403, "requests from other sites are refused (Sec-Fetch-Site: " + site + "); use the"
                    + " dashboard's own pages or a client that is not a browser");
        }
        String origin = ctx.header("Origin");
        if (origin != null && !sameOrigin(origin, host)) {
            throw new ApiException(403, "requests from other origins are refused (Origin: " + origin + "); this server"
                    + " accepts " + ctx.method().name() + " only from its own pages");
        }
        String type = ctx.header("Content-Type");
        String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json")) {
            throw new ApiException(415, "send the request body as JSON with 'Content-Type: application/json'"
                    + (type == null ? "" : ", not '" + type + "'"));
        }
    }

    private String allowed() {
        int p = port.getAsInt();
        return String.join(", ", names.stream().map(n -> (n.contains(":") ? "[" + n + "]" : n) + ":" + p).toList());
    }

    private static boolean sameOrigin(String origin, Authority host) {
        URI uri;
        try {
            uri = URI.create(origin.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (uri.getHost() == null || uri.getScheme() == null) {
            return false; // "null" (sandboxed frames, file: pages) or nonsense
        }
        int defaultPort = uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        int originPort = uri.getPort() == -1 ? defaultPort : uri.getPort();
        return canonical(bare(uri.getHost().toLowerCase(Locale.ROOT))).equals(host.name()) && originPort == host.port(defaultPort);
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** IPv6 literals in one spelling ({@code ::1} and {@code 0:0:0:0:0:0:0:1} alike), without a zone; names as given. */
    static String canonical(String name) {
        if (!name.contains(":")) {
            return name;
        }
        int zone = name.indexOf('%');
        String literal = zone < 0 ? name : name.substring(0, zone);
        try {
            InetAddress a = InetAddress.getByName(literal); // a literal: no lookup
            return a instanceof Inet6Address ? a.getHostAddress() : name;
        } catch (java.net.UnknownHostException e) {
            return name;
        }
    }

    private static Set<String> localAddresses() {
        Set<String> out = new LinkedHashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    out.add(a.getHostAddress().toLowerCase(Locale.ROOT));
                }
            }
        } catch (SocketException e) {
            // no interface list: only the loopback names and --allowed-host
        }
        return out;
    }

    /** A {@code Host} header's name (lower case, IPv6 without brackets) and port, if it gives one. */
    record Authority(String name, int explicitPort) {
        int port(int otherwise) {
            return explicitPort < 0 ? otherwise : explicitPort;
        }

        static Authority parse(String header) {
            if (header == null || header.isBlank()) {
                return null;
            }
            String h = header.trim().toLowerCase(Locale.ROOT);
            String name;
            String port = null;
            if (h.startsWith("[")) {
                int end = h.indexOf(']');
                if (end < 0) {
                    return null;
                }
                name = h.substring(1, end);
                String rest = h.substring(end + 1);
                if (rest.startsWith(":")) {
                    port = rest.substring(1);
                } else if (!rest.isEmpty()) {
                    return null;
                }
            } else {
                int colon = h.indexOf(':');
                name = colon < 0 ? h : h.substring(0, colon);
                port = colon < 0 ? null : h.substring(colon + 1);
            }
            try {
                return new Authority(canonical(name), port == null ? -1 : Integer.parseInt(port));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
