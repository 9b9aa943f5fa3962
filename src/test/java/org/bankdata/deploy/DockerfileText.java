package org.bankdata.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions of a Dockerfile as the builder reads them: comments dropped, continuation lines joined, each
 * instruction tagged with its stage. Enough of the format for the tests of deploy/Dockerfile, not a full parser.
 */
record DockerfileText(List<Instruction> instructions) {
    record Instruction(String stage, String keyword, String arguments) {
    }

    /** One {@code COPY [--from=stage] source... destination}. */
    record Copy(String stage, String from, List<String> sources, String destination) {
    }

    private static final Pattern FROM = Pattern.compile("(?i)\\S+(?:\\s+AS\\s+(\\S+))?");
    private static final Pattern ENV_PAIR = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)");

    static DockerfileText read(Path file) throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        String stage = null;
        int index = 0;
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && logical.isEmpty())) {
                continue;
            }
            boolean continued = trimmed.endsWith("\\");
            logical.append(continued ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (continued) {
                continue;
            }
            String text = logical.toString().strip();
            logical.setLength(0);
            String[] parts = text.split("\\s+", 2);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            String arguments = parts.length > 1 ? parts[1] : "";
            if (keyword.equals("FROM")) {
                Matcher m = FROM.matcher(arguments);
                stage = m.matches() && m.group(1) != null ? m.group(1) : String.valueOf(index);
                index++;
            }
            instructions.add(new Instruction(stage, keyword, arguments));
        }
        return new DockerfileText(List.copyOf(instructions));
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The last stage: the image that is run. */
    String finalStage() {
        return instructions.get(instructions.size() - 1).stage();
    }

    /** The exec form (JSON array) of the last {@code keyword} instruction, e.g. ENTRYPOINT or CMD. */
    List<String> execForm(String keyword) throws IOException {
        List<Instruction> found = all(keyword);
        if (found.isEmpty()) {
            throw new AssertionError("no " + keyword + " in the Dockerfile");
        }
        return new ObjectMapper().readValue(found.get(found.size() - 1).arguments(), new TypeReference<List<String>>() {
        });
    }

    /** The image or earlier stage a stage starts from: the first word of its FROM, {@code ${ARG}} left as written. */
    String base(String stage) {
        return all("FROM").stream().filter(i -> i.stage().equals(stage)).findFirst()
                .map(i -> i.arguments().split("\\s+")[0]).orElseThrow(() -> new AssertionError("no stage " + stage));
    }

    /** The stages in the order of the file. */
    List<String> stages() {
        return all("FROM").stream().map(Instruction::stage).toList();
    }

    /** The default of an {@code ARG name=default} given before the first FROM (a build argument FROM lines may use). */
    String globalArg(String name) {
        return instructions.stream().filter(i -> i.stage() == null && i.keyword().equals("ARG"))
                .map(Instruction::arguments).filter(a -> a.startsWith(name + "=")).findFirst()
                .map(a -> a.substring(name.length() + 1)).orElseThrow(() -> new AssertionError("no ARG " + name));
    }

    /** ENV a stage runs with: its own and that of the stages it starts from. */
    Map<String, String> env(String stage) {
        Map<String, String> env = new LinkedHashMap<>();
        if (stages().contains(base(stage))) {
            env.putAll(env(base(stage)));
        }
        for (Instruction i : all("ENV")) {
            if (!stage.equals(i.stage())) {
                continue;
            }
            if (!i.arguments().contains("=")) {
                String[] kv = i.arguments().split("\\s+", 2);
                env.put(kv[0], kv[1]);
                continue;
            }
            Matcher m = ENV_PAIR.matcher(i.arguments());
            while (m.find()) {
                env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
            }
        }
        return env;
    }

    /** The last WORKDIR of a stage before the end of the file. */
    String workdir(String stage) {
        return all("WORKDIR").stream().filter(i -> stage.equals(i.stage())).reduce((a, b) -> b)
                .map(Instruction::arguments).orElse("/");
    }

    List<Copy> copies() {
        List<Copy> copies = new ArrayList<>();
        for (Instruction i : all("COPY")) {
            List<String> words = new ArrayList<>(List.of(i.arguments().split("\\s+")));
            String from = null;
            while (words.get(0).startsWith("--")) {
                String flag = words.remove(0);
                if (flag.startsWith("--from=")) {
                    from = flag.substring("--from=".length());
                }
            }
            copies.add(new Copy(i.stage(), from, List.copyOf(words.subList(0, words.size() - 1)),
                    words.get(words.size() - 1)));
        }
        return copies;
    }
}
