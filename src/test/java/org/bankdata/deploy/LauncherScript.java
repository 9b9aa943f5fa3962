package org.bankdata.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the {@code ./bankdata} launcher passes to java, read from the script's text. */
record LauncherScript(List<String> javaFlags, List<String> defaultJavaOpts, String jar, String lib, String mainClass) {
    private static final Pattern JAVA_OPTS_DEFAULT = Pattern.compile("\\$\\{BANKDATA_JAVA_OPTS:-([^}]*)}");
    private static final Pattern VARIABLE = Pattern.compile("^(JAR|LIB)=\"\\$BANKDATA_HOME/(.+)\"$");
    private static final Pattern MAIN = Pattern.compile("(\\S+)\\s+\"\\$@\"\\s*$");

    static LauncherScript read(Path script) throws IOException {
        List<String> lines = Files.readAllLines(script);
        List<String> flags = new ArrayList<>();
        String jar = null;
        String lib = null;
        boolean inFlags = false;
        StringBuilder exec = null;
        for (String line : lines) {
            String t = line.strip();
            Matcher variable = VARIABLE.matcher(t);
            if (variable.matches()) {
                if (variable.group(1).equals("JAR")) {
                    jar = variable.group(2);
                } else {
                    lib = variable.group(2);
                }
            }
            if (t.equals("JAVA_FLAGS=(")) {
                inFlags = true;
            } else if (inFlags && t.equals(")")) {
                inFlags = false;
            } else if (inFlags && !t.isEmpty() && !t.startsWith("#")) {
                flags.add(t);
            }
            if (t.startsWith("exec java ")) {
                exec = new StringBuilder();
            }
            if (exec != null) {
                exec.append(t.endsWith("\\") ? t.substring(0, t.length() - 1) : t).append(' ');
                if (!t.endsWith("\\")) {
                    break;
                }
            }
        }
        if (exec == null || flags.isEmpty() || jar == null || lib == null) {
            throw new AssertionError("cannot read JAVA_FLAGS, JAR, LIB and the exec line of " + script);
        }
        Matcher opts = JAVA_OPTS_DEFAULT.matcher(exec);
        Matcher main = MAIN.matcher(exec.toString().strip());
        if (!opts.find() || !main.find()) {
            throw new AssertionError("cannot read the BANKDATA_JAVA_OPTS default and main class of " + exec);
        }
        return new LauncherScript(List.copyOf(flags), List.of(opts.group(1).strip().split("\\s+")), jar, lib,
                main.group(1));
    }
}
