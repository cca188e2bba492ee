import Testing
import RESP

@Suite("Request parser: inline commands")
struct RequestParserInlineTests {
    func args(_ line: String) -> [String]? {
        let outcome = parseRequests(b(line))
        if outcome.error != nil { return nil }
        return outcome.commands.first.map { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    @Test func plainWordsSplitOnBlanks() {
        #expect(args("SET  key\tvalue\r\n") == ["SET", "key", "value"])
        #expect(args("PING\n") == ["PING"])
        #expect(args("   PING   \r\n") == ["PING"])
    }

    @Test func doubleQuotesUnderstandEscapes() {
        #expect(args("ECHO \"a\\x41\\n\\q\"\r\n") == ["ECHO", "aA\nq"])
        #expect(args("ECHO \"\\r\\t\\b\\a\\\\\\\"\"\r\n") == ["ECHO", "\r\t\u{8}\u{7}\\\""])
        #expect(args("ECHO \"\\x4g\\xZZ\\x41\"\r\n") == ["ECHO", "x4gxZZA"])
        #expect(parseRequests(b("ECHO \"\\x00\\xff\"\r\n")).commands == [[b("ECHO"), [0, 255]]])
    }

    @Test func singleQuotesOnlyEscapeTheQuote() {
        #expect(args("ECHO 'a\\'b'\r\n") == ["ECHO", "a'b"])
        #expect(args("ECHO 'a\\nb'\r\n") == ["ECHO", "a\\nb"])
    }

    @Test func quotesCanOpenMidWordAndBeEmpty() {
        #expect(args("ECHO a\"b c\"\r\n") == ["ECHO", "ab c"])
        #expect(args("ECHO \"\" ''\r\n") == ["ECHO", "", ""])
    }

    @Test func verticalTabAndFormFeedAreLiteralInsideAWord() {
        #expect(args("ECHO a\u{0B}b\r\n") == ["ECHO", "a\u{0B}b"])
        #expect(args("\u{0B}ECHO x\r\n") == ["ECHO", "x"])
    }

    @Test func onlyOneCRBeforeTheNewlineIsStripped() {
        #expect(args("ECHO a\r\rb\n") == ["ECHO", "a", "b"])
        #expect(args("ECHO \"a\r\"\r\n") == ["ECHO", "a\r"])
    }

    @Test func emptyAndBlankLinesAreSkipped() {
        #expect(parseRequests(b("\r\n\n  \r\nPING\r\n")).commands == [[b("PING")]])
    }

    @Test func unbalancedQuotesAreAnError() {
        for line in ["ECHO \"a\"b\r\n", "ECHO 'a'b\r\n", "ECHO \"abc\r\n", "ECHO 'abc\n", "ECHO \"a\\\"\r\n"] {
            #expect(parseRequests(b(line)).error == .unbalancedQuotes, "\(line)")
        }
    }

    @Test func inlineSplitMatchesRecordedRedis() {
        #expect(inlineFixturesFromRedis.count == 400)
        for (lineHex, argsHex) in inlineFixturesFromRedis {
            let outcome = parseRequests(b("RPUSH k ") + fromHex(lineHex) + b("\r\n"))
            if let argsHex {
                #expect(outcome == RequestOutcome(commands: [argsHex.map(fromHex)]), "line \(lineHex)")
            } else {
                #expect(outcome.error == .unbalancedQuotes, "line \(lineHex)")
            }
        }
    }

    @Test func nulHidesTheNewlineLikeRedisStrchr() throws {
        // redis-server 7.0.15 never answers "PING\0\r\nPING\r\n"; past 64 KB it errors.
        var parser = RESPRequestParser()
        parser.append(b("PING\0\r\nPING\r\n"))
        #expect(try parser.next() == nil)
        parser.append([UInt8](repeating: 10, count: 65_536))
        #expect(throws: RESPProtocolError.tooBigInlineRequest) { try parser.next() }
    }
}
