package org.bankdata.generate;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bankdata.bcb.replay.FeesReplayServer;
import org.bankdata.bcb.fees.OlindaFeesApi;
import org.bankdata.generate.BundledSources.FeeRecording;

/**
 * Writes synthetic fee recordings as the replay serves them: {@code responses/J_<cnpj8>.json} (the Olinda
 * answer: {@code @odata.context} and a {@code value} array, fields in the service's order, fees with two
 * decimals) and {@code index.csv}. Copy {@code k} of a bundled recording gets its own service codes
 * ({@code k} followed by the 4-digit code; copy 0 keeps the code), so services grow N× too. Free services
 * stay free; other fees are redrawn (× log-normal, σ 0.3); valid-from dates move by up to ±180 days.
 */
final class FeeRecordingsWriter {
    private static final String INDEX_HEADER = "cnpj8,pessoa,url_requested,file,records,cnpj_as_requested";
    private static final String[] FIELDS = {"CodigoServico", "Servico", "Unidade", "DataVigencia", "ValorMaximo", "TipoValor",
            "Periodicidade"};

    private final GenerateSpec spec;
    private final CnpjMap cnpjs;
    private final Draws draws;
    private final JsonFactory json = new ObjectMapper().getFactory();

    FeeRecordingsWriter(GenerateSpec spec, CnpjMap cnpjs, Draws draws) {
        this.spec = spec;
        this.cnpjs = cnpjs;
        this.draws = draws;
    }

    long write(BundledSources bundled) throws IOException {
        Files.createDirectories(spec.feeResponses());
        long records = 0;
        try (BufferedWriter index = Files.newBufferedWriter(spec.feesDir().resolve("index.csv"), StandardCharsets.UTF_8)) {
            index.write(INDEX_HEADER);
            index.write('\n');
            for (int copy = 0; copy < spec.scale(); copy++) {
                for (FeeRecording recording : bundled.recordings()) {
                    long root = cnpjs.map(copy, recording.cnpjRoot());
                    String cnpj8 = CnpjMap.padded(root);
                    Path file = spec.feeResponses().resolve("J_" + cnpj8 + ".json");
                    int n = writeRecording(file, recording.json(), copy, cnpj8);
                    records += n;
                    String url = "https://olinda.bcb.gov.br" + FeesReplayServer.BASE_PATH + "/" + OlindaFeesApi.FUNCTION
                            + "?@PessoaFisicaOuJuridica='J'&@CNPJ='"
                            + cnpj8 + "'&$top=100&$format=json";
                    String asRequested = Long.toString(root).equals(cnpj8) ? cnpj8 : root + ";" + cnpj8;
                    index.write(String.join(",", cnpj8, "J", "\"" + url + "\"", "responses/" + file.getFileName(),
                            Integer.toString(n), asRequested));
                    index.write('\n');
                }
            }
        }
        return records;
    }

    private int writeRecording(Path file, JsonNode bundled, int copy, String cnpj8) throws IOException {
        SplittableRandom random = draws.random("fees", copy, cnpj8);
        int shiftDays = random.nextInt(361) - 180;
        int n = 0;
        try (JsonGenerator g = json.createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("@odata.context", bundled.path("@odata.context").asText());
            g.writeArrayFieldStart("value");
            for (JsonNode record : bundled.path("value")) {
                g.writeStartObject();
                for (String field : FIELDS) {
                    JsonNode v = record.get(field);
                    if (v == null) {
                        continue;
                    }
                    g.writeFieldName(field);
                    switch (field) {
                        case "CodigoServico" -> g.writeString(copy == 0 ? v.asText() : copy + v.asText());
                        case "Servico" -> g.writeString(copy == 0 ? v.asText() : v.asText() + String.format(Locale.ROOT, " (%d)", copy));
                        case "DataVigencia" -> g.writeString(LocalDate.parse(v.asText()).plusDays(shiftDays).toString());
                        case "ValorMaximo" -> g.writeNumber(fee(v.decimalValue(), random));
                        default -> g.writeTree(v);
                    }
                }
                g.writeEndObject();
                n++;
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return n;
    }

    private static BigDecimal fee(BigDecimal bundled, SplittableRandom random) {
        if (bundled.signum() == 0) {
            return bundled.setScale(2, RoundingMode.UNNECESSARY);
        }
        BigDecimal drawn = bundled.multiply(BigDecimal.valueOf(Draws.logNormal(random, 0.3))).setScale(2, RoundingMode.HALF_UP);
        return drawn.signum() == 0 ? new BigDecimal("0.01") : drawn;
    }
}
