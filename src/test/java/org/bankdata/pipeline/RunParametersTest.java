package org.bankdata.pipeline;

import org.bankdata.config.LakeLocation;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.bankdata.BundledData;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.config.PersonType;
import org.bankdata.config.QuarantineLimit;
import org.bankdata.config.QuarterRange;
import org.bankdata.config.RefreshPolicy;
import org.bankdata.config.RunConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's parameters as runs.params_json stores them: what older releases wrote stays readable and keeps its hash. */
class RunParametersTest {
    /** params_json as a release before --max-quarantined stored it. */
    static final String OLD_JSON = "{\"complaints\":\"/data/bcb/complaints\",\"banks\":\"/data/bcb/banks/EnquadramentoInicia_v2.tsv\","
            + "\"apiUrl\":\"replay\",\"apiPageSize\":100,\"personType\":\"J\",\"refresh\":\"missing\",\"apiConcurrency\":4,"
            + "\"apiRate\":0.0,\"apiTimeoutSeconds\":30.0,\"apiRetries\":5,\"from\":\"2020Q1\",\"to\":null,"
            + "\"inputsSha256\":\"abc123\"}";

    @TempDir
    Path tmp;

    @Test
    void paramsJsonOfAnOlderReleaseIsReadWithTheDefaultLimitAndKeepsItsHash() {
        RunParameters old = RunParameters.fromJson(OLD_JSON);

        assertThat(old.quarantineLimit()).isEqualTo(QuarantineLimit.DEFAULT);
        assertThat(old.quarters()).isEqualTo(QuarterRange.of("2020Q1", null));
        assertThat(old.hash()).isEqualTo("4e9a6d7733cb2d8e");
        assertThat(old.repeatable()).isTrue();
    }

    @Test
    void aLimitOtherThanTheDefaultCountsInTheHash() {
        String json = OLD_JSON.replace("}", ",\"maxQuarantined\":\"3\"}");
        String sameAsDefault = OLD_JSON.replace("}", ",\"maxQuarantined\":\"5,1%\"}");

        assertThat(RunParameters.fromJson(json).hash()).isEqualTo("9aef968e0b2d90cd");
        assertThat(RunParameters.fromJson(sameAsDefault).hash()).isEqualTo("4e9a6d7733cb2d8e");
    }

    @Test
    void anOlderRunResumesWithTheConfigItRecorded() {
        RunConfig config = RunParameters.fromJson(OLD_JSON).config(LakeLocation.local(BundledData.feeResponses()), LakeLocation.local(tmp.resolve("lake")), "local[1]");

        assertThat(config.complaintsDir()).isEqualTo(LakeLocation.local(Path.of("/data/bcb/complaints")));
        assertThat(config.bankList()).isEqualTo(LakeLocation.local(Path.of("/data/bcb/banks/EnquadramentoInicia_v2.tsv")));
        assertThat(config.feesApi()).isEqualTo(FeesApiConfig.defaults());
        assertThat(config.maxQuarantined()).isEqualTo(QuarantineLimit.DEFAULT);
        assertThat(config.sparkMaster()).isEqualTo("local[1]");
    }

    @Test
    void theConglomerateAliasFilesContentIsPartOfTheInputDigest() throws Exception {
        RunConfig config = new RunConfig(BundledData.complaints(), BundledData.bankList(), FeesApiConfig.defaults(),
                BundledData.feeResponses(), tmp.resolve("lake"), "local[1]");
        Path aliases = java.nio.file.Files.copy(BundledData.HOME.bundledConglomerateAliases(), tmp.resolve("aliases.csv"));
        RunParameters with = RunParameters.of(config.withConglomerateAliases(aliases), QuarterRange.ALL);
        assertThat(RunParameters.of(config.withConglomerateAliases(aliases), QuarterRange.ALL)).isEqualTo(with);
        assertThat(with.hash()).isNotEqualTo(RunParameters.of(config, QuarterRange.ALL).hash());
        java.nio.file.Files.writeString(aliases, "GENIAL,BRASIL PLURAL,,renamed\n", java.nio.file.StandardOpenOption.APPEND);
        RunParameters changed = RunParameters.of(config.withConglomerateAliases(aliases), QuarterRange.ALL);
        assertThat(changed.inputsSha256()).isNotEqualTo(with.inputsSha256());
        assertThat(changed.hash()).isNotEqualTo(with.hash());
        // stored with the run, so a resume or a job reads the same file
        assertThat(RunParameters.fromJson(with.json()).config().conglomerateAliases()).isEqualTo(LakeLocation.local(aliases));
        assertThat(with.config(config.replayResponses(), config.lake(), "local[2]").conglomerateAliases())
                .isEqualTo(LakeLocation.local(aliases));
    }

    @Test
    void theConfigIsStoredAsItIsRoundTripsAndHowPolitelyTheServiceIsAskedDoesNotCountInTheHash() throws Exception {
        FeesApiConfig api = FeesApiConfig.defaults().withPersonTypes(java.util.List.of(PersonType.J, PersonType.F))
                .withRefresh(RefreshPolicy.olderThan(Duration.ofDays(30)));
        RunConfig config = new RunConfig(BundledData.complaints(), BundledData.bankList(), api, BundledData.feeResponses(),
                tmp.resolve("lake"), "local[1]", QuarantineLimit.parse("3"));
        RunParameters parameters = RunParameters.of(config, QuarterRange.of("2020Q1", "2020Q4"));
        RunParameters polite = RunParameters.of(new RunConfig(config.complaintsDir(), config.bankList(),
                api.withConcurrency(1).withHttp(api.http().withRate(1).withRetries(0)), config.replayResponses(), config.lake(),
                "spark://x:7077", config.maxQuarantined(), config.conglomerateAliases()), QuarterRange.of("2020Q1", "2020Q4"));

        assertThat(RunParameters.fromJson(parameters.json())).isEqualTo(parameters);
        assertThat(RunParameters.fromJson(parameters.json()).config()).isEqualTo(config);
        assertThat(parameters.config(config.replayResponses(), config.lake(), config.sparkMaster())).isEqualTo(config);
        assertThat(polite.hash()).isEqualTo(parameters.hash());
        assertThat(parameters.repeatable()).isFalse();
        assertThat(RunParameters.of(config, QuarterRange.ALL).hash()).isNotEqualTo(parameters.hash());
        // the stored JSON is the config record by record, not a copy with other names
        com.fasterxml.jackson.databind.JsonNode stored = new com.fasterxml.jackson.databind.ObjectMapper().readTree(parameters.json());
        assertThat(stored.get("format").asInt()).isEqualTo(2);
        assertThat(stored.path("config").path("maxQuarantined").asText()).isEqualTo("3");
        assertThat(stored.path("config").path("feesApi").path("refresh").asText()).isEqualTo("older-than=30d");
        assertThat(stored.path("config").path("feesApi").path("personTypes")).hasSize(2);
        assertThat(stored.path("config").path("feesApi").path("http").path("maxRetries").asInt()).isEqualTo(5);
        java.util.List<String> configFields = new java.util.ArrayList<>();
        stored.path("config").fieldNames().forEachRemaining(configFields::add);
        assertThat(configFields).containsExactly(java.util.Arrays.stream(RunConfig.class.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName).toArray(String[]::new));
    }

    @Test
    void aRunStoredNowHashesAsTheSameRunStoredByAnOlderRelease() {
        RunParameters old = RunParameters.fromJson(OLD_JSON);
        RunParameters now = RunParameters.fromJson(old.json());

        assertThat(now.hash()).isEqualTo("4e9a6d7733cb2d8e");
        assertThat(now.config()).isEqualTo(old.config());
    }

    @Test
    void aRunStoredWhenInputsWereLocalPathsReadsAndHashesAsBefore() {
        // inputs stored as the URLs of local paths (a folder's with a trailing slash), as releases before inputs on S3 did
        String now = RunParameters.fromJson(OLD_JSON).json();
        String stored = now.replace("\"complaintsDir\":\"file:///data/bcb/complaints\"",
                "\"complaintsDir\":\"file:///data/bcb/complaints/\"");
        assertThat(stored).isNotEqualTo(now);

        RunParameters read = RunParameters.fromJson(stored);

        assertThat(read.config().complaintsDir()).isEqualTo(LakeLocation.local(Path.of("/data/bcb/complaints")));
        assertThat(read.config().bankList().localPath()).isEqualTo(Path.of("/data/bcb/banks/EnquadramentoInicia_v2.tsv"));
        assertThat(read.hash()).as("the hash of the same run stored by the oldest format").isEqualTo("4e9a6d7733cb2d8e");
    }

    @Test
    void anInputOnS3IsStoredAsItsUrl() {
        RunConfig local = RunParameters.fromJson(OLD_JSON).config();
        RunConfig onS3 = new RunConfig(LakeLocation.parseInput("--complaints", "s3a://in/bcb/complaints"),
                LakeLocation.parseInput("--banks", "s3a://in/bcb/banks.tsv"), local.feesApi(), local.replayResponses(),
                local.lake(), local.sparkMaster(), local.maxQuarantined(), null);
        RunParameters parameters = new RunParameters(2, onS3, null, null, "abc123");

        assertThat(parameters.json()).contains("\"complaintsDir\":\"s3a://in/bcb/complaints\"");
        assertThat(RunParameters.fromJson(parameters.json())).isEqualTo(parameters);
        assertThat(onS3.readsFromS3()).isTrue();
        assertThat(local.readsFromS3()).isFalse();
        assertThat(parameters.asMap()).containsEntry("complaints", "s3a://in/bcb/complaints");
    }

    @Test
    void theConfigPartsThatIdentifyARunAreMarkedInTheOrderOfTheHash() {
        assertThat(RunParameters.identifying()).containsExactly("complaintsDir", "bankList", "feesApi.apiUrl",
                "feesApi.pageSize", "feesApi.personTypes", "feesApi.refresh", "maxQuarantined");
    }
}
