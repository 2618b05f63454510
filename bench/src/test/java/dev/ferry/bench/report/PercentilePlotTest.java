package dev.ferry.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.bench.load.LoadResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class PercentilePlotTest {

    private static Histogram latencies(long fromMicros, long toMicros, int count) {
        Histogram histogram = new Histogram(60_000_000L, 3);
        for (int i = 0; i < count; i++) {
            histogram.recordValue(fromMicros + (toMicros - fromMicros) * i / count);
        }
        return histogram;
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldDrawOneRisingLinePerTargetInAWellFormedSvg() throws Exception {
        String svg = PercentilePlot.svg("Submit & poll", List.of(
                new LatencyCurve("ferry", latencies(1_000, 20_000, 10_000)),
                new LatencyCurve("hello-world <baseline>", latencies(200, 2_000, 10_000))));

        NodeList lines = parse(svg).getElementsByTagName("polyline");
        assertEquals(2, lines.getLength());
        for (int i = 0; i < lines.getLength(); i++) {
            List<Double> ys = new ArrayList<>();
            for (String point : ((Element) lines.item(i)).getAttribute("points").split(" ")) {
                ys.add(Double.parseDouble(point.split(",")[1]));
            }
            for (int j = 1; j < ys.size(); j++) {
                assertTrue(ys.get(j) <= ys.get(j - 1), "latency never falls as the percentile rises");
            }
        }
        assertTrue(svg.contains("hello-world &lt;baseline&gt;"), "labels are escaped");
    }

    @Test
    void shouldStopACurveWhereItsSampleCountEnds() throws Exception {
        String svg = PercentilePlot.svg("few", List.of(new LatencyCurve("hundred", latencies(1_000, 2_000, 100))));

        String[] points = ((Element) parse(svg).getElementsByTagName("polyline").item(0)).getAttribute("points")
                .split(" ");
        assertEquals(101, points.length, "100 samples tell percentiles apart up to 99 %: two of the four decades");
    }

    @Test
    void shouldPlotEachTargetsRunsAtItsLowestOfferedRate() {
        LoadResult saturating = new LoadResult("ferry", 50_000, 10, 0, 0, 1_000_000_000L, -1, -1,
                latencies(900_000, 1_000_000, 10));
        LoadResult moderate = new LoadResult("ferry", 500, 10, 0, 0, 1_000_000_000L, -1, -1,
                latencies(1_000, 2_000, 10));

        List<LatencyCurve> curves = LatencyCurve.fromSteps(List.of(saturating, moderate));

        assertEquals(1, curves.size());
        assertTrue(curves.get(0).micros().getMaxValue() < 10_000, "the saturating run is left out");
    }
}
