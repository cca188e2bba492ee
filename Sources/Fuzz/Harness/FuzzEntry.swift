import Foundation
#if FUZZING
import CLibFuzzer
#endif

/// What a fuzz target's `main` does with its harness: built with the fuzzer (`-DFUZZING`),
/// start libFuzzer's driver on it, aborting on the first broken invariant so that
/// libFuzzer saves the input as a crash; built without, replay files of inputs.
public enum FuzzEntry {
    /// A harness: checks one input, returning a description of each property that failed.
    public typealias Harness = @Sendable ([UInt8]) -> [String]

    /// The arguments go to libFuzzer (or, built plainly, name the inputs to replay).
    public static func main(_ harness: @escaping Harness) -> Never {
        #if FUZZING
        current = harness
        // One run before the driver starts: lazily built globals (the command table, the
        // explorer's declared layout) are made now, not inside a fuzzing run, where
        // libFuzzer's leak check takes a global made once for an input's leak.
        _ = harness([])
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in FuzzEntry.run(data, size, FuzzEntry.current!) })
        #else
        replay(Array(CommandLine.arguments.dropFirst()), harness)
        #endif
    }

    /// The harness libFuzzer's callback runs (a C function pointer cannot capture it).
    nonisolated(unsafe) static var current: Harness?

    /// Runs `harness` on libFuzzer's bytes; a failed property aborts with its description.
    public static func run(_ data: UnsafePointer<UInt8>?, _ size: Int, _ harness: Harness) -> Int32 {
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        let problems = harness(bytes)
        if !problems.isEmpty {
            FileHandle.standardError.write(Data(("fuzz: invariant broken:\n" + problems.joined(separator: "\n") + "\n").utf8))
            abort()
        }
        return 0
    }

    /// Replays every file named in `arguments` (directories: every file in them); prints
    /// the broken properties and exits non-zero if any input broke one.
    public static func replay(_ arguments: [String], _ harness: Harness) -> Never {
        var failed = 0, inputs = 0
        for path in FuzzCorpus.files(at: arguments) {
            inputs += 1
            let problems = harness(FuzzCorpus.read(path))
            guard !problems.isEmpty else { continue }
            failed += 1
            print("\(path):\n  " + problems.joined(separator: "\n  "))
        }
        print("replayed \(inputs) inputs, \(failed) failed")
        exit(failed == 0 ? 0 : 1)
    }
}

#if FUZZING
/// The callback the fuzzer runtime's own `main` names. `-sanitize=fuzzer` links that `main`
/// in, but SwiftPM's `--defsym main=<target>_main` makes the target's `main` the one that
/// runs, and it starts the driver itself: this only satisfies the linker.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzEntry.run(data, size, FuzzEntry.current ?? { _ in ["no harness: start the fuzzer through FuzzEntry.main"] })
}
#endif

/// Files of fuzz inputs: a corpus directory, or single files.
public enum FuzzCorpus {
    /// The files at `paths`, directories expanded one level (sorted), hidden files skipped.
    public static func files(at paths: [String]) -> [String] {
        var out: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                out += names.filter { !$0.hasPrefix(".") }.sorted().map { path + "/" + $0 }
            } else {
                out.append(path)
            }
        }
        return out
    }

    /// A file's bytes (empty if it cannot be read).
    public static func read(_ path: String) -> [UInt8] {
        (try? Data(contentsOf: URL(fileURLWithPath: path))).map { Array($0) } ?? []
    }
}
