package org.shuyu.controller.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The lineage picture is a well-formed, self-contained SVG whose boxes and curves are the answer's nodes and edges. */
@Tag("R-24c")
class LineageSvgTest {
    @Test
    void drawsEveryNodeAndEdgeOfTheAnswerInDepthColumns() throws Exception {
        List<LineageSvg.Node> nodes = List.of(
                new LineageSvg.Node("registry.enterprises", "registry.enterprises", "SOURCE", -2, false, false, false),
                new LineageSvg.Node("social.contributions", "social.contributions", "SOURCE", -2, false, false, true),
                new LineageSvg.Node("ws_g1.joined", "ws_g1.joined", "TABLE", -1, false, true, true),
                new LineageSvg.Node("ws_g1.features", "ws_g1.features", "TABLE", 0, true, false, false));
        List<LineageSvg.Edge> edges = List.of(
                new LineageSvg.Edge("registry.enterprises", "ws_g1.joined", "JOIN", "job-1#1"),
                new LineageSvg.Edge("social.contributions", "ws_g1.joined", "IDENTITY", "job-1#1"),
                new LineageSvg.Edge("ws_g1.joined", "ws_g1.features", "AGGREGATION", "job-1#2"));
        Document svg = parse(LineageSvg.render("Upstream of ws_g1.features", nodes, edges, false));

        assertThat(svg.getDocumentElement().getNodeName()).isEqualTo("svg");
        assertThat(count(svg, "//*[local-name()='g' and @class='nodes']/*[local-name()='g']")).isEqualTo(4);
        assertThat(count(svg, "//*[local-name()='g' and @class='edges']/*[local-name()='path']")).isEqualTo(3);
        // Upstream columns are to the left of the start.
        double sourceX = x(svg, "registry.enterprises");
        double joinedX = x(svg, "ws_g1.joined (quarantined)");
        double startX = x(svg, "ws_g1.features");
        assertThat(sourceX).isLessThan(joinedX);
        assertThat(joinedX).isLessThan(startX);
        // Indirect kinds are dashed, direct ones solid.
        assertThat(attr(svg, "//*[local-name()='path'][*[local-name()='title']='JOIN by job-1#1']/@stroke-dasharray")).isEqualTo("5 4");
        assertThat(attr(svg, "//*[local-name()='path'][*[local-name()='title']='IDENTITY by job-1#1']/@stroke-dasharray")).isEmpty();
        // No scripts, no external references.
        assertThat(count(svg, "//*[local-name()='script' or local-name()='foreignObject' or local-name()='image']")).isZero();
    }

    @Test
    void escapesNamesAndCutsLargeAnswers() throws Exception {
        List<LineageSvg.Node> nodes = new ArrayList<>();
        nodes.add(new LineageSvg.Node("x", "<script>&\"'", "col \u0001", 0, true, false, false));
        for (int i = 0; i < LineageSvg.MAX_NODES + 50; i++) {
            nodes.add(new LineageSvg.Node("n" + i, "n" + i, "TABLE", 1 + i % 5, false, false, false));
        }
        String text = LineageSvg.render("t", nodes, List.of(), false);
        Document svg = parse(text);
        assertThat(text).doesNotContain("<script>");
        assertThat(count(svg, "//*[local-name()='g' and @class='nodes']/*[local-name()='g']")).isEqualTo(LineageSvg.MAX_NODES);
        assertThat(text).contains("the answer was cut");
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static int count(Document doc, String xpath) throws Exception {
        return ((NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.NODESET)).getLength();
    }

    private static String attr(Document doc, String xpath) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(xpath, doc);
    }

    private static double x(Document doc, String title) throws Exception {
        return Double.parseDouble(attr(doc, "//*[local-name()='g'][*[local-name()='title']='" + title + "']/*[local-name()='rect']/@x"));
    }
}
