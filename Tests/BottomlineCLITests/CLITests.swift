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
}
