package org.bankdata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchPlotTest {
    @TempDir
    Path tmp;

    @Test
    void writesAPngOfTimeAgainstScale() throws Exception {
        List<ScaleResult> results = List.of(
                new ScaleResult(1, 4_203, 8, List.of(new EngineRun(37, 27, 554, Map.of())), List.of(new EngineRun(3.5, 2.3, 244, Map.of()))),
                new ScaleResult(100, 420_300, 80, List.of(new EngineRun(134, 79, 876, Map.of())),
                        List.of(new EngineRun(13.7, 10.8, 522, Map.of()))));
        Path png = tmp.resolve("img/bench-scale.png");
        BenchPlot.write(results, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(500);
    }
}
