import Foundation
import SwiftProtobuf

/// The three summaries of TensorBoard's HParams plugin: each is one value tagged `_hparams_/…` whose metadata
/// names the plugin `hparams` and carries a serialized `TBHParamsPluginData` (version 0), with an empty float
/// tensor of shape [0] as its value.
///
/// - experiment: every hyperparameter (name, type, discrete domain) and metric (a scalar tag) of the dashboard;
/// - session start: one session's hyperparameter values;
/// - session end: its status.
public enum HParamsSummary {
    /// The plugin name in `SummaryMetadata.plugin_data`.
    public static let pluginName = "hparams"
    /// Tag of the experiment summary.
    public static let experimentTag = "_hparams_/experiment"
    /// Tag of a session's start.
    public static let sessionStartTag = "_hparams_/session_start_info"
    /// Tag of a session's end.
    public static let sessionEndTag = "_hparams_/session_end_info"

    /// A session start: `hparams` by name, optional group, start time (seconds since 1970).
    public static func sessionStart(hparams: [String: HParamValue], groupName: String = "",
                                    startTime: Double) -> TBSummary {
        var start = TBHParamsSessionStartInfo()
        start.hparams = hparams.mapValues(\.protobuf)
        start.groupName = groupName
        start.startTimeSecs = startTime
        var data = TBHParamsPluginData()
        data.sessionStartInfo = start
        return summary(tag: sessionStartTag, data: data)
    }

    /// A session end with `status` at `endTime` (seconds since 1970).
    public static func sessionEnd(status: TBHParamsStatus, endTime: Double) -> TBSummary {
        var end = TBHParamsSessionEndInfo()
        end.status = status
        end.endTimeSecs = endTime
        var data = TBHParamsPluginData()
        data.sessionEndInfo = end
        return summary(tag: sessionEndTag, data: data)
    }

    /// The experiment: one column per hyperparameter with the values seen (a discrete domain, sorted; the
    /// column's type is that of its values, strings when they mix; `differs` when there is more than one value),
    /// the columns that differ first (the dashboard shows the first few by default), each group by name; one
    /// metric per scalar tag.
    public static func experiment(domains: [String: Set<HParamValue>], metricTags: [String],
                                  created: Double) -> TBSummary {
        var experiment = TBHParamsExperiment()
        experiment.timeCreatedSecs = created
        let names = domains.keys.sorted().filter { domains[$0]!.count > 1 } + domains.keys.sorted().filter { domains[$0]!.count <= 1 }
        experiment.hparamInfos = names.map { name in
            var values = domains[name]!.sorted()
            let types = Set(values.map(\.dataType))
            if types.count > 1 {
                values = Array(Set(values.map { HParamValue.string($0.text) })).sorted()
            }
            var info = TBHParamsHParamInfo()
            info.name = name
            info.type = values.first?.dataType ?? .string
            info.domainDiscrete = Google_Protobuf_ListValue(values: values.map(\.protobuf))
            info.differs = values.count > 1
            return info
        }
        experiment.metricInfos = metricTags.sorted().map { tag in
            var info = TBHParamsMetricInfo()
            info.name.tag = tag
            return info
        }
        var data = TBHParamsPluginData()
        data.experiment = experiment
        return summary(tag: experimentTag, data: data)
    }

    /// The plugin data of a summary value, nil unless it is an HParams value.
    public static func pluginData(of value: TBSummary.Value) -> TBHParamsPluginData? {
        guard value.metadata.pluginData.pluginName == pluginName else { return nil }
        return try? TBHParamsPluginData(serializedBytes: value.metadata.pluginData.content)
    }

    static func summary(tag: String, data: TBHParamsPluginData) -> TBSummary {
        var value = TBSummary.Value()
        value.tag = tag
        value.metadata.pluginData.pluginName = pluginName
        // Serializing a message built here cannot fail (no required fields, no unknown types).
        value.metadata.pluginData.content = (try? data.serializedData()) ?? Data()
        var tensor = TBTensorProto()
        tensor.dtype = 1 // float32
        var dimension = TBTensorShapeProto.Dim()
        dimension.size = 0
        tensor.tensorShape.dim = [dimension]
        value.tensor = tensor
        var summary = TBSummary()
        summary.value = [value]
        return summary
    }
}

extension HParamValue {
    /// The value as text (numbers in Swift's shortest form).
    var text: String {
        switch self {
        case .number(let value): return "\(value)"
        case .string(let value): return value
        case .bool(let value): return value ? "true" : "false"
        }
    }
}
