import StreamEngine

/// The lesson's own clockwork: the start, chapters, checkpoints and script steps.
extension Simulation {
    func runQueued() -> Draft? {
        if !state.begun {
            state.begun = true
            return chapterTitle(0)
        }
        let action = state.queue.removeFirst()
        switch action {
        case .setUpGroup(let g): return setUpGroup(g)
        case .produce(let p): return produce(p)
        case .crash(let c): return crash(c)
        case .addConsumer(let name, let template): return addConsumer(name: name, template: template)
        case .deadLetter(let c, let id): return deadLetter(consumer: c, id: id)
        case .manual(let commands, let atomic): return manual(commands, atomic: atomic)
        }
    }

    /// Commands the user ran by hand: run as they are, narrated as theirs.
    func manual(_ commands: [[[UInt8]]], atomic: Bool) -> Draft {
        let replies = commands.map(execute)
        let name = commands.first.flatMap(\.first).map { String(decoding: $0, as: UTF8.self).uppercased() } ?? "?"
        let what = commands.count == 1 ? name : "\(commands.count) commands"
        return Draft(sentence: "you run \(what) by hand", commands: commands, replies: replies, atomic: atomic && commands.count > 1)
    }

    func chapterTitle(_ i: Int) -> Draft {
        Draft(sentence: "Chapter \(i + 1): \(plan.spec.chapters[i].title)", kind: .chapter)
    }

    func endChapter() -> Draft? {
        state.eventsInChapter = 0
        if state.chapter + 1 >= plan.spec.chapters.count {
            state.finished = true
            return Draft(sentence: "The end of the lesson.", kind: .chapter)
        }
        state.chapter += 1
        return chapterTitle(state.chapter)
    }

    func askQuestion() -> Draft? {
        let number: Int
        if !state.dueQuestions.isEmpty {
            number = state.dueQuestions.removeFirst()
        } else {
            number = plan.timedQuestions[state.nextTimedQuestion]
            state.nextTimedQuestion += 1
        }
        if !isAnswered(number) { state.halted = number }
        return Draft(sentence: "Question: " + plan.questions[number].spec.question, kind: .checkpoint, checkpoint: number)
    }

    func setUpGroup(_ g: Int) -> Draft {
        let group = plan.groups[g]
        let args = command(["XGROUP", "CREATE", plan.streams[group.stream], group.name, group.start, "MKSTREAM"])
        let reply = execute(args)
        let from = group.start == "$" ? "only entries added from now on" : "everything after \(group.start)"
        return Draft(sentence: "group \(group.name) is created on \(plan.streams[group.stream]): it will read \(from)",
                     commands: [args], replies: [reply])
    }

    func runStep() -> Draft? {
        let step = plan.steps[state.nextStep]
        state.nextStep += 1
        var draft = stepDraft(step.spec)
        draft?.name = step.spec.name
        if draft == nil, let name = step.spec.name {
            // A step that did nothing (its consumer was already down) still lets its questions come.
            state.dueQuestions += plan.questions.indices.filter { plan.questions[$0].spec.after == name }
        }
        return draft
    }

    private func stepDraft(_ s: ScriptStep) -> Draft? {
        if let text = s.say { return Draft(sentence: text, kind: .narration) }
        if let words = s.command {
            let args = command(words.map(expand))
            let reply = execute(args)
            return Draft(sentence: s.sentence ?? "you run \(words[0].uppercased())", commands: [args], replies: [reply])
        }
        if let name = s.crash, let c = consumerIndex(name) { return crash(c) }
        if let name = s.restart, let c = consumerIndex(name) { return restart(c) }
        if let n = s.burst {
            guard let p = burstProducer() else { return nil }
            state.queue += Array(repeating: .produce(p), count: n)
            return Draft(sentence: "a burst of \(n) entries arrives at once", kind: .narration)
        }
        if let name = s.addConsumer {
            let template = (plan.spec.consumers ?? []).indices.first { state.consumers[$0].group == plan.mainGroup } ?? 0
            return addConsumer(name: name, template: template)
        }
        if let x = s.xclaim { return xclaim(x) }
        if let policy = s.fsync { return setFsync(policy) }
        if let kind = s.serverCrash { return serverCrash(kind) }
        if let group = s.report, let g = plan.group(named: group) { return report(g) }
        if let n = s.kafkaPartitions {
            return Draft(sentence: "On the Kafka side, the topic gains \(n) partition\(n == 1 ? "" : "s") (Redis has nothing to change)",
                         kind: .narration, action: .partitionsAdded(count: n))
        }
        return nil
    }

    /// `{t:MS}` → the ID time (epoch ms) of lesson time MS; `{now}` → the current one.
    func expand(_ word: String) -> String {
        var out = word.replacing("{now}", with: String(plan.base + state.now))
        while let open = out.firstRange(of: "{t:"), let close = out[open.upperBound...].firstIndex(of: "}") {
            let ms = UInt64(out[open.upperBound..<close]) ?? 0
            // Saturating: a file may write any number there.
            out.replaceSubrange(open.lowerBound...close, with: String(plan.base + min(ms, UInt64.max - plan.base)))
        }
        return out
    }

    /// XINFO GROUPS, told as the group's position: entries read, lag, and how old the
    /// oldest entry it has not been given is.
    func report(_ g: Int) -> Draft {
        let group = plan.groups[g]
        let args = command(["XINFO", "GROUPS", plan.streams[group.stream]])
        let reply = execute(args)
        var sentence = "group \(group.name): "
        if let stream = stream(group.stream), let cg = consumerGroup(g) {
            let lag = stream.lag(of: cg, dialect: server.keyspace.dialect).map { RESPText.count(Int($0), "entry", "entries") + " behind" } ?? "lag unknown"
            sentence += "\(cg.entriesRead.map { "\($0) read" } ?? "entries read unknown"), \(lag), \(cg.pendingCount) pending, "
                + "\(RESPText.count(Int(stream.length), "entry", "entries")) in the stream"
            if let from = cg.lastID.incremented(), let next = stream.range(from: from, to: .max, count: 1).first {
                let age = plan.base + state.now - min(next.id.ms, plan.base + state.now)
                sentence += "; the oldest entry not yet given out has waited \(RESPText.seconds(age))"
            } else {
                sentence += "; nothing waits to be given out"
            }
        }
        return Draft(sentence: sentence, commands: [args], replies: [reply], name: "report")
    }

    func consumerIndex(_ name: String) -> Int? { state.consumers.firstIndex { $0.name == name } }

    /// The producer a burst copies: the first one writing to the main stream.
    func burstProducer() -> Int? {
        plan.producers.firstIndex { $0.stream == plan.main } ?? (plan.producers.isEmpty ? nil : 0)
    }
}
