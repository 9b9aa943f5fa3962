package org.bankdata.serve;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bankdata.RawTruth;
import org.bankdata.lake.LakeLayout;
import org.bankdata.pipeline.PipelineDefinition;
import org.bankdata.history.RunHistoryFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dashboard in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright; no
 * browser is downloaded). Values on the page are checked against the raw files. Saves the README's
 * screenshot to docs/img/dashboard.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--headless", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
    private static final Path SCREENSHOT = Path.of("docs", "img", "dashboard.png");

    private ServeTruth truth;
    private DashboardServer server;
    private Playwright playwright;
    private Browser browser;
    private Page page;
    private final List<String> consoleErrors = new ArrayList<>();

    @BeforeAll
    void start() {
        assertThat(Files.isExecutable(CHROMIUM))
                .as("the dashboard browser test needs Debian's Chromium at " + CHROMIUM + "; ./run-tests installs it"
                        + " (apt-get install -y chromium)")
                .isTrue();
        truth = new ServeTruth();
        server = DashboardServer.start(ServeConfig.local(new LakeLayout(BundledLake.published()), 0));
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(CHROMIUM_ARGS).setTimeout(60_000));
    }

    @BeforeEach
    void newPage() {
        if (page != null) {
            page.context().close();
        }
        page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1400, 900));
        page.setDefaultTimeout(20_000);
        page.onConsoleMessage(m -> {
            if (m.type().equals("error")) {
                consoleErrors.add(m.text());
            }
        });
        page.onPageError(e -> consoleErrors.add(e));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private List<RawTruth.Ranked> table(String chart, String valueColumn) {
        Locator names = page.locator("#table-" + chart + " td[data-column=institution_name]");
        Locator values = page.locator("#table-" + chart + " td[data-column=" + valueColumn + "]");
        List<String> n = names.allInnerTexts();
        List<String> v = values.allInnerTexts();
        List<RawTruth.Ranked> rows = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            rows.add(new RawTruth.Ranked(n.get(i), Long.parseLong(v.get(i).replace(",", ""))));
        }
        return rows;
    }

    private static String formatted(long v) {
        return String.format(java.util.Locale.US, "%,d", v);
    }

    @Test
    void dashboardShowsTheThreeAnswersAndFollowsTheQuarterFilter() throws Exception {
        page.navigate(server.url());
        Locator topRows = page.locator("#table-top-complaints tbody tr");
        assertThat(topRows).hasCount(10);
        assertThat(topRows.first()).containsText("CAIXA ECONÔMICA FEDERAL (conglomerado)");
        assertThat(topRows.first()).containsText("138,458");
        assertThat(page.locator("#table-top-free-services tbody tr")).hasCount(10);
        assertThat(page.locator("#table-top-free-services tbody tr").first()).containsText("BANCO VIPAL S.A.");
        assertThat(page.locator("section[data-chart=services-vs-complaints] h2"))
                .containsText("Spearman ρ = −0.077");
        assertThat(page.locator("section[data-chart=services-vs-complaints] h2")).containsText("67 institutions");
        assertThat(table("top-complaints", "total_complaints")).isEqualTo(truth.raw.topComplaints(0, 99999, 10));
        assertThat(table("top-free-services", "free_services")).isEqualTo(truth.raw.topFreeServices(10));
        for (String chart : List.of("services-vs-complaints", "top-complaints", "top-free-services")) {
            assertThat(page.locator("section[data-chart=" + chart + "] .chart canvas")).hasCount(1);
            assertThat(page.locator("section[data-chart=" + chart + "]")).hasAttribute("data-loaded", java.util.regex.Pattern.compile("\\d+"));
        }
        // 2021 only: the ranking changes to the 2021 sums
        List<RawTruth.Ranked> expected2021 = truth.raw.topComplaints(20211, 20214, 10);
        page.selectOption("#from", "2021Q1");
        assertThat(topRows.first()).containsText(formatted(expected2021.get(0).value()));
        assertThat(topRows.nth(9)).containsText(formatted(expected2021.get(9).value()));
        assertThat(table("top-complaints", "total_complaints")).isEqualTo(expected2021);
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*from=2021Q1.*"));

        // top-N selector on one chart
        page.locator("section[data-chart=top-complaints] select.limit").selectOption("5");
        assertThat(topRows).hasCount(5);
        assertThat(table("top-complaints", "total_complaints")).isEqualTo(expected2021.subList(0, 5));

        // no S1 conglomerate has fee data on the bundled recordings: the free-services chart says so instead of
        // drawing an empty frame, and names them under its data table
        page.selectOption("#type", "conglomerate");
        page.selectOption("#segment", "S1");
        Locator empty = page.locator("section[data-chart=top-free-services] .empty");
        assertThat(empty).isVisible();
        assertThat(empty).containsText("No institutions match");
        Locator noFees = page.locator("section[data-chart=top-free-services] p.no-fee-data");
        assertThat(noFees).containsText("No fee data for");
        assertThat(noFees).containsText("ITAU (conglomerado)");
        // the one-service fee chart names them too
        assertThat(page.locator("section[data-chart=service-fee] p.no-fee-data")).containsText("ITAU (conglomerado)");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void theNewChartsRenderWithTheirDataTablesAndSettings() throws Exception {
        MoreQuestionsTruth more = new MoreQuestionsTruth();
        page.navigate(server.url());
        assertThat(page.locator("#table-complaints-trend tbody tr")).hasCount(more.trend(0, 99999, 5).size());
        assertThat(page.locator("#table-complaints-trend tbody tr").first()).containsText("CAIXA ECONÔMICA FEDERAL");
        List<MoreQuestionsTruth.IndexRow> index = more.indexRanking(0, 99999, 4_000_000);
        assertThat(page.locator("#table-complaint-index tbody tr")).hasCount(index.size());
        assertThat(page.locator("#table-complaint-index tbody tr").first()).containsText(index.get(0).name());
        String service = more.mostOfferedService();
        assertThat(page.locator("#table-service-fee tbody tr")).hasCount(more.serviceFees(service, 0, 99999).size());
        assertThat(page.locator("section[data-chart=service-fee] .sub")).containsText(service);
        for (String chart : List.of("complaints-trend", "complaint-index", "service-fee")) {
            assertThat(page.locator("section[data-chart=" + chart + "] .chart canvas")).hasCount(1);
            assertThat(page.locator("section[data-chart=" + chart + "]")).hasAttribute("data-loaded",
                    java.util.regex.Pattern.compile("\\d+"));
        }
        Files.createDirectories(SCREENSHOT.getParent());
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOT).setFullPage(true));

        page.locator("section[data-chart=complaints-trend] select.param").selectOption("3");
        assertThat(page.locator("#table-complaints-trend tbody tr")).hasCount(more.trend(0, 99999, 3).size());
        page.locator("section[data-chart=complaint-index] select.param").selectOption("0");
        assertThat(page.locator("#table-complaint-index tbody tr")).hasCount(more.indexRanking(0, 99999, 0).size());
        page.locator("#service").selectOption("0801");
        assertThat(page.locator("#table-service-fee tbody tr")).hasCount(more.serviceFees("0801", 0, 99999).size());
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void aBarClickOpensTheInstitutionPageWithItsComplaintsAndFees() {
        MoreQuestionsTruth more = new MoreQuestionsTruth();
        page.navigate(server.url());
        assertThat(page.locator("#table-top-complaints tbody tr")).hasCount(10);
        assertThat(page.locator("section[data-chart=top-complaints]")).hasAttribute("data-loaded",
                java.util.regex.Pattern.compile("\\d+"));
        // the top bar (CAIXA) is the last category of the reversed axis; click half-way along it
        Locator canvas = page.locator("section[data-chart=top-complaints] .chart");
        @SuppressWarnings("unchecked")
        List<Number> xy = (List<Number>) canvas.evaluate("el => { const c = echarts.getInstanceByDom(el);"
                + " const d = c.getOption().series[0].data; const last = d.length - 1;"
                + " return c.convertToPixel({ seriesIndex: 0 }, [d[last].value / 2, last]); }");
        canvas.click(new Locator.ClickOptions().setPosition(xy.get(0).doubleValue(), xy.get(1).doubleValue()));
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/institution\\.html\\?key=-?\\d+"));
        assertThat(page.locator("#name")).hasText("CAIXA ECONÔMICA FEDERAL (conglomerado)");
        assertThat(page.locator("#facts")).containsText("conglomerate");
        assertThat(page.locator("#complaints-chart canvas")).hasCount(1);
        List<MoreQuestionsTruth.Quarter> quarters = more.quarters("CAIXA ECONÔMICA FEDERAL (conglomerado)");
        assertThat(page.locator("#table-quarters tbody tr")).hasCount(quarters.size());
        assertThat(page.locator("#table-quarters tbody tr").last()).containsText(formatted(quarters.get(quarters.size() - 1)
                .total()));
        // its prudential conglomerate in the bank list: "S1<TAB>360305<TAB>CAIXA ECONOMICA FEDERAL - PRUDENCIAL"
        assertThat(page.locator("#facts")).containsText("segment: S1");
        assertThat(page.locator("#facts")).containsText("leader CNPJ root: 00360305");
        assertThat(page.locator("#fees-empty")).containsText("No fee data");
        assertThat(page.locator("#fees-empty")).containsText("00360305");

        // search another institution from the page and open it: its fee table and free services
        page.locator("#q").fill("vipal");
        page.locator("#search-form button").click();
        page.locator("#results a").first().click();
        assertThat(page.locator("#name")).hasText("BANCO VIPAL S.A.");
        String cnpj = page.locator("#facts").innerText().replaceAll(".*CNPJ root: (\\d{8}).*", "$1");
        assertThat(page.locator("#table-fees tbody tr")).hasCount(more.schedule(cnpj).size());
        assertThat(page.locator("#free-services li")).hasCount(63);
        assertThat(page.locator("#complaints-chart canvas")).hasCount(1);

        // an institution whose name changed lists the names it was published under
        page.locator("#q").fill("92874270");
        page.locator("#search-form button").click();
        page.locator("#results a").first().click();
        List<String> runs = more.nameRuns("92874270");
        for (String run : runs) {
            assertThat(page.locator("#names")).containsText(run.substring(0, run.lastIndexOf(' ')));
        }
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void csvDownloadOfAChart() throws Exception {
        page.navigate(server.url());
        assertThat(page.locator("#table-top-free-services tbody tr")).hasCount(10);
        com.microsoft.playwright.Download download = page.waitForDownload(
                () -> page.locator("section[data-chart=top-free-services] button.csv").click());
        List<String> lines = Files.readAllLines(download.path());
        assertThat(lines).hasSize(11);
        assertThat(lines.get(0)).isEqualTo("institution_key,institution_name,free_services");
        assertThat(lines.get(1)).contains("BANCO VIPAL S.A.").endsWith(",63");
        com.microsoft.playwright.Download png = page.waitForDownload(
                () -> page.locator("section[data-chart=top-free-services] button.png").click());
        byte[] bytes = Files.readAllBytes(png.path());
        assertThat(bytes.length).isGreaterThan(1000);
        assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void sqlPageRunsAQueryAndExplainsARefusal() {
        page.navigate(server.url() + "sql.html");
        assertThat(page.locator("#table-list li")).not().hasCount(0);
        page.locator("#sql").fill("SELECT institution_name, free_services FROM chart_top_free_services"
                + " ORDER BY free_services DESC LIMIT 3");
        page.locator("#run").click();
        Locator rows = page.locator("#result tbody tr");
        assertThat(rows).hasCount(3);
        assertThat(rows.first()).containsText("BANCO VIPAL S.A.");
        assertThat(rows.first()).containsText("63");
        assertThat(page.locator("#status")).containsText("3 rows");
        assertThat(page.locator("#status")).containsText("1000 rows");

        page.locator("#sql").fill("SELECT * FROM read_csv('/etc/passwd')");
        page.locator("#run").click();
        assertThat(page.locator("#error")).containsText("read_csv() is refused");
        consoleErrors.removeIf(e -> e.contains("400")); // the browser logs the refused request itself
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void runsPageListsRecentRunsAndTheirTasks(@org.junit.jupiter.api.io.TempDir Path work) throws Exception {
        Path lake = BundledLake.copyWithoutHistory(work.resolve("lake"));
        RunHistoryFixture.write(lake.resolve("runs/history.db"));
        try (DashboardServer withHistory = DashboardServer.start(ServeConfig.local(new LakeLayout(lake), 0))) {
            page.navigate(withHistory.url() + "runs.html");
            Locator runs = page.locator("#runs tbody tr");
            assertThat(runs).hasCount(2);
            assertThat(runs.first()).containsText("20261124T050000Z-b");
            assertThat(runs.first().locator(".badge")).hasText("failed");
            assertThat(runs.first()).containsText("extract_fees failed: connection refused");
            assertThat(page.locator("#tasks tbody tr")).hasCount(2);
            assertThat(page.locator("#tasks tbody tr").nth(1)).containsText("extract_fees");
            runs.nth(1).click();
            assertThat(page.locator("#tasks-sub")).containsText("20261124T040000Z-a");
            assertThat(page.locator("#tasks tbody tr")).hasCount(1);
            assertThat(page.locator("#tasks tbody tr").first()).containsText("892");
            assertThat(page.locator("#no-history")).isHidden();
        }
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void withATokenThePageTakesItFromTheAddressFragment() {
        String token = "browser-token-0123456789";
        try (DashboardServer guarded = DashboardServer.start(ServeConfig.local(new LakeLayout(BundledLake.published()), 0)
                .withToken(token))) {
            page.navigate(guarded.url() + "#token=" + token);
            assertThat(page.locator("#table-top-complaints tbody tr")).hasCount(10);
            org.assertj.core.api.Assertions.assertThat(page.url()).startsWith(guarded.url()).doesNotContain("token");
            page.navigate(guarded.url() + "sql.html"); // same tab: the token is kept for it
            assertThat(page.locator("#table-list li")).not().hasCount(0);
        }
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void runsPageShowsTablesAndSaysWhenThereIsNoHistory(@org.junit.jupiter.api.io.TempDir Path work) {
        Path lake = BundledLake.copyWithoutHistory(work.resolve("lake"));
        try (DashboardServer withoutHistory = DashboardServer.start(ServeConfig.local(new LakeLayout(lake), 0))) {
            page.navigate(withoutHistory.url() + "runs.html");
            assertThat(page.locator("#no-history")).containsText("no run history");
            assertThat(page.locator("#tables tbody tr")).not().hasCount(0);
            assertThat(page.locator("#tables")).containsText("fact_complaints");
            assertThat(page.locator("#tables")).containsText("892");
            assertThat(page.locator("#published")).containsText("last publish");
        }
        // the shared lake was published by a real `bankdata run`, which recorded itself in the history
        page.navigate(server.url() + "runs.html");
        assertThat(page.locator("#runs tbody tr").first().locator(".badge")).hasText("succeeded");
        assertThat(page.locator("#tasks tbody tr")).hasCount(PipelineDefinition.tasks().size());
        assertThat(consoleErrors).isEmpty();
    }
}
