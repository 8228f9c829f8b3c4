package dev.sessionkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The module rule's integration clause, as the poms say it: the auto-configuration depends on adapter-servlet and on
 * no other SessionKit module except optionally (compiled against, never brought into an application); the starter
 * brings the auto-configuration and the in-memory store, and nothing else.
 */
class StarterPomTest {

    /** The SessionKit dependencies a pom brings to its users: not optional, not test or provided. */
    private static List<String> broughtIn(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        List<String> found = new ArrayList<>();
        NodeList children = project.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element dependencies && dependencies.getTagName().equals("dependencies")) {
                NodeList each = dependencies.getElementsByTagName("dependency");
                for (int j = 0; j < each.getLength(); j++) {
                    Element dependency = (Element) each.item(j);
                    String scope = text(dependency, "scope");
                    if (text(dependency, "groupId").equals("dev.sessionkit") && !text(dependency, "optional")
                            .equals("true") && (scope.isEmpty() || scope.equals("compile") || scope.equals("runtime"))) {
                        found.add(text(dependency, "artifactId"));
                    }
                }
            }
        }
        return found;
    }

    private static String text(Element element, String tag) {
        NodeList found = element.getElementsByTagName(tag);
        return found.getLength() == 0 ? "" : found.item(0).getTextContent().trim();
    }

    @Test
    void autoConfiguration_bringsAdapterServletOnly() throws Exception {
        assertThat(broughtIn(Path.of("pom.xml"))).containsExactly("adapter-servlet");
    }

    @Test
    void starter_bringsTheAutoConfigurationAndTheInMemoryStore() throws Exception {
        assertThat(broughtIn(Path.of("../sessionkit-spring-boot-starter/pom.xml")))
                .containsExactly("sessionkit-spring-boot-autoconfigure", "session-store-caffeine");
    }
}
