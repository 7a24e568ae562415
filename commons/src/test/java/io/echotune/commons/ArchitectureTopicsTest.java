package io.echotune.commons;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/architecture.md "Topics" says which service produces and consumes each Kafka topic; this reads the services'
 * configuration and fails when the table and the code part ways.
 * <ul>
 *   <li>Services on SmallRye Reactive Messaging: every {@code mp.messaging.incoming|outgoing.<channel>.topic} of their
 *       {@code application.properties} (a placeholder resolved from the same file or from the {@code @WithDefault} of
 *       the config method it names), with its direction.</li>
 *   <li>ingestion-service uses the plain Kafka client, so its direction is not configuration: its topics are the
 *       {@code @WithDefault} topic names of {@code IngestionConfig} and the erasure topics, and the table must name it
 *       on exactly those topics (as producer or consumer).</li>
 * </ul>
 */
class ArchitectureTopicsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern CHANNEL = Pattern.compile("^mp\\.messaging\\.(incoming|outgoing)\\.[^.]+\\.topic=(.+)$");
    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([^:}]+)(?::([^}]*))?}$");
    private static final Pattern TOPIC_DEFAULT = Pattern.compile("@WithDefault\\(\"(echotune\\.[a-z-]+)\"\\)\\s*String\\s+(\\w+)\\(\\)");
    private static final String PLAIN_CLIENT_SERVICE = "ingestion-service";

    record Flow(Set<String> producers, Set<String> consumers) {
    }

    @Test
    void theTopicTableMatchesTheServicesConfiguration() throws IOException {
        Map<String, Flow> documented = documentedTopics();
        Map<String, Flow> configured = new TreeMap<>();
        List<String> services = services();
        assertTrue(services.size() >= 7, "found the services: " + services);
        for (String service : services) {
            if (service.equals(PLAIN_CLIENT_SERVICE)) {
                continue;
            }
            Path properties = ROOT.resolve(service).resolve("src/main/resources/application.properties");
            for (String line : Files.readAllLines(properties)) {
                Matcher m = CHANNEL.matcher(line.strip());
                if (m.matches()) {
                    String topic = resolve(service, properties, m.group(2).strip());
                    Flow flow = configured.computeIfAbsent(topic, t -> new Flow(new TreeSet<>(), new TreeSet<>()));
                    (m.group(1).equals("incoming") ? flow.consumers() : flow.producers()).add(service);
                }
            }
        }
        for (Map.Entry<String, Flow> topic : configured.entrySet()) {
            Flow doc = documented.get(topic.getKey());
            assertTrue(doc != null, "topic " + topic.getKey() + " is configured but not in docs/architecture.md");
            assertEquals(topic.getValue().producers(), without(doc.producers()),
                    "producers of " + topic.getKey() + " (ingestion aside)");
            assertEquals(topic.getValue().consumers(), without(doc.consumers()),
                    "consumers of " + topic.getKey() + " (ingestion aside)");
        }

        Set<String> ingestionTopics = ingestionTopics();
        Set<String> documentedForIngestion = new TreeSet<>();
        documented.forEach((topic, flow) -> {
            if (flow.producers().contains(PLAIN_CLIENT_SERVICE) || flow.consumers().contains(PLAIN_CLIENT_SERVICE)) {
                documentedForIngestion.add(topic);
            }
        });
        assertEquals(ingestionTopics, documentedForIngestion, "the topics ingestion-service uses");

        Set<String> known = new TreeSet<>(configured.keySet());
        known.addAll(ingestionTopics);
        assertEquals(known, documented.keySet(), "every documented topic is used by some service");
    }

    private static Map<String, Flow> documentedTopics() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("docs/architecture.md"));
        int start = lines.indexOf("## Topics");
        assertTrue(start >= 0, "docs/architecture.md has a '## Topics' section");
        Map<String, Flow> topics = new TreeMap<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (!line.startsWith("| `echotune.")) {
                continue;
            }
            String[] cells = line.split("\\|");
            String topic = cells[1].strip().replace("`", "");
            topics.put(topic, new Flow(names(cells[2]), names(cells[3])));
        }
        assertFalse(topics.isEmpty(), "the Topics table has rows");
        return topics;
    }

    private static Set<String> names(String cell) {
        Set<String> out = new TreeSet<>();
        for (String name : cell.split(",")) {
            String n = name.strip();
            if (n.endsWith("-service")) {
                out.add(n);
            }
        }
        return out;
    }

    private static Set<String> without(Set<String> services) {
        Set<String> out = new TreeSet<>(services);
        out.remove(PLAIN_CLIENT_SERVICE);
        return out;
    }

    private static List<String> services() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.map(d -> d.getFileName().toString()).filter(n -> n.endsWith("-service")).sorted().toList();
        }
    }

    /** A literal topic, or a placeholder resolved from the same file, its default, or the config method it names. */
    private static String resolve(String service, Path properties, String value) throws IOException {
        Matcher p = PLACEHOLDER.matcher(value);
        if (!p.matches()) {
            return value;
        }
        String key = p.group(1);
        for (String line : Files.readAllLines(properties)) {
            if (line.startsWith(key + "=")) {
                return resolve(service, properties, line.substring(key.length() + 1).strip());
            }
        }
        if (p.group(2) != null) {
            return p.group(2);
        }
        String method = toCamel(key.substring(key.lastIndexOf('.') + 1));
        Map<String, String> defaults = topicDefaults(service);
        assertTrue(defaults.containsKey(method), service + ": cannot resolve " + value);
        return defaults.get(method);
    }

    /** {@code @WithDefault("echotune.x") String method()} pairs of the service's config package. */
    private static Map<String, String> topicDefaults(String service) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Path src = ROOT.resolve(service).resolve("src/main/java");
        try (Stream<Path> files = Files.walk(src)) {
            for (Path file : files.filter(f -> f.toString().contains("/config/") && f.toString().endsWith(".java")).toList()) {
                Matcher m = TOPIC_DEFAULT.matcher(Files.readString(file));
                while (m.find()) {
                    out.put(m.group(2), m.group(1));
                }
            }
        }
        return out;
    }

    private static Set<String> ingestionTopics() throws IOException {
        Set<String> topics = new TreeSet<>(topicDefaults(PLAIN_CLIENT_SERVICE).values());
        // its erasure consumer and reports use the shared constants of commons' ErasureEvents
        topics.add(io.echotune.commons.erasure.ErasureEvents.USER_EVENTS_TOPIC);
        topics.add(io.echotune.commons.erasure.ErasureEvents.REPORTS_TOPIC);
        return topics;
    }

    private static String toCamel(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
