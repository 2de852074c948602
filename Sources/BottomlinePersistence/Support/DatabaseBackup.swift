import Fluent
import Foundation
import SQLKit
import Vapor

/// `bottomline backup FILE` and `bottomline restore FILE`.
///
/// SQLite: the backup is `VACUUM INTO`, a consistent copy made inside one read transaction, so the server keeps
/// answering (and writing) while it runs; the file is written beside its destination and renamed into place, so a
/// half-written backup never carries the backup's name. Restoring puts the file in place of the database — the server
/// must be stopped first — and keeps the database it replaces beside it as `<file>.before-restore-<time>`.
///
/// PostgreSQL: the backup is `pg_dump --format=custom` and the restore `pg_restore --clean --if-exists
/// --single-transaction` (all or nothing), the client tools of the PostgreSQL installation (Debian: postgresql-client,
/// of the server's major version or newer). The password travels in `PGPASSWORD`, never on a command line. Attachments
/// kept as large objects are in the dump.
///
/// Attachments kept in a folder (beside the SQLite file, or `BOTTOMLINE_FILES_DIR`) are copied after the database to
/// `<backup>.files/`: a file is named by its hash and never changed, so every file the copied rows point at is there
/// already when the copy starts. A restore puts back the files the folder lacks and removes none.
public enum DatabaseBackup {
    /// Where a backup's attachment files go.
    public static func filesFolder(of backup: String) -> String { backup + ".files" }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// Writes a consistent copy of the database at `location` (reached through `db`) to `file`.
    public static func backup(_ db: any Database, location: DatabaseLocation, to file: String) async throws {
        let target = URL(fileURLWithPath: file)
        let directory = target.deletingLastPathComponent().path
        guard FileManager.default.isWritableFile(atPath: directory.isEmpty ? "." : directory) else {
            throw Failure("无法写入备份文件所在目录：\(directory)")
        }
        let partial = file + ".partial-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: partial) }
        switch location {
        case .sqlite:
            guard let sql = db as? any SQLDatabase else { throw Failure("数据库不支持备份") }
            try await sql.raw("VACUUM INTO \(bind: partial)").run()
        case .postgres(let url, let schema):
            var arguments = ["--format=custom", "--no-owner", "--file=\(partial)"]
            // One schema's dump leaves large objects out unless asked for them.
            if let schema { arguments += ["--schema=\(schema)", "--blobs"] }
            try run("pg_dump", arguments, url: url)
        }
        if FileManager.default.fileExists(atPath: file) { try FileManager.default.removeItem(atPath: file) }
        try FileManager.default.moveItem(atPath: partial, toPath: file)
        if case .folder(let dir) = AttachmentStorage.resolve(location) { try copyFiles(from: dir, to: filesFolder(of: file), replacing: true) }
    }

    /// Copies the attachment files of `source` that `target` lacks (content-addressed: two files of one name are the
    /// same bytes). With `replacing`, `target` is built aside and put in place whole. Returns how many were copied.
    @discardableResult
    static func copyFiles(from source: String, to target: String, replacing: Bool) throws -> Int {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: source, isDirectory: &isDirectory), isDirectory.boolValue else {
            if replacing { try? manager.removeItem(atPath: target) }
            return 0
        }
        let destination = replacing ? target + ".partial-\(UUID().uuidString.prefix(8))" : target
        defer { if replacing { try? manager.removeItem(atPath: destination) } }
        var copied = 0
        for prefix in try manager.contentsOfDirectory(atPath: source).sorted() where prefix.count == 2 {
            let folder = source + "/" + prefix
            for name in (try? manager.contentsOfDirectory(atPath: folder)) ?? [] where name.count == 64 && name.allSatisfy(\.isHexDigit) {
                let to = destination + "/" + prefix + "/" + name
                guard !manager.fileExists(atPath: to) else { continue }
                try manager.createDirectory(atPath: destination + "/" + prefix, withIntermediateDirectories: true)
                try manager.copyItem(atPath: folder + "/" + name, toPath: to)
                copied += 1
            }
        }
        if replacing {
            try manager.createDirectory(atPath: destination, withIntermediateDirectories: true)
            try? manager.removeItem(atPath: target)
            try manager.moveItem(atPath: destination, toPath: target)
        }
        return copied
    }

    /// Puts back the attachment files kept beside the backup `file` into the folder this deployment keeps them in.
    /// Returns the folder and how many files it gained, or nil when the backup has no files or they live in the database.
    public static func restoreFiles(from file: String, into location: DatabaseLocation) throws -> (folder: String, copied: Int)? {
        guard case .folder(let dir) = AttachmentStorage.resolve(location), FileManager.default.fileExists(atPath: filesFolder(of: file)) else { return nil }
        do {
            return (dir, try copyFiles(from: filesFolder(of: file), to: dir, replacing: false))
        } catch {
            throw Failure("数据库已恢复，但附件文件未能全部复制到 \(dir)：\(error.localizedDescription)。可再次运行恢复命令补齐。")
        }
    }

    /// Puts the backup `file` in place of the database at `location`. Returns, for SQLite, where the replaced database
    /// was kept (nil when there was none).
    @discardableResult
    public static func restore(from file: String, into location: DatabaseLocation) throws -> String? {
        guard let handle = FileHandle(forReadingAtPath: file) else { throw Failure("无法读取备份文件：\(file)") }
        let head = (try? handle.read(upToCount: 16)) ?? Data()
        try? handle.close()
        switch location {
        case .sqlite(let path):
            guard head == Data("SQLite format 3\0".utf8) else {
                throw Failure("\(file) 不是 SQLite 数据库备份" + (head.starts(with: Data("PGDMP".utf8)) ? "（它是 PostgreSQL 的备份，请设置 DATABASE_URL 后恢复）" : ""))
            }
            let manager = FileManager.default
            var kept: String?
            if manager.fileExists(atPath: path) {
                let stamp = Self.stamp(Date())
                kept = path + ".before-restore-" + stamp
                for suffix in ["", "-wal", "-shm"] where manager.fileExists(atPath: path + suffix) {
                    try manager.moveItem(atPath: path + suffix, toPath: kept! + suffix)
                }
            }
            let partial = path + ".restoring"
            try? manager.removeItem(atPath: partial)
            do {
                try manager.copyItem(atPath: file, toPath: partial)
                try manager.moveItem(atPath: partial, toPath: path)
            } catch {
                try? manager.removeItem(atPath: partial)
                // Nothing half-done: the database that was there goes back.
                if let kept { for suffix in ["", "-wal", "-shm"] { try? manager.moveItem(atPath: kept + suffix, toPath: path + suffix) } }
                throw Failure("恢复失败，原数据库未改动：\(error.localizedDescription)")
            }
            return kept
        case .postgres(let url, _):
            guard head.starts(with: Data("PGDMP".utf8)) else {
                throw Failure("\(file) 不是 pg_dump 自定义格式的备份" + (head.starts(with: Data("SQLite".utf8)) ? "（它是 SQLite 数据库文件，请去掉 DATABASE_URL 并用 --db 指定文件后恢复）" : ""))
            }
            try run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", file], url: url)
            return nil
        }
    }

    static func stamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02d-%02d%02d%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// Runs a PostgreSQL client tool against `url`, the password in the environment rather than the arguments.
    static func run(_ tool: String, _ arguments: [String], url: String) throws {
        guard var parts = URLComponents(string: url) else { throw Failure("DATABASE_URL 格式错误") }
        var environment = ProcessInfo.processInfo.environment
        if let password = parts.password {
            environment["PGPASSWORD"] = password.removingPercentEncoding ?? password
            parts.password = nil
        }
        guard let executable = locate(tool) else {
            throw Failure("未找到 \(tool)：请安装与数据库服务器相同或更新主版本的 PostgreSQL 客户端（Debian：postgresql-client）")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + ["--dbname=\(parts.string ?? url)"]
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure("\(tool) 失败（退出码 \(process.terminationStatus)）：" + String(text.suffix(2000)))
        }
    }

    static func locate(_ tool: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        return paths.map { $0 + "/" + tool }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// Every table's rows and every trigger of a database, as text: what a restored backup is compared with.
public enum DatabaseContents {
    public static func dump(_ db: any Database) async throws -> [String: [String]] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        var out: [String: [String]] = [:]
        if sql.dialect.name == "sqlite" {
            let tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all()
                .map { try $0.decode(column: "name", as: String.self) }
            for table in tables {
                let columns = try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table))").all().map { try $0.decode(column: "name", as: String.self) }
                let expression = columns.map { "quote(\"\($0)\")" }.joined(separator: " || '|' || ")
                out[table] = try await sql.raw("SELECT \(unsafeRaw: expression) AS r FROM \(ident: table)").all()
                    .map { try $0.decode(column: "r", as: String.self) }.sorted()
            }
            out["(triggers)"] = try await sql.raw("SELECT name || ':' || sql AS r FROM sqlite_master WHERE type = 'trigger'").all()
                .map { try $0.decode(column: "r", as: String.self) }.sorted()
        } else {
            let tables = try await sql.raw("""
                SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
                """).all().map { try $0.decode(column: "name", as: String.self) }
            for table in tables {
                out[table] = try await sql.raw("SELECT CAST(x AS TEXT) AS r FROM \(ident: table) x").all()
                    .map { try $0.decode(column: "r", as: String.self) }.sorted()
            }
            out["(triggers)"] = try await sql.raw("""
                SELECT DISTINCT trigger_name::text || ':' || event_object_table::text || ':' || event_manipulation::text || ':' || action_statement::text AS r
                FROM information_schema.triggers WHERE trigger_schema = current_schema()
                """).all().map { try $0.decode(column: "r", as: String.self) }.sorted()
        }
        return out
    }
}
