import KafkaModel
extension LessonRunner {
    /// Every event so far: time, sentence, the command(s) in redis-cli quoting and the
    /// reply; chapters with their intro, questions with the answer given. O(events).
    public func transcript() -> String {
        var out = "Lesson \(lesson.number): \(lesson.title)\n\(lesson.summary)\n"
        let kafka = hasKafkaSide ? kafkaLens() : nil
        if let kafka { out += kafka.banner + "\n" }
        var k = 0
        func kafkaUpTo(_ index: Int) {
            guard let kafka else { return }
            while k < kafka.model.events.count && kafka.after[k] <= index {
                let ke = kafka.model.events[k]
                out += "[\(RESPText.clock(ke.timeMs))] kafka: \(ke.sentence)\n             \(ke.step)\n"
                k += 1
            }
        }
        kafkaUpTo(-1)
        for e in events {
            defer { kafkaUpTo(e.index) }
            let time = RESPText.clock(e.timeMs)
            switch e.kind {
            case .chapter:
                out += "\n[\(time)] == \(e.sentence) ==\n"
                if e.sentence.hasPrefix("Chapter") {
                    for line in lesson.chapters[e.chapter].intro { out += "           \(line)\n" }
                }
            case .checkpoint:
                out += "[\(time)] \(e.sentence)\n"
                if let (cp, given) = answerGiven(atEvent: e.index) {
                    for (i, a) in cp.answers.enumerated() { out += "           \(i + 1). \(a)\n" }
                    if let given {
                        out += "           answered \(given + 1): \(given == cp.correct ? "right" : "wrong"). \(cp.explanation)\n"
                    }
                }
            case .narration, .command:
                out += "[\(time)] \(e.sentence)\n"
                if e.atomic { out += "           > MULTI\n" }
                let replies = e.replies
                for (i, c) in e.commands.enumerated() {
                    out += "           > \(RESPText.quoted(c))\n"
                    out += "             \(replies[i])\n"
                }
                if e.atomic { out += "           > EXEC\n" }
            }
        }
        kafkaUpTo(Int.max)
        if let kafka {
            out += "\nSide by side at \(RESPText.clock(elapsedMs)):\n" + kafka.figureLines().map { "  " + $0 + "\n" }.joined()
        }
        if isFinished { out += "\nScore: \(score.right) of \(score.asked)\n" }
        return out
    }
}

extension RESPText {
    /// Lesson time as `m:ss.mmm`.
    static func clock(_ ms: UInt64) -> String {
        let m = ms / 60_000, s = ms / 1000 % 60, f = ms % 1000
        return "\(m):\(s < 10 ? "0" : "")\(s).\(String(f + 1000).dropFirst())"
    }
}
