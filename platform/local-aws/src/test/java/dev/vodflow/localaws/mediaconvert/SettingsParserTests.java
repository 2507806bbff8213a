package dev.vodflow.localaws.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vodflow.localaws.mediaconvert.JobSpec.GroupType;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class SettingsParserTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** The reference job in the SDK's wire form (camelCase), from the CLI's PascalCase file. */
    static ObjectNode referenceSettings() {
        return settings("/mediaconvert/reference-job.json");
    }

    /** A CMAF group (360p, 1080p and one loudness-normalised audio track) and an MP4. */
    static ObjectNode cmafSettings() {
        return settings("/mediaconvert/cmaf-job.json");
    }

    private static ObjectNode settings(String resource) {
        try (InputStream in = SettingsParserTests.class.getResourceAsStream(resource)) {
            return (ObjectNode) camelCase(JSON.readTree(in).path("Settings"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode camelCase(JsonNode node) {
        if (node.isObject()) {
            ObjectNode result = JSON.createObjectNode();
            for (var entry : node.properties()) {
                String name = entry.getKey();
                boolean selectorName = name.contains(" ");
                String key = selectorName ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
                result.set(key, camelCase(entry.getValue()));
            }
            return result;
        }
        if (node.isArray()) {
            var array = JSON.createArrayNode();
            node.forEach(element -> array.add(camelCase(element)));
            return array;
        }
        return node;
    }

    @Test
    void readsTheReferenceJob() {
        JobSpec spec = SettingsParser.parse(referenceSettings());

        assertThat(spec.input().bucket()).isEqualTo("vodflow-media");
        assertThat(spec.input().key()).isEqualTo("input/cli-1/source.mp4");
        assertThat(spec.audioSelected()).isTrue();
        assertThat(spec.groups())
                .extracting(JobSpec.Group::type)
                .containsExactly(GroupType.HLS_GROUP, GroupType.FILE_GROUP, GroupType.FILE_GROUP);
        JobSpec.Group hls = spec.groups().get(0);
        assertThat(hls.segmentLength()).isEqualTo(2);
        assertThat(hls.destination().prefix()).isEqualTo("output/cli-1/hls/");
        assertThat(hls.destination().baseName()).isEqualTo("master");
        assertThat(hls.outputs()).extracting(JobSpec.Output::nameModifier).containsExactly("_360", "_540", "_720");
        assertThat(spec.groups().get(2).outputs().get(0).capture().intervalSeconds())
                .isEqualTo(5.0);
    }

    @Test
    void readsACmafGroupWithOneTrackPerOutputAndItsLoudnessTarget() {
        JobSpec spec = SettingsParser.parse(cmafSettings());

        JobSpec.Group cmaf = spec.groups().get(0);
        assertThat(cmaf.type()).isEqualTo(GroupType.CMAF_GROUP);
        assertThat(cmaf.segmentLength()).isEqualTo(2);
        assertThat(cmaf.hlsManifest()).isTrue();
        assertThat(cmaf.dashManifest()).isTrue();
        assertThat(cmaf.outputs()).extracting(JobSpec.Output::container).containsOnly(JobSpec.Container.CMFC);
        assertThat(cmaf.outputs().get(2).video()).isNull();
        assertThat(cmaf.outputs().get(2).audio().targetLkfs()).isEqualTo(-16.0);
    }

    @Test
    void cmafOutputCarryingVideoAndAudioIsRefused() {
        ObjectNode settings = cmafSettings();
        ((ObjectNode) settings.at("/outputGroups/0/outputs/0"))
                .set("audioDescriptions", settings.at("/outputGroups/0/outputs/2/audioDescriptions"));

        assertThatThrownBy(() -> SettingsParser.parse(settings))
                .hasMessage("/settings/outputGroups/0/outputs/0/audioDescriptions: a CMAF output carries one track:"
                        + " put the audio in an output of its own in this group");
    }

    @Test
    void cmafGroupWithoutAnyManifestIsRefused() {
        ObjectNode settings = cmafSettings();
        ObjectNode group = (ObjectNode) settings.at("/outputGroups/0/outputGroupSettings/cmafGroupSettings");
        group.put("writeHlsManifest", "DISABLED").put("writeDashManifest", "DISABLED");

        assertThatThrownBy(() -> SettingsParser.parse(settings))
                .hasMessageContaining("a CMAF group needs an HLS or a DASH manifest");
    }

    @Test
    void destinationEndingInSlashNamesOutputsAfterTheInput() {
        ObjectNode settings = referenceSettings();
        ((ObjectNode) settings.at("/outputGroups/1/outputGroupSettings/fileGroupSettings"))
                .put("destination", "s3://vodflow-media/output/cli-1/mp4/");

        JobSpec spec = SettingsParser.parse(settings);

        assertThat(spec.groups().get(1).destination().baseName()).isEqualTo("source");
        assertThat(spec.groups().get(1).destination().uri("source_720.mp4"))
                .isEqualTo("s3://vodflow-media/output/cli-1/mp4/source_720.mp4");
    }

    @Test
    void hlsOutputsJoinAudioRenditionGroupsByName() {
        ObjectNode settings = referenceSettings();
        ((ObjectNode) settings.at("/outputGroups/0/outputs/0"))
                .putObject("outputSettings")
                .putObject("hlsSettings")
                .put("audioGroupId", "main_audio")
                .put("audioTrackType", "ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT")
                .put("audioOnlyContainer", "M2TS");
        ((ObjectNode) settings.at("/outputGroups/0/outputs/1"))
                .putObject("outputSettings")
                .putObject("hlsSettings")
                .put("audioRenditionSets", "main_audio");

        JobSpec spec = SettingsParser.parse(settings);

        List<JobSpec.Output> outputs = spec.groups().get(0).outputs();
        assertThat(outputs.get(0).hls()).isEqualTo(new JobSpec.HlsRole("main_audio", "program_audio", false));
        assertThat(outputs.get(1).hls().audioRenditionSets()).isEqualTo("main_audio");
        // MediaConvert's default name for both ends when they are left out
        assertThat(outputs.get(2).hls()).isEqualTo(JobSpec.HlsRole.DEFAULT);

        ObjectNode twoSets = referenceSettings();
        ((ObjectNode) twoSets.at("/outputGroups/0/outputs/1"))
                .putObject("outputSettings")
                .putObject("hlsSettings")
                .put("audioRenditionSets", "main_audio,commentary");
        assertThatThrownBy(() -> SettingsParser.parse(twoSets))
                .hasMessageStartingWith(
                        "/settings/outputGroups/0/outputs/1/outputSettings/hlsSettings/audioRenditionSets:")
                .hasMessageContaining("one group name");
    }

    @Test
    void unknownSettingIsRefusedNamingItsPath() {
        ObjectNode settings = referenceSettings();
        ((ObjectNode) settings.at("/outputGroups/0/outputs/1/videoDescription/codecSettings/h264Settings"))
                .put("lookAheadRateControl", "HIGH");

        assertThatThrownBy(() -> SettingsParser.parse(settings))
                .isInstanceOf(ApiException.class)
                .hasMessageStartingWith(
                        "/settings/outputGroups/0/outputs/1/videoDescription/codecSettings/h264Settings/lookAheadRateControl:")
                .hasMessageContaining("not a supported setting");
    }

    @Test
    void invalidValuesAreRefusedWithTheReason() {
        ObjectNode oddWidth = referenceSettings();
        ((ObjectNode) oddWidth.at("/outputGroups/0/outputs/0/videoDescription")).put("width", 641);
        assertThatThrownBy(() -> SettingsParser.parse(oddWidth))
                .hasMessage("/settings/outputGroups/0/outputs/0/videoDescription/width: must be an even number for"
                        + " 4:2:0 video, was 641");

        ObjectNode qvbrWithoutMax = referenceSettings();
        ((ObjectNode) qvbrWithoutMax.at("/outputGroups/0/outputs/0/videoDescription/codecSettings/h264Settings"))
                .remove("maxBitrate");
        assertThatThrownBy(() -> SettingsParser.parse(qvbrWithoutMax))
                .hasMessageContaining("h264Settings/maxBitrate: is required when rateControlMode is QVBR");

        ObjectNode httpInput = referenceSettings();
        ((ObjectNode) httpInput.at("/inputs/0")).put("fileInput", "https://example.com/a.mp4");
        assertThatThrownBy(() -> SettingsParser.parse(httpInput))
                .hasMessageContaining("/settings/inputs/0/fileInput: must be an s3://bucket/key URL");

        ObjectNode sameName = referenceSettings();
        ((ObjectNode) sameName.at("/outputGroups/0/outputs/1")).put("nameModifier", "_360");
        assertThatThrownBy(() -> SettingsParser.parse(sameName))
                .hasMessageContaining("outputs/1/nameModifier: '_360' is used twice");

        ObjectNode unknownSelector = referenceSettings();
        ((ObjectNode) unknownSelector.at("/outputGroups/0/outputs/0/audioDescriptions/0"))
                .put("audioSourceName", "Audio Selector 2");
        assertThatThrownBy(() -> SettingsParser.parse(unknownSelector))
                .hasMessageContaining("audioSourceName: refers to audio selector 'Audio Selector 2'");

        assertThatThrownBy(() -> SettingsParser.parse(null)).hasMessage("/settings: is required");
    }

    @Test
    void missingDimensionsFollowTheSourceAspectRatio() {
        var picture = new JobSpec.Picture(null, 360, JobSpec.Scaling.DEFAULT, null, null);
        assertThat(TranscodePlan.resolve(picture, 1920, 1080).width()).isEqualTo(640);
        var odd = new JobSpec.Picture(null, null, JobSpec.Scaling.DEFAULT, null, null);
        assertThat(TranscodePlan.resolve(odd, 321, 241))
                .extracting(p -> p.width() + "x" + p.height())
                .isEqualTo("320x240");
    }
}
