import BottomlineDomain
import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// A file attached to a record.
public final class AttachmentRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "attachments"
    @ID(key: .id) public var id: UUID?
    /// What it is attached to: "problem" or "petition".
    @Field(key: "owner") public var owner: String
    @Field(key: "owner_id") public var ownerID: UUID
    @Field(key: "village_code") public var villageCode: String
    @OptionalField(key: "household_id") public var householdID: UUID?
    @Field(key: "name") public var name: String
    @Field(key: "kind") public var kind: String
    @Field(key: "bytes") public var bytes: Int
    @Field(key: "sha256") public var sha256: String
    /// Where the bytes are: "file:<sha256>" in the folder, "lo:<oid>" in a PostgreSQL large object.
    @Field(key: "storage_key") public var storageKey: String
    @Field(key: "created_by") public var createdBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}

    public var kindValue: AttachmentKind? { AttachmentKind(rawValue: kind) }
}

/// Where attachments' bytes live: a folder (beside the SQLite file by default, or `BOTTOMLINE_FILES_DIR`), or
/// PostgreSQL large objects when the database is PostgreSQL and no folder is configured.
public enum AttachmentStorage: Sendable, Equatable {
    case folder(String)
    case largeObjects

    public static func resolve(_ location: DatabaseLocation, environment: [String: String] = ProcessInfo.processInfo.environment) -> AttachmentStorage {
        if let dir = environment["BOTTOMLINE_FILES_DIR"], !dir.isEmpty { return .folder(dir) }
        switch location {
        case .sqlite(let path): return .folder(path + ".files")
        case .postgres: return .largeObjects
        }
    }

    /// Writes the bytes and returns their key; `created` learns the path of a file this call added to the folder.
    func write(_ data: Data, sha: String, on db: any Database, created: StoredBytes) async throws -> String {
        switch self {
        case .folder(let dir):
            let folder = URL(fileURLWithPath: dir).appendingPathComponent(String(sha.prefix(2)))
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let file = folder.appendingPathComponent(sha)
            // Content-addressed: the same bytes are kept once.
            if !FileManager.default.fileExists(atPath: file.path) {
                try data.write(to: file, options: .atomic)
                created.path = file.path
            }
            return "file:\(sha)"
        case .largeObjects:
            guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "附件存储不可用") }
            struct Row: Decodable { var oid: Int64 }
            guard let row = try await sql.raw("SELECT lo_from_bytea(0, \(bind: data))::bigint AS oid").first(decoding: Row.self) else {
                throw Abort(.internalServerError, reason: "附件未能保存")
            }
            return "lo:\(row.oid)"
        }
    }

    func read(_ key: String, on db: any Database) async throws -> Data? {
        if key.hasPrefix("file:"), case .folder(let dir) = self {
            let sha = String(key.dropFirst(5))
            guard sha.count == 64, sha.allSatisfy(\.isHexDigit) else { return nil }
            return FileManager.default.contents(atPath: URL(fileURLWithPath: dir).appendingPathComponent(String(sha.prefix(2))).appendingPathComponent(sha).path)
        }
        if key.hasPrefix("lo:"), let oid = Int64(key.dropFirst(3)), let sql = db as? any SQLDatabase {
            struct Row: Decodable { var data: Data }
            // A large object that is gone reads as no file (404), not as a database error.
            return try await sql.raw("SELECT lo_get(oid) AS data FROM pg_largeobject_metadata WHERE oid = \(bind: oid)::oid").first(decoding: Row.self).map(\.data)
        }
        return nil
    }
}

/// The file an upload added to the attachments folder, if it added one, so that a failed row write can take it away.
final class StoredBytes: @unchecked Sendable {
    var path: String?
}

/// Files attached to records of the actor's region: checked by content, size and name, kept by hash, read only through
/// the record's village; every upload and every download audited.
public struct AttachmentStore: Sendable {
    public let registry: ScopedRegistry
    public let storage: AttachmentStorage
    public init(_ registry: ScopedRegistry, storage: AttachmentStorage) {
        self.registry = registry
        self.storage = storage
    }
    var db: any Database { registry.db }

    /// The owner's place and household: a problem, a petition or a monitoring case's step the actor can see, else nil
    /// (404 to the caller). `record` is the page the owner is shown on: the case for a step, else the owner itself.
    public func owner(_ kind: String, _ id: UUID) async throws -> (village: String, household: UUID?, record: UUID)? {
        switch kind {
        case "problem": return try await registry.scoped(ProblemRecord.self).filter(\.$id == id).first().map { ($0.villageCode, $0.householdID, id) }
        case "petition": return try await registry.scoped(PetitionRecord.self).filter(\.$id == id).first().map { ($0.villageCode, $0.householdID, id) }
        case "case_step":
            // A step has no village of its own: it is reached through its case, which is scoped.
            guard let step = try await CaseStepRecord.find(id, on: db),
                  let c = try await registry.scoped(CaseRecord.self).filter(\.$id == step.caseID).first() else { return nil }
            return (c.villageCode, c.householdID, c.id!)
        default: return nil
        }
    }

    /// Attaches the file at `path` (a streamed upload) named `filename` to the record.
    @discardableResult
    public func attach(to kind: String, _ id: UUID, filename: String, path: String) async throws -> AttachmentRecord {
        guard registry.actor.role.stepLevel != nil else { throw FieldProblems(["file": "附件由村、乡镇、县级干部上传"]) }
        guard let owner = try await owner(kind, id) else { throw FieldProblems(["file": "没有找到该记录"]) }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= AttachmentKind.maxBytes else { throw FieldProblems(["file": "文件超过\(AttachmentKind.maxBytes / 1024 / 1024) MB，请压缩后再上传"]) }
        let data = FileManager.default.contents(atPath: path) ?? Data()
        let name = AttachmentKind.cleanName(filename)
        let kindFound: AttachmentKind
        switch AttachmentKind.check(filename: name, head: Array(data.prefix(16)), bytes: data.count) {
        case .success(let k): kindFound = k
        case .failure(let p): throw FieldProblems(["file": p.message])
        }
        let sha = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let r = AttachmentRecord()
        (r.id, r.owner, r.ownerID, r.villageCode, r.householdID, r.name, r.kind) = (UUID(), kind, id, owner.village, owner.household, name, kindFound.rawValue)
        (r.bytes, r.sha256, r.createdBy) = (data.count, sha, registry.actor.username)
        let actor = registry.actor, storage = storage
        let stored = StoredBytes()
        do {
            try await db.writeTransaction { tx in
                // Inside the row's transaction: a large object is rolled back with a row that fails to be written,
                // rather than left behind with nothing pointing at it.
                r.storageKey = try await storage.write(data, sha: sha, on: tx, created: stored)
                try await r.create(on: tx)
                try await AuditLog.record(on: tx, actor: actor, action: .create, entity: "attachment", entityID: r.id!.uuidString, householdID: r.householdID,
                                          region: r.villageCode, summary: "上传附件“\(name)”（\(kindFound.label)，\(data.count)字节，SHA-256 \(sha.prefix(12))…）")
            }
        } catch {
            // A file this upload put in the folder goes too; one that was already there belongs to other rows.
            if let path = stored.path { try? FileManager.default.removeItem(atPath: path) }
            throw error
        }
        return r
    }

    /// The file and its bytes when the actor's region holds it; nil otherwise (the caller answers 404 either way).
    public func open(_ id: UUID) async throws -> (AttachmentRecord, Data)? {
        guard let a = try await registry.scoped(AttachmentRecord.self).filter(\.$id == id).first(), let data = try await storage.read(a.storageKey, on: db) else { return nil }
        try await AuditLog.record(on: db, actor: registry.actor, action: .viewFile, entity: "attachment", entityID: a.id!.uuidString, householdID: a.householdID,
                                  region: a.villageCode, summary: "查看附件“\(a.name)”")
        return (a, data)
    }
}

extension ScopedRegistry {
    /// The files attached to these records of the region, oldest first.
    public func attachments(of kind: String, _ ids: [UUID]) async throws -> [UUID: [AttachmentRecord]] {
        guard !ids.isEmpty else { return [:] }
        var out: [UUID: [AttachmentRecord]] = [:]
        for chunk in ids.chunked() {
            for a in try await scoped(AttachmentRecord.self).filter(\.$owner == kind).filter(\.$ownerID ~~ chunk).sort(\.$createdAt).all() {
                out[a.ownerID, default: []].append(a)
            }
        }
        return out
    }

}
