import ArgumentParser
import Foundation
import Testing
@testable import BottomlineCLI

@Suite("命令行")
struct CLITests {
    @Test("every documented subcommand parses, and a bad household count is refused")
    func parsing() throws {
        #expect(throws: Never.self) { try BottomlineCommand.parseAsRoot(["serve", "--hostname", "0.0.0.0", "--port", "9000", "--db", "x.sqlite"]) }
        #expect(throws: Never.self) { try BottomlineCommand.parseAsRoot(["demo", "--households", "1000", "--seed", "7"]) }
        #expect(throws: Never.self) { try BottomlineCommand.parseAsRoot(["user", "add", "li", "--role", "village", "--region", "411681101201", "--password", "abc12345"]) }
        #expect(throws: (any Error).self) { try BottomlineCommand.parseAsRoot(["demo", "--households", "0"]) }
        #expect(throws: (any Error).self) { try BottomlineCommand.parseAsRoot(["demo", "--households", "many"]) }
    }

    @Test("a backup or restore that cannot be done says why, without the usage text a mistyped command gets")
    func failuresSayWhy() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let database = "\(folder)/county.sqlite"
        for (arguments, reason) in [(["restore", "\(folder)/missing.sqlite", "--db", database, "--yes"], "无法读取备份文件"),
                                    (["backup", "\(folder)/no/such/folder/copy.sqlite", "--db", database], "无法写入备份文件所在目录")] {
            var command = try BottomlineCommand.parseAsRoot(arguments)
            do {
                if var asynchronous = command as? any AsyncParsableCommand { try await asynchronous.run() } else { try command.run() }
                Issue.record("\(arguments[0]) went through")
            } catch {
                let message = BottomlineCommand.fullMessage(for: error)
                #expect(message.contains(reason), "\(message)")
                #expect(!message.contains("Usage"), "\(message)")
                #expect(BottomlineCommand.exitCode(for: error) != .success)
            }
        }
        // A mistyped command still gets its usage.
        do {
            _ = try BottomlineCommand.parseAsRoot(["restore", "--db", database])
            Issue.record("a restore without a file parsed")
        } catch {
            #expect(BottomlineCommand.fullMessage(for: error).contains("Usage"))
        }
    }
}
