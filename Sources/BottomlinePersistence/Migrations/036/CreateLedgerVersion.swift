import Fluent
import Foundation
import SQLKit

/// A number that changes whenever a ledger the indicator counts read is written — funds, projects, assets, loans,
/// jobs, insurance and the policy settings — by triggers whatever wrote it, so those counts can be kept between
/// dashboard views and read again only after a write (with `registry_version`, since the job figures count only
/// 脱贫户 and 监测户). On PostgreSQL the triggers fire once per statement; SQLite has row triggers only.
struct CreateLedgerVersion: AsyncMigration {
    /// Every table `IndicatorStore.fundCounts` reads (its SQL, `JobStore.figures`, `LoanStore.villageLoans`, the
    /// insurance sums and the policy book); a table added to those queries is added here, or its writes go unseen.
    static let tables = ["fund_batches", "fund_allocations", "fund_payments", "projects", "project_steps", "assets", "asset_incomes",
                         "policy_settings", "loans", "loan_reports", "insurance_schemes", "insurance_claims",
                         "work_spells", "public_posts", "yulu_payments", "skill_records", "transport_subsidies"]

    func prepare(on db: any Database) async throws {
        try await db.schema("ledger_version")
            .field("id", .int, .identifier(auto: false))
            .field("version", .int64, .required)
            .create()
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("INSERT INTO ledger_version (id, version) VALUES (1, 0)").run()
        let bump = "UPDATE ledger_version SET version = version + 1 WHERE id = 1;"
        if sql.dialect.name != "sqlite" {
            try await sql.raw("CREATE FUNCTION ledger_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \(unsafeRaw: bump) RETURN NULL; END $$").run()
        }
        for table in Self.tables {
            if sql.dialect.name == "sqlite" {
                for op in ["INSERT", "UPDATE", "DELETE"] {
                    try await sql.raw("CREATE TRIGGER \(unsafeRaw: table)_ledger_\(unsafeRaw: op.lowercased()) AFTER \(unsafeRaw: op) ON \(unsafeRaw: table) BEGIN \(unsafeRaw: bump) END").run()
                }
            } else {
                try await sql.raw("CREATE TRIGGER \(unsafeRaw: table)_ledger AFTER INSERT OR UPDATE OR DELETE ON \(unsafeRaw: table) FOR EACH STATEMENT EXECUTE FUNCTION ledger_version_bump()").run()
            }
        }
    }

    func revert(on db: any Database) async throws {
        if let sql = db as? any SQLDatabase {
            for table in Self.tables {
                if sql.dialect.name == "sqlite" {
                    for op in ["insert", "update", "delete"] { try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_ledger_\(unsafeRaw: op)").run() }
                } else {
                    try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_ledger ON \(unsafeRaw: table)").run()
                }
            }
            if sql.dialect.name != "sqlite" { try await sql.raw("DROP FUNCTION IF EXISTS ledger_version_bump()").run() }
        }
        try await db.schema("ledger_version").delete()
    }
}
