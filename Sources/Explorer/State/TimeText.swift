import StreamEngine
#if canImport(Glibc)
import Glibc
#endif

/// Clock times and durations as the panes show them, and what the jump prompt accepts.
public enum TimeText {
    /// `2026-11-25 14:03:07.123` in UTC or local time. - Complexity: O(1)
    public static func format(_ ms: UInt64, utc: Bool, millis: Bool = true) -> String {
        var t = time_t(ms / 1000)
        var parts = tm()
        if utc { gmtime_r(&t, &parts) } else { localtime_r(&t, &parts) }
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var s = "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
        if millis {
            let m = ms % 1000
            s += "." + (m < 10 ? "00\(m)" : m < 100 ? "0\(m)" : "\(m)")
        }
        return s
    }

    /// `850ms`, `12s`, `4m05s`, `3h12m`, `2d04h`. - Complexity: O(1)
    public static func duration(_ ms: UInt64) -> String {
        if ms < 1000 { return "\(ms)ms" }
        let s = ms / 1000
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" + pad2(s % 60) + "s" }
        if s < 86400 { return "\(s / 3600)h" + pad2((s % 3600) / 60) + "m" }
        return "\(s / 86400)d" + pad2((s % 86400) / 3600) + "h"
    }

    private static func pad2(_ v: UInt64) -> String { v < 10 ? "0\(v)" : "\(v)" }

    /// Parses a duration such as `500ms`, `30s`, `5m`, `2h`, `1d`, or a bare number of
    /// milliseconds. - Complexity: O(text)
    public static func parseDuration(_ text: String) -> UInt64? {
        let t = text.trimmed.lowercased()
        let units: [(String, UInt64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        // Redis reads durations as signed 64-bit milliseconds: anything larger is refused
        // (nil), never a trap on overflow.
        func fits(_ v: UInt64) -> UInt64? { v <= UInt64(Int64.max) ? v : nil }
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            guard let n = UInt64(t.dropLast(suffix.count)) else { continue }
            let (product, overflow) = n.multipliedReportingOverflow(by: factor)
            return overflow ? nil : fits(product)
        }
        return UInt64(t).flatMap(fits)
    }

    /// Where the jump prompt goes: a stream ID (`1700000000000-5`, or `1700000000000`),
    /// an ISO time (`2026-11-25T14:03`, `2026-11-25 14:03:07`, a date alone; read in UTC
    /// or local time as the screen shows), or relative to now (`-5m`, `-2h`, `-30s`).
    public static func parseJump(_ text: String, nowMs: UInt64, utc: Bool) -> StreamID? {
        let t = text.trimmed
        if t.hasPrefix("-"), let d = parseDuration(String(t.dropFirst())) {
            return StreamID(ms: nowMs > d ? nowMs - d : 0, seq: 0)
        }
        if t.contains("T") || t.contains(":") || (t.count == 10 && t.filter({ $0 == "-" }).count == 2) {
            return parseISO(t, utc: utc).map { StreamID(ms: $0, seq: 0) }
        }
        return StreamIDParser.parseID(Array(t.utf8), strict: true)
    }

    /// Milliseconds for `YYYY-MM-DD[( |T)HH:MM[:SS[.mmm]]][Z]`.
    static func parseISO(_ text: String, utc: Bool) -> UInt64? {
        var t = text
        var forceUTC = utc
        if t.hasSuffix("Z") { t.removeLast(); forceUTC = true }
        let halves = t.split(whereSeparator: { $0 == "T" || $0 == " " }).map(String.init)
        guard halves.count == 1 || halves.count == 2 else { return nil }
        let date = halves[0].split(separator: "-").compactMap { Int32($0) }
        guard date.count == 3 else { return nil }
        var h: Int32 = 0, m: Int32 = 0, s: Int32 = 0, ms: UInt64 = 0
        if halves.count == 2 {
            let clock = halves[1].split(separator: ":").map(String.init)
            guard clock.count >= 2, clock.count <= 3, let hh = Int32(clock[0]), let mm = Int32(clock[1]) else { return nil }
            h = hh
            m = mm
            if clock.count == 3 {
                let sec = clock[2].split(separator: ".").map(String.init)
                guard let ss = Int32(sec[0]) else { return nil }
                s = ss
                if sec.count == 2 {
                    let frac = String((sec[1] + "000").prefix(3))
                    guard let f = UInt64(frac) else { return nil }
                    ms = f
                }
            }
        }
        guard (1...12).contains(date[1]), (1...31).contains(date[2]), (0...23).contains(h), (0...59).contains(m), (0...60).contains(s) else { return nil }
        var parts = tm()
        parts.tm_year = date[0] - 1900
        parts.tm_mon = date[1] - 1
        parts.tm_mday = date[2]
        parts.tm_hour = h
        parts.tm_min = m
        parts.tm_sec = s
        parts.tm_isdst = -1
        let seconds = forceUTC ? timegm(&parts) : mktime(&parts)
        guard seconds >= 0 else { return nil }
        return UInt64(seconds) * 1000 + ms
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
