package org.bankdata.cli;

import org.bankdata.config.LakeLocation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.config.HttpPolicy;
import org.bankdata.config.PersonType;
import org.bankdata.config.QuarantineLimit;
import org.bankdata.config.RefreshPolicy;
import org.bankdata.config.RunConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every default of a run option has one home, a constant of the config record it belongs to: this test pins each
 * value, and checks that `run` and `job` with no options build exactly the config those constants describe.
 */
class ConfigDefaultsTest {
    @TempDir
    Path tmp;

    @Test
    void pinsEveryDefault() {
        assertThat(FeesApiConfig.DEFAULT_PAGE_SIZE).isEqualTo(100);
        assertThat(FeesApiConfig.DEFAULT_CONCURRENCY).isEqualTo(4);
        assertThat(FeesApiConfig.DEFAULT_LIVE_RATE).isEqualTo(10);
        assertThat(FeesApiConfig.DEFAULT_PERSON_TYPES).isEqualTo("J");
        assertThat(FeesApiConfig.DEFAULT_REFRESH).isEqualTo("missing");
        assertThat(HttpPolicy.DEFAULT_TIMEOUT_SECONDS).isEqualTo(30);
        assertThat(HttpPolicy.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
        assertThat(HttpPolicy.DEFAULT_RETRIES).isEqualTo(5);
        assertThat(HttpPolicy.READ_IDLE).isEqualTo(Duration.ofSeconds(10));
        assertThat(QuarantineLimit.DEFAULT_TEXT).isEqualTo("5,1%");
        assertThat(QuarantineLimit.DEFAULT).isEqualTo(new QuarantineLimit(5, java.math.BigDecimal.ONE));
        assertThat(org.bankdata.config.RetentionPolicy.DEFAULT).isEqualTo(new org.bankdata.config.RetentionPolicy(5,
                Duration.ofDays(7), Duration.ofDays(3)));
        assertThat(org.bankdata.config.RetentionPolicy.DEFAULT_KEEP_YOUNGER_THAN_TEXT).isEqualTo("7d");
        assertThat(org.bankdata.config.RetentionPolicy.DEFAULT_ORPHAN_AGE_TEXT).isEqualTo("3d");
        assertThat(RunConfig.DEFAULT_MASTER).isEqualTo("local[*]");

        FeesApiConfig fees = FeesApiConfig.defaults();
        assertThat(fees.apiUrl()).isNull();
        assertThat(fees.pageSize()).isEqualTo(100);
        assertThat(fees.concurrency()).isEqualTo(4);
        assertThat(fees.personTypes()).isEqualTo(List.of(PersonType.J));
        assertThat(fees.refresh()).isEqualTo(RefreshPolicy.MISSING);
        assertThat(fees.http().requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fees.http().maxRetries()).isEqualTo(5);
        assertThat(fees.http().rateLimited()).isFalse();
    }

    @Test
    void runAndJobWithNoOptionsBuildTheConfigOfTheConstants() {
        // the master's default yields to BANKDATA_SPARK_MASTER and to spark-submit's spark.master
        assumeTrue(System.getenv("BANKDATA_SPARK_MASTER") == null && System.getProperty("spark.master") == null);
        Path lake = tmp.resolve("lake");

        RunCommand run = Main.commandLine().parseArgs("run").subcommand().commandSpec().commandLine().getCommand();
        JobCommand job = Main.commandLine().parseArgs("job", "check", "--run", "r").subcommand().commandSpec().commandLine()
                .getCommand();

        for (RunInputOptions inputs : List.of(run.inputs, job.inputs)) {
            RunConfig config = inputs.toConfig(LakeLocation.local(lake));
            assertThat(config.feesApi()).isEqualTo(FeesApiConfig.defaults());
            assertThat(config.maxQuarantined()).isEqualTo(QuarantineLimit.DEFAULT);
            assertThat(config.sparkMaster()).isEqualTo(RunConfig.DEFAULT_MASTER);
        }
        // a run with warnings exits 3 (Main.EXIT_WARNINGS); a job 0, so that a scheduler does not fail the task
        assertThat(run.warningsExitCode).isEqualTo(Main.EXIT_WARNINGS).isEqualTo(3);
        assertThat(job.warningsExitCode).isZero();
    }

    @Test
    void warningsExitCodeTakesAnyExitCodeAndRefusesTheRest() {
        RunCommand zero = Main.commandLine().parseArgs("run", "--warnings-exit-code", "0").subcommand().commandSpec()
                .commandLine().getCommand();
        assertThat(zero.warningsExitCode).isZero();
        JobCommand three = Main.commandLine().parseArgs("job", "publish", "--run", "r", "--warnings-exit-code", "3")
                .subcommand().commandSpec().commandLine().getCommand();
        assertThat(three.warningsExitCode).isEqualTo(3);
        for (String bad : new String[] {"-1", "256", "three"}) {
            InProcessCli.Result r = InProcessCli.bankdata("run", "--warnings-exit-code", bad, "--lake", tmp.resolve("l").toString());
            assertThat(r.exit()).as(bad).isEqualTo(2);
            assertThat(r.err().lines().findFirst().orElseThrow()).isEqualTo("error: Invalid value for option"
                    + " '--warnings-exit-code': --warnings-exit-code " + bad + " is not an exit code; give a whole number from"
                    + " 0 to 255, e.g. 0 (a run with warnings counts as a success) or 3 (the default of run)");
        }
    }

    @Test
    void theHelpShowsTheDefaultsOfTheConstants() {
        String help = Main.commandLine().getSubcommands().get("run").getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(help.replaceAll("\\s+", " "))
                .contains("(default: " + FeesApiConfig.DEFAULT_PAGE_SIZE + ")")
                .contains("(default: " + FeesApiConfig.DEFAULT_CONCURRENCY + ")")
                .contains("(default: " + HttpPolicy.DEFAULT_TIMEOUT_SECONDS + ")")
                .contains("(default: " + HttpPolicy.DEFAULT_RETRIES + ")")
                .contains("Default: " + QuarantineLimit.DEFAULT_TEXT)
                .contains("(default: " + FeesApiConfig.DEFAULT_REFRESH + ")")
                .contains("(default: " + FeesApiConfig.DEFAULT_PERSON_TYPES + ";")
                .contains(FeesApiConfig.DEFAULT_LIVE_RATE + " with --api-url");
    }
}
