/// Natural ordering of video identifiers: runs of digits compare as numbers, so `video2 < video10`;
/// other characters compare by Unicode scalar value. Identifiers equal under this rule fall back to plain `<`.
enum VideoOrder {
    /// Whether `a` sorts before `b` in natural order.
    static func areInIncreasingOrder(_ a: String, _ b: String) -> Bool {
        let left = Array(a.unicodeScalars)
        let right = Array(b.unicodeScalars)
        var i = 0
        var j = 0
        while i < left.count, j < right.count {
            if isDigit(left[i]), isDigit(right[j]) {
                let startI = i
                let startJ = j
                while i < left.count, isDigit(left[i]) { i += 1 }
                while j < right.count, isDigit(right[j]) { j += 1 }
                let numberI = stripLeadingZeros(left[startI..<i])
                let numberJ = stripLeadingZeros(right[startJ..<j])
                if numberI.count != numberJ.count { return numberI.count < numberJ.count }
                for (x, y) in zip(numberI, numberJ) where x != y { return x.value < y.value }
            } else {
                if left[i] != right[j] { return left[i].value < right[j].value }
                i += 1
                j += 1
            }
        }
        if (left.count - i) != (right.count - j) { return (left.count - i) < (right.count - j) }
        return a < b
    }

    /// `ids` sorted in natural order.
    static func sorted(_ ids: [String]) -> [String] { ids.sorted(by: areInIncreasingOrder) }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 48 && scalar.value <= 57 }

    private static func stripLeadingZeros(_ digits: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        var result = digits
        while result.count > 1, result.first?.value == 48 { result = result.dropFirst() }
        return result
    }
}
