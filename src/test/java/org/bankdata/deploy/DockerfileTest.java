package org.bankdata.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.bankdata.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * deploy/Dockerfile runs what the {@code ./bankdata} launcher runs: the same main class and JVM flags, the jar and
 * libraries {@code mvn package} produces (read from pom.xml), the bundled data under {@code bankdata.home}. No
 * Docker engine: the files are read and compared.
 */
class DockerfileTest {
    private static DockerfileText dockerfile;
    private static LauncherScript launcher;
    private static Document pom;

    @BeforeAll
    static void read() throws Exception {
        dockerfile = DockerfileText.read(Path.of("deploy/Dockerfile"));
        launcher = LauncherScript.read(Path.of("bankdata"));
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        pom = factory.newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    }

    /** {@code ${project.build.directory}} is {@code target} (the pom sets no other). */
    private static String buildPath(String value) {
        return value.strip().replace("${project.build.directory}", "target").replaceAll("/+$", "");
    }

    /** The jar {@code mvn package} writes: target/&lt;finalName&gt;.jar. */
    private static String packagedJar() {
        NodeList builds = pom.getDocumentElement().getElementsByTagName("build");
        Element build = null;
        for (int i = 0; i < builds.getLength(); i++) {
            if (builds.item(i).getParentNode() == pom.getDocumentElement()) {
                build = (Element) builds.item(i);
            }
        }
        assertThat(build).as("pom.xml <build>").isNotNull();
        String finalName = build.getElementsByTagName("finalName").item(0).getTextContent().strip();
        return "target/" + finalName + ".jar";
    }

    /** The folder the dependency plugin's copy-dependencies execution fills. */
    private static String packagedLibFolder() {
        NodeList executions = pom.getElementsByTagName("execution");
        for (int i = 0; i < executions.getLength(); i++) {
            Element execution = (Element) executions.item(i);
            NodeList goals = execution.getElementsByTagName("goal");
            if (goals.getLength() > 0 && goals.item(0).getTextContent().strip().equals("copy-dependencies")) {
                return buildPath(execution.getElementsByTagName("outputDirectory").item(0).getTextContent());
            }
        }
        throw new AssertionError("pom.xml has no copy-dependencies execution");
    }

    /** COPY --from=build sources relative to the build stage's WORKDIR, e.g. {@code target/lib}. */
    private static String buildOutput(DockerfileText.Copy copy) {
        String workdir = dockerfile.workdir(copy.from()).replaceAll("/+$", "") + "/";
        String source = copy.sources().get(0).replaceAll("/+$", "");
        assertThat(source).as("COPY --from=%s source", copy.from()).startsWith(workdir);
        return source.substring(workdir.length());
    }

    private static DockerfileText.Copy copyOf(String buildOutput) {
        return dockerfile.copies().stream()
                .filter(c -> c.from() != null && buildOutput(c).equals(buildOutput))
                .findFirst().orElseThrow(() -> new AssertionError("the Dockerfile does not copy " + buildOutput));
    }

    @Test
    void theLauncherAndTheImageUseWhatMavenPackageProduces() {
        assertThat(launcher.jar()).isEqualTo(packagedJar());
        assertThat(launcher.lib()).isEqualTo(packagedLibFolder());
        List<String> copied = new ArrayList<>();
        for (DockerfileText.Copy copy : dockerfile.copies()) {
            if (copy.from() != null) {
                assertThat(copy.stage()).isEqualTo(dockerfile.finalStage());
                assertThat(copy.sources()).hasSize(1);
                copied.add(buildOutput(copy));
            }
        }
        assertThat(copied).containsExactlyInAnyOrder(packagedJar(), packagedLibFolder());
    }

    @Test
    void entrypointIsTheLaunchersJavaCommand() throws Exception {
        List<String> entrypoint = dockerfile.execForm("ENTRYPOINT");
        int flags = launcher.javaFlags().size();
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint.subList(1, 1 + flags)).containsExactlyElementsOf(launcher.javaFlags());

        String jar = copyOf(packagedJar()).destination();
        String lib = copyOf(packagedLibFolder()).destination().replaceAll("/+$", "");
        List<String> rest = entrypoint.subList(1 + flags, entrypoint.size());
        assertThat(rest).hasSize(4);
        assertThat(rest.get(0)).startsWith("-Dbankdata.home=");
        assertThat(rest.subList(1, 4)).containsExactly("-cp", jar + ":" + lib + "/*", launcher.mainClass());
        assertThat(launcher.mainClass()).isEqualTo(Main.class.getName());

        // the bundled data sits where BankdataHome looks for it: <bankdata.home>/data/bcb
        String home = rest.get(0).substring("-Dbankdata.home=".length());
        assertThat(dockerfile.copies()).anySatisfy(c -> {
            assertThat(c.from()).isNull();
            assertThat(c.sources()).containsExactly("data/");
            assertThat(c.destination().replaceAll("/+$", "")).isEqualTo(home + "/data");
        });
        assertThat(Path.of("data/bcb")).isDirectory();
    }

    /** JAVA_TOOL_OPTIONS holds the launcher's BANKDATA_JAVA_OPTS default: setting either replaces them all. */
    @Test
    void memoryDefaultsAreTheLaunchersAndOverridable() {
        Map<String, String> env = dockerfile.env(dockerfile.finalStage());
        assertThat(List.of(env.get("JAVA_TOOL_OPTIONS").split("\\s+"))).containsExactlyElementsOf(launcher.defaultJavaOpts());
    }

    @Test
    void runtimeImageIsAJreRunAsANonRootUserWithoutMaven() {
        assertThat(dockerfile.stages()).containsExactly("build", "runtime", "prebuilt", dockerfile.finalStage());
        assertThat(dockerfile.base("build")).startsWith("maven:").contains("temurin-17");
        // the runtime's base is a build argument (the container tests give one made from Debian packages)
        assertThat(dockerfile.base("runtime")).isEqualTo("${RUNTIME_IMAGE}");
        assertThat(dockerfile.globalArg("RUNTIME_IMAGE")).isEqualTo("eclipse-temurin:17-jre");
        assertThat(dockerfile.base("prebuilt")).isEqualTo("runtime");
        assertThat(dockerfile.base(dockerfile.finalStage())).isEqualTo("runtime");
        assertThat(dockerfile.all("RUN")).filteredOn(r -> !r.stage().equals("build"))
                .noneMatch(r -> r.arguments().contains("mvn"));
        List<DockerfileText.Instruction> users = dockerfile.all("USER");
        assertThat(users).isNotEmpty();
        assertThat(users.get(users.size() - 1).arguments()).isNotIn("root", "0");
        assertThat(users).allMatch(u -> u.stage().equals("runtime"));
    }

    /** {@code --target prebuilt} holds the host's build output where the default target holds the build stage's. */
    @Test
    void prebuiltTargetCopiesTheHostsBuildOutputToTheSamePlaces() {
        List<List<String>> fromBuild = dockerfile.copies().stream().filter(c -> c.stage().equals(dockerfile.finalStage()))
                .map(c -> List.of(buildOutput(c), c.destination())).toList();
        List<List<String>> fromHost = dockerfile.copies().stream().filter(c -> c.stage().equals("prebuilt"))
                .map(c -> {
                    assertThat(c.from()).isNull();
                    return List.of(c.sources().get(0).replaceAll("/+$", ""), c.destination());
                }).toList();
        assertThat(fromHost).containsExactlyInAnyOrderElementsOf(fromBuild);
        assertThat(dockerfile.all("RUN")).noneMatch(r -> r.stage().equals("prebuilt") || r.stage().equals(dockerfile.finalStage()));
    }

    @Test
    void buildStageCopiesEveryFileThePackageReads() {
        List<String> copied = dockerfile.copies().stream().filter(c -> c.stage().equals("build"))
                .flatMap(c -> c.sources().stream()).toList();
        assertThat(copied).contains("pom.xml", "src");
        // files the shade plugin puts into bankdata-spark.jar (IncludeResourceTransformer <file>)
        NodeList files = pom.getElementsByTagName("file");
        assertThat(files.getLength()).isPositive();
        for (int i = 0; i < files.getLength(); i++) {
            assertThat(copied).contains(files.item(i).getTextContent().strip());
        }
        assertThat(dockerfile.all("RUN")).filteredOn(r -> r.stage().equals("build"))
                .anySatisfy(r -> assertThat(r.arguments()).contains("mvn -B -ntp -DskipTests package"));
    }

    @Test
    void dockerignoreKeepsWhatTheBuildCopies() throws Exception {
        List<String> ignored = Files.readAllLines(Path.of(".dockerignore")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.replaceAll("/+$", "")).toList();
        // the prebuilt target reads target/ from a context of its own (deploy/test/build-image), not the repository root
        List<String> copiedFromContext = dockerfile.copies().stream().filter(c -> c.from() == null && !c.stage().equals("prebuilt"))
                .flatMap(c -> c.sources().stream()).map(s -> s.replaceAll("/+$", "")).toList();
        assertThat(copiedFromContext).doesNotContainAnyElementsOf(ignored);
        assertThat(ignored).contains("target", "lake", ".git", "deploy/.env");
    }
}
