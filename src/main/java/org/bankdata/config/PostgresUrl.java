package org.bankdata.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;

/**
 * A Postgres JDBC URL with its login taken out: {@code jdbc:postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE[?...]}
 * with {@code user=} and {@code password=} among the parameters or before the host. {@link #url()} keeps everything
 * else and never holds a password, so it may be stored, logged and shown; the login travels beside it as connection
 * properties.
 *
 * @param url      the URL without user and password, as the driver reads it
 * @param user     the user the URL named, or null
 * @param password the password the URL held, or null
 * @param host     the first host
 * @param port     its port (5432 when none is given)
 * @param database the database
 */
public record PostgresUrl(String url, String user, String password, String host, int port, String database) {
    private static final String PREFIX = "jdbc:postgresql:";

    public PostgresUrl {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
    }

    /** Whether {@code text} is meant as a Postgres JDBC URL (it may still not parse). */
    public static boolean isPostgres(String text) {
        return text != null && text.strip().toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    /** The URL and its login, or null when the driver cannot read it as a URL naming a database. */
    public static PostgresUrl parse(String text) {
        if (!isPostgres(text)) {
            return null;
        }
        String value = text.strip();
        String user = null;
        String password = null;
        String rest = value.substring(PREFIX.length());
        if (rest.startsWith("//")) {
            int end = firstOf(rest, 2, '/', '?');
            String authority = rest.substring(2, end);
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                String userInfo = authority.substring(0, at);
                int colon = userInfo.indexOf(':');
                user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
                password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
                rest = "//" + authority.substring(at + 1) + rest.substring(end);
            }
        }
        int query = rest.indexOf('?');
        String base = query < 0 ? rest : rest.substring(0, query);
        List<String> kept = new ArrayList<>();
        if (query >= 0) {
            for (String param : rest.substring(query + 1).split("&")) {
                String name = param.contains("=") ? param.substring(0, param.indexOf('=')) : param;
                String val = param.contains("=") ? decode(param.substring(param.indexOf('=') + 1)) : "";
                if (name.equalsIgnoreCase("password")) {
                    password = val;
                } else if (name.equalsIgnoreCase("user")) {
                    user = val;
                } else if (!param.isEmpty()) {
                    kept.add(param);
                }
            }
        }
        String url = PREFIX + base + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
        Properties parsed = org.postgresql.Driver.parseURL(url, null);
        if (parsed == null || parsed.getProperty("PGDBNAME", "").isEmpty()) {
            return null;
        }
        String host = parsed.getProperty("PGHOST", "localhost").split(",")[0];
        String port = parsed.getProperty("PGPORT", "5432").split(",")[0];
        return new PostgresUrl(url, emptyToNull(user), emptyToNull(password), host, Integer.parseInt(port),
                parsed.getProperty("PGDBNAME"));
    }

    /** {@code HOST:PORT/DATABASE}, as messages name the server. */
    public String server() {
        return host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "PostgresUrl[" + url + ", user=" + user + "]";
    }

    private static int firstOf(String text, int from, char a, char b) {
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) == a || text.charAt(i) == b) {
                return i;
            }
        }
        return text.length();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
