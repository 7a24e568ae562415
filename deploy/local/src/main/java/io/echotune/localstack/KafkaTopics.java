package io.echotune.localstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Makes the broker's topics match deploy/local/topics.conf, idempotently: creates missing topics, raises a
 * partition count that is too low (Kafka cannot lower one: that is reported, not fixed) and sets
 * {@code retention.ms} where it differs. Cleanup policy is always {@code delete}.
 *
 * <p>Usage: {@code KafkaTopics --bootstrap localhost:19092 --file topics.conf [--timeout-seconds 60]}.
 * File format, one topic a line: {@code name partitions retention.ms}; {@code #} starts a comment;
 * retention {@code -1} means keep forever.
 */
public final class KafkaTopics {

    record TopicSpec(String name, int partitions, long retentionMs) {
    }

    private KafkaTopics() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = null;
        Path file = null;
        int timeoutSeconds = 60;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = args[i + 1];
                case "--file" -> file = Path.of(args[i + 1]);
                case "--timeout-seconds" -> timeoutSeconds = Integer.parseInt(args[i + 1]);
                default -> fail("unknown argument " + args[i]);
            }
        }
        if (bootstrap == null || file == null || args.length % 2 != 0) {
            fail("usage: KafkaTopics --bootstrap HOST:PORT --file topics.conf [--timeout-seconds N]");
        }
        List<TopicSpec> specs = parse(file);

        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutSeconds * 1000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutSeconds * 1000, 15_000));
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "echotune-local-stack-topics");
        try (Admin admin = Admin.create(props)) {
            apply(admin, specs, timeoutSeconds);
        } catch (ExecutionException e) {
            fail("topic setup against " + bootstrap + " failed: " + e.getCause());
        }
    }

    static List<TopicSpec> parse(Path file) throws IOException {
        List<TopicSpec> specs = new ArrayList<>();
        int lineNo = 0;
        for (String raw : Files.readAllLines(file)) {
            lineNo++;
            String line = raw.replaceFirst("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+");
            try {
                if (parts.length != 3) {
                    throw new IllegalArgumentException("expected 3 fields");
                }
                int partitions = Integer.parseInt(parts[1]);
                long retention = Long.parseLong(parts[2]);
                if (partitions < 1 || retention < -1) {
                    throw new IllegalArgumentException("partitions must be >= 1 and retention.ms >= -1");
                }
                specs.add(new TopicSpec(parts[0], partitions, retention));
            } catch (IllegalArgumentException e) {
                fail(file + ":" + lineNo + ": '" + raw.trim() + "': " + e.getMessage()
                        + " (format: name partitions retention.ms)");
            }
        }
        return specs;
    }

    private static void apply(Admin admin, List<TopicSpec> specs, int timeoutSeconds) throws Exception {
        Set<String> existing = admin.listTopics().names().get(timeoutSeconds, TimeUnit.SECONDS);

        List<NewTopic> toCreate = new ArrayList<>();
        for (TopicSpec spec : specs) {
            if (!existing.contains(spec.name())) {
                // Replication factor: the broker's default (1 locally, whatever an external cluster says).
                toCreate.add(new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.empty())
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(spec.retentionMs()),
                                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)));
            }
        }
        for (var entry : admin.createTopics(toCreate).values().entrySet()) {
            try {
                entry.getValue().get(timeoutSeconds, TimeUnit.SECONDS);
                System.out.println("created topic " + entry.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;   // a concurrent run may have created it: that one is fine
                }
            }
        }

        List<String> present = specs.stream().map(TopicSpec::name)
                .filter(name -> existing.contains(name)).toList();
        if (present.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> descriptions = admin.describeTopics(present).allTopicNames()
                .get(timeoutSeconds, TimeUnit.SECONDS);
        Map<ConfigResource, Config> configs = admin.describeConfigs(present.stream()
                        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList())
                .all().get(timeoutSeconds, TimeUnit.SECONDS);

        Map<String, NewPartitions> grow = new LinkedHashMap<>();
        Map<ConfigResource, java.util.Collection<AlterConfigOp>> alter = new LinkedHashMap<>();
        for (TopicSpec spec : specs) {
            TopicDescription description = descriptions.get(spec.name());
            if (description == null) {
                continue;
            }
            int actual = description.partitions().size();
            if (actual < spec.partitions()) {
                grow.put(spec.name(), NewPartitions.increaseTo(spec.partitions()));
            } else if (actual > spec.partitions()) {
                System.out.println("warning: topic " + spec.name() + " has " + actual + " partitions, "
                        + "topics.conf says " + spec.partitions() + " (Kafka cannot reduce partitions; left as is)");
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
            ConfigEntry retention = configs.get(resource).get(TopicConfig.RETENTION_MS_CONFIG);
            ConfigEntry policy = configs.get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG);
            List<AlterConfigOp> ops = new ArrayList<>();
            if (retention == null || !Long.toString(spec.retentionMs()).equals(retention.value())) {
                ops.add(new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG,
                        Long.toString(spec.retentionMs())), AlterConfigOp.OpType.SET));
            }
            if (policy == null || !TopicConfig.CLEANUP_POLICY_DELETE.equals(policy.value())) {
                ops.add(new AlterConfigOp(new ConfigEntry(TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_DELETE), AlterConfigOp.OpType.SET));
            }
            if (!ops.isEmpty()) {
                alter.put(resource, ops);
            }
        }
        if (!grow.isEmpty()) {
            admin.createPartitions(grow).all().get(timeoutSeconds, TimeUnit.SECONDS);
            grow.forEach((name, p) -> System.out.println("raised partitions of " + name + " to " + p.totalCount()));
        }
        if (!alter.isEmpty()) {
            admin.incrementalAlterConfigs(alter).all().get(timeoutSeconds, TimeUnit.SECONDS);
            alter.keySet().forEach(r -> System.out.println("updated config of topic " + r.name()));
        }
    }

    private static void fail(String message) {
        System.err.println("kafka topics: " + message);
        System.exit(1);
    }
}
