/// Redis's `string2ll` (util.c): a strict signed decimal. Rejects the empty string,
/// 21 or more bytes, a leading `+`, leading zeros (except "0" itself), "-0",
/// any non-digit and values outside Int64.
///
/// Complexity: O(range.count), at most 20 iterations.
@usableFromInline
func redisStringToInt64(_ bytes: [UInt8], _ range: Range<Int>) -> Int64? {
    let count = range.count
    if count == 0 || count >= 21 { return nil }
    var i = range.lowerBound
    if count == 1 && bytes[i] == UInt8(ascii: "0") { return 0 }
    var negative = false
    if bytes[i] == UInt8(ascii: "-") {
        negative = true
        i += 1
        if i == range.upperBound { return nil }
    }
    let first = bytes[i]
    guard first >= UInt8(ascii: "1") && first <= UInt8(ascii: "9") else { return nil }
    var value = UInt64(first &- 48)
    i += 1
    while i < range.upperBound {
        let c = bytes[i]
        guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else { return nil }
        let (times10, o1) = value.multipliedReportingOverflow(by: 10)
        if o1 { return nil }
        let (sum, o2) = times10.addingReportingOverflow(UInt64(c &- 48))
        if o2 { return nil }
        value = sum
        i += 1
    }
    let limit = UInt64(Int64.max)
    if negative {
        if value > limit + 1 { return nil }
        return value == limit + 1 ? Int64.min : -Int64(value)
    }
    if value > limit { return nil }
    return Int64(value)
}
