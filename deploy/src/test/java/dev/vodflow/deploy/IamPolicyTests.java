package dev.vodflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Guards against the grants that undo least privilege, wherever in the stack they appear. */
class IamPolicyTests {

    /** Actions that read or change data (as opposed to describing or listing infrastructure). */
    static final Pattern DATA_ACTION = Pattern.compile(
            "(s3:(Get|Put|Delete|Abort|Restore|List)\\w*"
                    + "|sqs:(Send|Receive|Delete|Change|Purge)\\w*"
                    + "|kafka-cluster:\\w*(Data|Topic|Group)\\w*"
                    + "|secretsmanager:GetSecretValue"
                    + "|kms:(Decrypt|Encrypt|GenerateDataKey|ReEncrypt)\\w*"
                    + "|rds-data:\\w+"
                    + "|ses:Send\\w*"
                    + "|mediaconvert:(CreateJob|GetJob|CancelJob)"
                    + "|medialive:\\w+|mediapackagev2:\\w+)",
            Pattern.CASE_INSENSITIVE);

    @Test
    void noStatementGrantsAllOfS3AnyActionOrAllResourcesForData() {
        List<String> violations = new ArrayList<>();
        Resources.all().forEach((id, resource) -> {
            for (Map<String, Object> statement : allowStatementsIn(resource)) {
                violations.addAll(violations(id, statement));
            }
        });
        assertThat(violations).isEmpty();
    }

    @Test
    void theGuardCatchesEachForbiddenGrant() {
        assertThat(violations("x", Map.of("Effect", "Allow", "Action", "s3:*", "Resource", "arn:aws:s3:::b/*")))
                .hasSize(1);
        assertThat(violations("x", Map.of("Effect", "Allow", "Action", "*", "Resource", "arn:aws:s3:::b/*")))
                .hasSize(1);
        assertThat(violations("x", Map.of("Effect", "Allow", "Action", List.of("sqs:SendMessage"), "Resource", "*")))
                .hasSize(1);
        assertThat(violations("x", Map.of("Effect", "Allow", "Action", "ecr:GetAuthorizationToken", "Resource", "*")))
                .isEmpty();
    }

    static List<String> violations(String id, Map<String, Object> statement) {
        List<String> found = new ArrayList<>();
        List<String> actions = Resources.actions(statement);
        boolean allResources = Resources.resources(statement).contains("*");
        for (String action : actions) {
            if (action.equals("*") || action.equalsIgnoreCase("s3:*")) {
                found.add(id + " grants " + action);
            } else if (allResources && (DATA_ACTION.matcher(action).matches() || action.endsWith(":*"))) {
                found.add(id + " grants " + action + " on every resource");
            }
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> allowStatementsIn(Map<String, Object> resource) {
        Map<String, Object> props = (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
        List<Object> documents = new ArrayList<>();
        switch (String.valueOf(resource.get("Type"))) {
            case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy" -> documents.add(props.get("PolicyDocument"));
            case "AWS::IAM::Role" -> {
                for (Object policy : (List<Object>) props.getOrDefault("Policies", List.of())) {
                    documents.add(((Map<String, Object>) policy).get("PolicyDocument"));
                }
            }
            default -> {}
        }
        return documents.stream()
                .flatMap(d -> Resources.statements(d).stream())
                .filter(s -> "Allow".equals(s.get("Effect")))
                .toList();
    }
}
