#!/usr/bin/env python3
"""Label scores and optical flow for a video anomaly dataset, computed the way the F2LM authors compute them.

This is the user's Python, not the product's: `f2lm` never runs it and never needs Python. It writes, into the
dataset folder (the only program of the project that does), per frame at the working resolution:

  <split>/scores/<video>/<frame>.npy   float32, 21 x H x W: DeepLabv3-ResNet101 logits over the 21 VOC classes
                                       (frames as BGR on [-1, 1] at 256 x 256, raw logits, no softmax; resized
                                       bilinearly to H x W when the working resolution is not 256)
  <split>/flows/<video>/<frame>.flo    Middlebury .flo, flow from this frame to the next, in pixels of H x W:
                                       FlowNet2-SD (architecture of Ilg et al. 2017, the user's checkpoint) on the
                                       pair (t, t+1) -- 1->2, 2->3, 3->4, ... -- fed BGR frames on [-1, 1] x 255 at
                                       256 x 256; or RAFT (torchvision) with --flow raft
  prepared-inputs.json                 models, checkpoint SHA-256s, resolution: checked by f2lm's dataset stage
                                       and part of its cache key

The authors feed their generator FlowNet2-SD's output / 255. The .flo files hold the flow in pixels (what the
format means and what f2lm's loader reads); f2lm scales flow itself (8 / resolution), so the files are not divided.

Layouts: <split>/frames/<video>/ (ped2, avenue, synthetic), <split>/<video>/ (the authors' ShanghaiTech),
training_videos/ & testing_videos/ (Avenue), training/videos/*.avi (ShanghaiTech). Video files are decoded with
OpenCV (pip install opencv-python-headless); their outputs go beside the videos (<split>/scores/, <split>/flows/).

  python3 scripts/prepare-inputs.py DATASET --flownet2-sd FlowNet2-SD_checkpoint.pth.tar
  python3 scripts/prepare-inputs.py DATASET --flow raft
  python3 scripts/prepare-inputs.py DATASET --random-weights --resolution 32     # tests: weights=None
"""
import argparse
import hashlib
import json
import os
import re
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

FRAME_EXTENSIONS = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"}
VIDEO_EXTENSIONS = {".avi", ".mp4", ".mkv", ".mov", ".mpg", ".mpeg", ".webm", ".m4v"}
NON_VIDEO_FOLDERS = {"frames", "videos", "labels", "flows", "scores", "pixel_masks", "test_frame_mask", "test_pixel_mask"}
AUTHORS_SIZE = 256
MANIFEST = "prepared-inputs.json"


# --- FlowNet2-SD (Ilg et al., "FlowNet 2.0", 2017: the small-displacement network) ------------------------------

def conv(in_channels, out_channels, stride=1):
    """3x3 convolution with bias followed by LeakyReLU(0.1): the FlowNet2 encoder block."""
    return nn.Sequential(nn.Conv2d(in_channels, out_channels, 3, stride, 1, bias=True), nn.LeakyReLU(0.1, inplace=True))


def deconv(in_channels, out_channels):
    """4x4 transposed convolution (stride 2) with LeakyReLU(0.1): the decoder's upsampling of features."""
    return nn.Sequential(nn.ConvTranspose2d(in_channels, out_channels, 4, 2, 1, bias=True), nn.LeakyReLU(0.1, inplace=True))


def inter_conv(in_channels, out_channels):
    """3x3 convolution without activation, merging the concatenated skip, upsampled features and flow."""
    return nn.Sequential(nn.Conv2d(in_channels, out_channels, 3, 1, 1, bias=True))


class FlowNetSD(nn.Module):
    """FlowNet2-SD: a plain encoder (stride 1 first layer, 3x3 kernels) over the two frames stacked as 6 channels,
    and a decoder predicting flow at 1/64 ... 1/4 of the input, refined coarse to fine. The module names follow the
    published checkpoint's parameter names so its state dict loads as is. Output: flow in pixels at full size
    (the 1/4-scale prediction x div_flow = 20, bilinearly upsampled x 4)."""

    def __init__(self, rgb_max=255.0, div_flow=20.0):
        super().__init__()
        self.rgb_max, self.div_flow = rgb_max, div_flow
        self.conv0 = conv(6, 64)
        self.conv1 = conv(64, 64, 2)
        self.conv1_1 = conv(64, 128)
        self.conv2 = conv(128, 128, 2)
        self.conv2_1 = conv(128, 128)
        self.conv3 = conv(128, 256, 2)
        self.conv3_1 = conv(256, 256)
        self.conv4 = conv(256, 512, 2)
        self.conv4_1 = conv(512, 512)
        self.conv5 = conv(512, 512, 2)
        self.conv5_1 = conv(512, 512)
        self.conv6 = conv(512, 1024, 2)
        self.conv6_1 = conv(1024, 1024)
        self.deconv5 = deconv(1024, 512)
        self.deconv4 = deconv(1026, 256)
        self.deconv3 = deconv(770, 128)
        self.deconv2 = deconv(386, 64)
        self.inter_conv5 = inter_conv(1026, 512)
        self.inter_conv4 = inter_conv(770, 256)
        self.inter_conv3 = inter_conv(386, 128)
        self.inter_conv2 = inter_conv(194, 64)
        self.predict_flow6 = nn.Conv2d(1024, 2, 3, 1, 1, bias=True)
        self.predict_flow5 = nn.Conv2d(512, 2, 3, 1, 1, bias=True)
        self.predict_flow4 = nn.Conv2d(256, 2, 3, 1, 1, bias=True)
        self.predict_flow3 = nn.Conv2d(128, 2, 3, 1, 1, bias=True)
        self.predict_flow2 = nn.Conv2d(64, 2, 3, 1, 1, bias=True)
        self.upsampled_flow6_to_5 = nn.ConvTranspose2d(2, 2, 4, 2, 1, bias=False)
        self.upsampled_flow5_to_4 = nn.ConvTranspose2d(2, 2, 4, 2, 1, bias=False)
        self.upsampled_flow4_to_3 = nn.ConvTranspose2d(2, 2, 4, 2, 1, bias=False)
        self.upsampled_flow3_to_2 = nn.ConvTranspose2d(2, 2, 4, 2, 1, bias=False)

    def forward(self, inputs):
        """`inputs`: B x 3 x 2 x H x W (the two frames along dim 2), H and W multiples of 64."""
        mean = inputs.contiguous().view(inputs.size()[:2] + (-1,)).mean(dim=-1).view(inputs.size()[:2] + (1, 1, 1))
        x = (inputs - mean) / self.rgb_max
        x = torch.cat((x[:, :, 0], x[:, :, 1]), dim=1)
        c1 = self.conv1_1(self.conv1(self.conv0(x)))
        c2 = self.conv2_1(self.conv2(c1))
        c3 = self.conv3_1(self.conv3(c2))
        c4 = self.conv4_1(self.conv4(c3))
        c5 = self.conv5_1(self.conv5(c4))
        c6 = self.conv6_1(self.conv6(c5))
        flow = self.predict_flow6(c6)
        features = c6
        for skip, dec, inter, predict, up in (
                (c5, self.deconv5, self.inter_conv5, self.predict_flow5, self.upsampled_flow6_to_5),
                (c4, self.deconv4, self.inter_conv4, self.predict_flow4, self.upsampled_flow5_to_4),
                (c3, self.deconv3, self.inter_conv3, self.predict_flow3, self.upsampled_flow4_to_3),
                (c2, self.deconv2, self.inter_conv2, self.predict_flow2, self.upsampled_flow3_to_2)):
            features = torch.cat((skip, dec(features), up(flow)), dim=1)   # the next deconvolution's input too
            flow = predict(inter(features))
        return F.interpolate(flow * self.div_flow, scale_factor=4, mode="bilinear", align_corners=False)


# --- files -----------------------------------------------------------------------------------------------------

def natural_key(name):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_flo(path, flow):
    """Middlebury .flo: 'PIEH', width, height (int32), then u, v interleaved float32 per pixel. `flow`: 2 x H x W."""
    _, height, width = flow.shape
    with open(path, "wb") as handle:
        handle.write(b"PIEH" + struct.pack("<ii", width, height))
        handle.write(np.ascontiguousarray(flow.transpose(1, 2, 0), dtype="<f4").tobytes())


def read_frame_bgr(path):
    """A frame as H x W x 3 uint8 BGR (cv2.imread's order), from OpenCV when present, else Pillow."""
    try:
        import cv2
        image = cv2.imread(path, cv2.IMREAD_COLOR)
        if image is None:
            raise SystemExit(f"{path}: cannot read frame")
        return image
    except ImportError:
        from PIL import Image
        with Image.open(path) as image:
            return np.asarray(image.convert("RGB"))[:, :, ::-1].copy()


def video_frames_bgr(path):
    try:
        import cv2
    except ImportError:
        raise SystemExit(f"{path}: decoding video files needs OpenCV (pip install opencv-python-headless)")
    capture, frames = cv2.VideoCapture(path), []
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        frames.append(frame)
    if not frames:
        raise SystemExit(f"{path}: no frame could be decoded")
    return frames


def videos(root):
    """(split folder, video name, frame source) for every video of every layout f2lm reads; frame source is a list
    of frame paths or a video file path."""
    found = []
    splits = [s for s in ("training", "testing", "training_videos", "testing_videos") if os.path.isdir(os.path.join(root, s))]
    if not splits:
        raise SystemExit(f"{root}: no training/, testing/, training_videos/ or testing_videos/ folder (see docs/datasets.md)")
    for split in splits:
        folder = os.path.join(root, split)
        container = next((os.path.join(folder, c) for c in ("frames", "videos") if os.path.isdir(os.path.join(folder, c))), folder)
        for entry in sorted(os.listdir(container), key=natural_key):
            full = os.path.join(container, entry)
            if os.path.isdir(full) and entry not in NON_VIDEO_FOLDERS and not entry.startswith("."):
                frames = sorted((f for f in os.listdir(full) if os.path.splitext(f)[1].lower() in FRAME_EXTENSIONS), key=natural_key)
                if frames:
                    found.append((folder, entry, [os.path.join(full, f) for f in frames]))
            elif os.path.splitext(entry)[1].lower() in VIDEO_EXTENSIONS:
                found.append((folder, os.path.splitext(entry)[0], full))
    return found


def import_torchvision():
    """torchvision, whose models here are plain PyTorch modules. A torchvision wheel built for another torch (PyPI's
    CUDA build beside a CPU torch) fails to load its C++ operators and then to import at all; its models do not use
    those operators, so it is imported once more without registering them (with a warning)."""
    try:
        import torchvision
        return torchvision
    except RuntimeError as error:
        import types
        for name in [n for n in sys.modules if n.startswith("torchvision")]:
            del sys.modules[name]
        sys.modules["torchvision._meta_registrations"] = types.ModuleType("torchvision._meta_registrations")
        import torchvision
        print(f"prepare-inputs: warning: torchvision's C++ operators did not load ({error}); its models do not need them",
              file=sys.stderr)
        return torchvision


# --- the models, the authors' way -------------------------------------------------------------------------------

def authors_input(frame_bgr):
    """BGR uint8 H x W x 3 -> 1 x 3 x 256 x 256 float on [-1, 1] (bilinear resize, as cv2.resize; /127.5 - 1)."""
    x = torch.from_numpy(np.ascontiguousarray(frame_bgr)).permute(2, 0, 1).float().unsqueeze(0)
    x = F.interpolate(x, size=(AUTHORS_SIZE, AUTHORS_SIZE), mode="bilinear", align_corners=False)
    return x / 127.5 - 1.0


def to_working(tensor, resolution):
    """1 x C x 256 x 256 -> C x r x r (bilinear; returned as is at 256)."""
    if resolution != AUTHORS_SIZE:
        tensor = F.interpolate(tensor, size=(resolution, resolution), mode="bilinear", align_corners=False)
    return tensor[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", help="the dataset folder")
    parser.add_argument("--resolution", type=int, default=256, help="working resolution r: files are r x r (default 256)")
    parser.add_argument("--flow", choices=["flownet2-sd", "raft"], default="flownet2-sd")
    parser.add_argument("--flownet2-sd", dest="flownet", help="FlowNet2-SD checkpoint (.pth.tar; 'state_dict' inside)")
    parser.add_argument("--random-weights", action="store_true", help="weights=None everywhere (tests only)")
    parser.add_argument("--seed", type=int, default=0, help="torch seed of --random-weights")
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    if args.resolution <= 0:
        raise SystemExit("--resolution must be positive")
    torch.manual_seed(args.seed)
    import_torchvision()
    from torchvision.models.segmentation import deeplabv3_resnet101

    if args.random_weights:
        segmenter = deeplabv3_resnet101(weights=None, weights_backbone=None, num_classes=21, aux_loss=False)
        labels_info = {"model": "deeplabv3_resnet101", "weights": f"random (weights=None, torch seed {args.seed})", "sha256": None}
    else:
        from torchvision.models.segmentation import DeepLabV3_ResNet101_Weights
        weights = DeepLabV3_ResNet101_Weights.DEFAULT
        segmenter = deeplabv3_resnet101(weights=weights)
        file = os.path.join(torch.hub.get_dir(), "checkpoints", os.path.basename(weights.url))
        labels_info = {"model": "deeplabv3_resnet101", "weights": str(weights), "checkpoint": file,
                       "sha256": sha256(file) if os.path.exists(file) else None}
    segmenter = segmenter.eval().to(args.device)

    if args.flow == "raft":
        from torchvision.models.optical_flow import raft_large
        if args.random_weights:
            flow_net = raft_large(weights=None)
            flow_info = {"model": "raft_large", "weights": f"random (weights=None, torch seed {args.seed})", "sha256": None}
        else:
            from torchvision.models.optical_flow import Raft_Large_Weights
            weights = Raft_Large_Weights.DEFAULT
            flow_net = raft_large(weights=weights)
            file = os.path.join(torch.hub.get_dir(), "checkpoints", os.path.basename(weights.url))
            flow_info = {"model": "raft_large", "weights": str(weights), "checkpoint": file,
                         "sha256": sha256(file) if os.path.exists(file) else None}
    else:
        flow_net = FlowNetSD()
        if args.random_weights:
            flow_info = {"model": "flownet2-sd", "weights": f"random (torch seed {args.seed})", "sha256": None}
        else:
            if not args.flownet:
                raise SystemExit("--flow flownet2-sd needs --flownet2-sd CHECKPOINT (or --flow raft, or --random-weights)")
            checkpoint = torch.load(args.flownet, map_location="cpu")
            state = checkpoint.get("state_dict", checkpoint) if isinstance(checkpoint, dict) else checkpoint
            flow_net.load_state_dict(state)
            flow_info = {"model": "flownet2-sd", "checkpoint": os.path.abspath(args.flownet), "sha256": sha256(args.flownet)}
    flow_net = flow_net.eval().to(args.device)

    entries = videos(args.dataset)
    r = args.resolution
    with torch.no_grad():
        for index, (split, name, source) in enumerate(entries):
            if isinstance(source, str):
                frames = video_frames_bgr(source)
                stems = [f"{i:06d}" for i in range(len(frames))]
            else:
                frames = [read_frame_bgr(p) for p in source]
                stems = [os.path.splitext(os.path.basename(p))[0] for p in source]
            scores_dir = os.path.join(split, "scores", name)
            flows_dir = os.path.join(split, "flows", name)
            os.makedirs(scores_dir, exist_ok=True)
            os.makedirs(flows_dir, exist_ok=True)
            inputs = [authors_input(f).to(args.device) for f in frames]
            for stem, x in zip(stems, inputs):
                logits = segmenter(x)["out"]                      # 1 x 21 x 256 x 256, raw logits
                np.save(os.path.join(scores_dir, stem + ".npy"), to_working(logits, r).cpu().numpy().astype("<f4"))
            for t in range(len(inputs) - 1):
                if args.flow == "raft":
                    # RAFT takes RGB on [-1, 1]: the authors' BGR input with its channels reversed.
                    flow = flow_net(inputs[t].flip(1), inputs[t + 1].flip(1))[-1]
                else:
                    pair = torch.stack((inputs[t], inputs[t + 1]), dim=2) * 255.0   # B x 3 x 2 x H x W
                    flow = flow_net(pair)
                if r != AUTHORS_SIZE:                              # vectors follow the pixels
                    flow = F.interpolate(flow, size=(r, r), mode="bilinear", align_corners=False) * (r / AUTHORS_SIZE)
                write_flo(os.path.join(flows_dir, stems[t] + ".flo"), flow[0].cpu().numpy())
            print(f"prepare-inputs: video {index + 1}/{len(entries)} {os.path.relpath(os.path.join(split, name), args.dataset)} ({len(frames)} frames)", flush=True)

    manifest = {
        "format": 1,
        "resolution": [r, r],
        "frames": "BGR on [-1, 1] at 256x256 (bilinear), as the F2LM authors feed both networks",
        "labels": dict(labels_info, output="<split>/scores/<video>/<frame>.npy", dtype="float32", shape="21 x H x W",
                       values="raw logits over the 21 VOC classes, no softmax"),
        "flow": dict(flow_info, output="<split>/flows/<video>/<frame>.flo", units="pixels at the working resolution",
                     pairs="frame t -> t+1", scaling="input x 255 (FlowNet2-SD); not divided by 255 (f2lm scales flow itself)"),
        "torch": torch.__version__,
    }
    with open(os.path.join(args.dataset, MANIFEST), "w") as handle:
        json.dump(manifest, handle, indent=2, sort_keys=True)
        handle.write("\n")
    print(f"prepare-inputs: wrote {os.path.join(args.dataset, MANIFEST)}")


if __name__ == "__main__":
    main()
