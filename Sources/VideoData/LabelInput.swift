/// What the label encoder E_l receives per input frame (`data.labels`).
///
/// - `onehot`: one channel per class of the dataset's class list, 1 where a pixel has that class id, else 0 (the
///   committed results; 4 × 6 = 24 channels for the synthetic families).
/// - `scores`: per-class segmenter scores shaped like the logits of the authors' DeepLabv3-ResNet101 over the 21
///   VOC classes (`VOCClasses`), as their code feeds E_l (no softmax or argmax; 4 × 21 = 84 channels). Synthetic
///   families compute them from their class maps with `SegmenterScoreModel`; a real dataset reads them from
///   `<split>/scores/<video>/<frame>.npy` (C × H × W float32, C the length of dataset.json's class list).
public enum LabelInput: String, CaseIterable, Codable, Hashable, Sendable {
    case onehot, scores
}

/// The 21 classes of PASCAL VOC in the order of their ids, the output channels of the authors' segmenter.
public enum VOCClasses {
    /// Class names by id (0 background … 20 tvmonitor).
    public static let names = ["background", "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair",
                               "cow", "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa",
                               "train", "tvmonitor"]
    /// The id of `name` (nil when it is not a VOC class).
    public static func id(_ name: String) -> Int? { names.firstIndex(of: name) }
}
