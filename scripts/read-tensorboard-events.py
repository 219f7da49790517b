#!/usr/bin/env python3
"""Reads a TensorBoard log folder with the `tensorboard` package's own event reader and prints what it holds as
JSON, for the Swift tests (the product never runs Python).

    python3 scripts/read-tensorboard-events.py LOGDIR

Output: {"runs": {RUN: {"scalars": {TAG: [[step, value], ...]}, "images": {TAG: [[step, width, height], ...]},
"hparams": {TAG: <HParamsPluginData as JSON>}}}}. Orphaned-data purging is off and every event is kept, so a step
written twice shows up twice.
"""
import json
import sys

from google.protobuf import json_format
from tensorboard.backend.event_processing import event_accumulator, event_multiplexer
from tensorboard.plugins.hparams import plugin_data_pb2

KEEP_ALL = {
    event_accumulator.SCALARS: 0,
    event_accumulator.IMAGES: 0,
    event_accumulator.TENSORS: 0,
    event_accumulator.HISTOGRAMS: 0,
    event_accumulator.COMPRESSED_HISTOGRAMS: 0,
    event_accumulator.AUDIO: 0,
}


def main(logdir):
    multiplexer = event_multiplexer.EventMultiplexer(size_guidance=KEEP_ALL, purge_orphaned_data=False)
    multiplexer.AddRunsFromDirectory(logdir)
    multiplexer.Reload()
    runs = {}
    for run, tags in multiplexer.Runs().items():
        entry = {"scalars": {}, "images": {}, "hparams": {}}
        for tag in tags.get(event_accumulator.SCALARS, []):
            entry["scalars"][tag] = [[e.step, e.value] for e in multiplexer.Scalars(run, tag)]
        for tag in tags.get(event_accumulator.IMAGES, []):
            entry["images"][tag] = [[e.step, e.width, e.height] for e in multiplexer.Images(run, tag)]
        runs[run] = entry
    for run, contents in multiplexer.PluginRunToTagToContent("hparams").items():
        for tag, content in contents.items():
            data = plugin_data_pb2.HParamsPluginData.FromString(content)
            runs[run]["hparams"][tag] = json_format.MessageToDict(data, preserving_proto_field_name=True)
    json.dump({"runs": runs}, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: read-tensorboard-events.py LOGDIR")
    main(sys.argv[1])
