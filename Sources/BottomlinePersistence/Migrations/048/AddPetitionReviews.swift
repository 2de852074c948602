import Fluent
import SQLKit

/// 涉贫信访, the rest of its ledger (issue 17 §3): whether a petition counts (有效件; a repeat of an earlier one or a
/// matter not within 信访 is marked, with the reason), the earlier petition it repeats, 督办 by a higher level, and the
/// 复查 and 复核 asked and answered. Petitions also join the ledgers whose writes the indicator counts watch, since
/// 信访 rates are now indicators.
struct AddPetitionReviews: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // SQLite adds one column a statement.
        try await db.schema("petitions").field("effective", .bool, .required, .sql(.default(true))).update()
        try await db.schema("petitions").field("not_effective_reason", .string, .required, .sql(.default(""))).update()
        try await db.schema("petitions").field("repeat_of", .uuid).update()
        try await db.schema("petitions").field("supervised_on", .string).update()
        try await db.schema("petitions").field("supervised_by", .string, .required, .sql(.default(""))).update()
        for field in ["review_requested_on", "review_answered_on", "recheck_requested_on", "recheck_answered_on"] {
            try await db.schema("petitions").field(.string(field), .string).update()
        }
        guard let sql = db as? any SQLDatabase else { return }
        let bump = "UPDATE ledger_version SET version = version + 1 WHERE id = 1;"
        if sql.dialect.name == "sqlite" {
            for op in ["INSERT", "UPDATE", "DELETE"] {
                try await sql.raw("CREATE TRIGGER petitions_ledger_\(unsafeRaw: op.lowercased()) AFTER \(unsafeRaw: op) ON petitions BEGIN \(unsafeRaw: bump) END").run()
            }
        } else {
            try await sql.raw("CREATE TRIGGER petitions_ledger AFTER INSERT OR UPDATE OR DELETE ON petitions FOR EACH STATEMENT EXECUTE FUNCTION ledger_version_bump()").run()
        }
    }

    func revert(on db: any Database) async throws {
        if let sql = db as? any SQLDatabase {
            if sql.dialect.name == "sqlite" {
                for op in ["insert", "update", "delete"] { try await sql.raw("DROP TRIGGER IF EXISTS petitions_ledger_\(unsafeRaw: op)").run() }
            } else {
                try await sql.raw("DROP TRIGGER IF EXISTS petitions_ledger ON petitions").run()
            }
        }
        for field in ["effective", "not_effective_reason", "repeat_of", "supervised_on", "supervised_by", "review_requested_on", "review_answered_on",
                      "recheck_requested_on", "recheck_answered_on"] {
            try await db.schema("petitions").deleteField(.string(field)).update()
        }
    }
}
