import BottomlineDomain
import Fluent
import SQLKit

/// Every migration, in order. The same list runs on SQLite and PostgreSQL.
public enum BottomlineMigrations {
    public static var all: [any Migration] {
        [
            // 001: administrative hierarchy, loaded with the shipped Henan data.
            CreateRegions(), SeedHenanRegions(),
            // 002: the registry.
            CreateHouseholds(), CreatePersons(), CreateIncomes(), CreateMembershipEvents(),
            // 003: users, sessions, audit and import batches.
            CreateUsers(), SessionRecord.migration, CreateAuditLog(), CreateImportBatches(),
            // 004: households closed by merging stay on record with a status.
            AddHouseholdStatus(),
            // 005: effective-dated policy parameters, with the national defaults for Henan.
            CreatePolicySettings(), SeedPolicyDefaults(),
            // 006: lists read active households of a region in number order; one index answers filter, count and order.
            IndexActiveHouseholds(),
            // 007: 帮扶责任人 pairings, dated.
            CreateHelperAssignments(),
            // 008: the lifecycle: clues, identification and elimination cases with their steps, measures, visits.
            CreateLifecycle(),
            // 009: the wording of 监测对象类别, 风险类型 and 帮扶措施类别, effective-dated like the parameters.
            CreateCodeLabels(),
            // 010: departmental screening: rules (with the shipped defaults), files, bad rows, warnings, feed tokens.
            CreateScreening(), SeedScreeningRules(),
            // 011: monthly sums per household and rule, so rolling windows span monthly files.
            CreateFeedSums(),
            // 012: month-end indicator snapshots per village.
            CreateIndicatorSnapshots(),
            // 013: weights of the quarterly township score, effective-dated per region.
            CreateScoreWeights(),
            // 014: saved bulletin definitions.
            CreateBulletins(),
            // 015: indicator tallies per village and township, kept current by triggers that note changed villages.
            CreateIndicatorTallies(),
            // 016: one row per month-end freeze, so the list of frozen months does not read every frozen village.
            CreateIndicatorFreezes(),
        ]
    }
}

func createIndex(_ db: any Database, _ name: String, on table: String, _ columns: [String], unique: Bool = false) async throws {
    guard let sql = db as? any SQLDatabase else { return }
    var builder = sql.create(index: name).on(table)
    for column in columns { builder = builder.column(column) }
    if unique { builder = builder.unique() }
    try await builder.run()
}

struct CreateRegions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("regions")
            .field("code", .string, .identifier(auto: false))
            .field("parent_code", .string)
            .field("level", .int, .required)
            .field("name", .string, .required)
            .create()
        try await createIndex(db, "regions_parent", on: "regions", ["parent_code"])
    }
    func revert(on db: any Database) async throws { try await db.schema("regions").delete() }
}

struct SeedHenanRegions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let regions = try DivisionCatalog.henan()
        try await RegionStore.upsert(regions, on: db)
    }
    func revert(on db: any Database) async throws { try await RegionRecord.query(on: db).delete() }
}

struct CreateHouseholds: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("households")
            .id()
            .field("number", .string, .required)
            .field("village_code", .string, .required)
            .field("address", .string, .required)
            .field("phone", .string)
            .field("category", .string, .required)
            .field("relocated", .bool, .required)
            .field("householder_id", .uuid)
            .field("householder_name", .string, .required)
            .field("member_count", .int, .required)
            .field("housing_grade", .string)
            .field("water_secure", .bool)
            .field("monitoring_category", .string)
            .field("monitoring_since", .string)
            .field("has_labour", .bool, .required)
            .field("gap_housing", .bool, .required)
            .field("gap_education", .bool, .required)
            .field("gap_medical", .bool, .required)
            .field("gap_water", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "number")
            .create()
        try await createIndex(db, "households_village", on: "households", ["village_code", "number"])
        try await createIndex(db, "households_householder_name", on: "households", ["householder_name"])
    }
    func revert(on db: any Database) async throws { try await db.schema("households").delete() }
}

struct CreatePersons: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("persons")
            .id()
            .field("household_id", .uuid, .required, .references("households", "id"))
            .field("id_number", .string, .required)
            .field("name", .string, .required)
            .field("sex", .string, .required)
            .field("birth_date", .string, .required)
            .field("relation", .string, .required)
            .field("labour", .string)
            .field("health", .string)
            .field("disability", .string)
            .field("education", .string)
            .field("medical_insured", .bool)
            .field("employment", .string)
            .field("work_place", .string)
            .field("status", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "id_number")
            .create()
        try await createIndex(db, "persons_household", on: "persons", ["household_id"])
        try await createIndex(db, "persons_name", on: "persons", ["name"])
    }
    func revert(on db: any Database) async throws { try await db.schema("persons").delete() }
}

struct CreateIncomes: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("household_incomes")
            .id()
            .field("household_id", .uuid, .required, .references("households", "id"))
            .field("year", .int, .required)
            .field("wages", .int64, .required)
            .field("business", .int64, .required)
            .field("property", .int64, .required)
            .field("transfers", .int64, .required)
            .field("business_costs", .int64, .required)
            .field("compliant_self_paid", .int64, .required)
            .field("member_count", .int, .required)
            .field("updated_at", .datetime)
            .unique(on: "household_id", "year")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("household_incomes").delete() }
}

struct CreateMembershipEvents: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("membership_events")
            .id()
            .field("household_id", .uuid, .required, .references("households", "id"))
            .field("person_id", .uuid)
            .field("kind", .string, .required)
            .field("event_date", .string, .required)
            .field("note", .string, .required)
            .field("other_household_id", .uuid)
            .field("recorded_by", .uuid)
            .field("recorded_at", .datetime)
            .create()
        try await createIndex(db, "membership_events_household", on: "membership_events", ["household_id"])
    }
    func revert(on db: any Database) async throws { try await db.schema("membership_events").delete() }
}

struct CreateUsers: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("users")
            .id()
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("role", .string, .required)
            .field("region_code", .string, .required)
            .field("password_hash", .string, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "username")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("users").delete() }
}

struct CreateAuditLog: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("audit_log")
            .id()
            .field("at", .datetime, .required)
            .field("user_id", .uuid)
            .field("username", .string, .required)
            .field("action", .string, .required)
            .field("entity", .string, .required)
            .field("entity_id", .string)
            .field("household_id", .uuid)
            .field("region_code", .string)
            .field("summary", .string, .required)
            .field("before", .string)
            .field("after", .string)
            .create()
        try await createIndex(db, "audit_household", on: "audit_log", ["household_id", "at"])
        try await createIndex(db, "audit_user", on: "audit_log", ["user_id", "at"])
        // Append-only: the database itself refuses to change or remove an audit row.
        guard let sql = db as? any SQLDatabase else { return }
        if sql.dialect.name == "sqlite" {
            try await sql.raw("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END").run()
            try await sql.raw("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END").run()
        } else {
            try await sql.raw("CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$").run()
            try await sql.raw("CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()").run()
        }
    }
    func revert(on db: any Database) async throws {
        if let sql = db as? any SQLDatabase, sql.dialect.name != "sqlite" {
            try await sql.raw("DROP FUNCTION IF EXISTS audit_log_append_only() CASCADE").run()
        }
        try await db.schema("audit_log").delete()
    }
}

struct CreateImportBatches: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("import_batches")
            .id()
            .field("filename", .string, .required)
            .field("sha256", .string, .required)
            .field("rows", .int, .required)
            .field("households_added", .int, .required)
            .field("persons_added", .int, .required)
            .field("persons_updated", .int, .required)
            .field("user_id", .uuid)
            .field("created_at", .datetime)
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("import_batches").delete() }
}

struct AddHouseholdStatus: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("households")
            .field("status", .string, .required, .sql(.default(HouseholdStatus.active.rawValue)))
            .update()
    }
    func revert(on db: any Database) async throws {
        try await db.schema("households").deleteField("status").update()
    }
}

struct CreatePolicySettings: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("policy_settings")
            .id()
            .field("parameter", .string, .required)
            .field("region_code", .string, .required)
            .field("effective_from", .string, .required)
            .field("value", .string, .required)
            .field("source", .string, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .unique(on: "parameter", "region_code", "effective_from")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("policy_settings").delete() }
}

/// The national rules that every province applies (policy-rules.md §3, §6, and the 2026 naming). The monitoring
/// line is not among them: each province sets its own yearly, and Henan's values were not found, so a deployment
/// enters them.
struct SeedPolicyDefaults: AsyncMigration {
    static let defaults: [(PolicyParameter, String, String, String)] = [
        (.noticeDays, "2021-01-01", "5", "公示不少于5天（国家规定）"),
        (.identificationDeadlineDays, "2021-01-01", "15", "从发现风险线索到完成识别不超过15天（国家规定）"),
        (.clueVerificationDays, "2021-01-01", "7", "线索核实默认7天"),
        (.visitIntervalDays, "2021-01-01", "30", "监测户每月至少走访一次（默认）"),
        (.eliminationMinimumMonths, "2021-01-01", "6", "纳入后一般满6个月方可风险消除"),
        (.stableIncomeMonths, "2021-01-01", "6", "收入稳定超过监测标准半年以上"),
        (.monitoringObjectName, "2021-01-01", "防止返贫监测对象", "2021年起的名称"),
        (.monitoringObjectName, "2026-02-03", "防止返贫致贫对象", "2026年中央一号文件"),
    ]

    func prepare(on db: any Database) async throws {
        for (parameter, date, value, source) in Self.defaults {
            let record = PolicySettingRecord()
            record.parameter = parameter.rawValue
            record.regionCode = "41"
            record.effectiveFrom = date
            record.value = value
            record.source = source
            try await record.create(on: db)
        }
    }
    func revert(on db: any Database) async throws { try await PolicySettingRecord.query(on: db).delete() }
}

struct CreateCodeLabels: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("code_labels")
            .id()
            .field("list", .string, .required)
            .field("code", .string, .required)
            .field("region_code", .string, .required)
            .field("effective_from", .string, .required)
            .field("label", .string, .required)
            .field("in_use", .bool, .required)
            .field("source", .string, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .unique(on: "list", "code", "region_code", "effective_from")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("code_labels").delete() }
}

struct CreateScreening: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("screening_rules")
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("feed", .string, .required)
            .field("filters", .string, .required)
            .field("measure", .string, .required)
            .field("threshold_alleviated", .int64)
            .field("threshold_monitored", .int64)
            .field("threshold_ordinary", .int64)
            .field("window_months", .int, .required)
            .field("risk_type", .string)
            .field("only_labourer", .bool, .required)
            .field("region_code", .string, .required)
            .field("effective_from", .string, .required)
            .field("effective_to", .string)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .unique(on: "code", "region_code", "effective_from")
            .create()
        try await db.schema("feed_files")
            .id()
            .field("kind", .string, .required)
            .field("sha256", .string, .required)
            .field("filename", .string, .required)
            .field("byte_count", .int, .required)
            .field("content", .data, .required)
            .field("region_code", .string, .required)
            .field("uploaded_by", .string, .required)
            .field("channel", .string, .required)
            .field("encoding", .string, .required)
            .field("as_of", .string, .required)
            .field("rows_read", .int, .required)
            .field("rows_bad", .int, .required)
            .field("rows_unmatched", .int, .required)
            .field("rows_matched", .int, .required)
            .field("warnings_new", .int, .required)
            .field("created_at", .datetime)
            .unique(on: "sha256", "kind", "region_code")
            .create()
        try await db.schema("feed_bad_rows")
            .id()
            .field("file_id", .uuid, .required, .references("feed_files", "id"))
            .field("line", .int, .required)
            .field("reason", .string, .required)
            .create()
        try await createIndex(db, "feed_bad_rows_file", on: "feed_bad_rows", ["file_id", "line"])
        try await db.schema("warnings")
            .id()
            .field("household_id", .uuid, .required, .references("households", "id"))
            .field("village_code", .string, .required)
            .field("rule_code", .string, .required)
            .field("rule_name", .string, .required)
            .field("feed", .string, .required)
            .field("file_id", .uuid, .required, .references("feed_files", "id"))
            .field("value", .int64, .required)
            .field("is_sum", .bool, .required)
            .field("lines", .string, .required)
            .field("rows_counted", .int, .required)
            .field("last_evidence_on", .string, .required)
            .field("risk_type", .string)
            .field("exclusion", .bool, .required)
            .field("status", .string, .required)
            .field("disposition", .string)
            .field("note", .string)
            .field("raised_on", .string, .required)
            .field("due_on", .string, .required)
            .field("closed_on", .string)
            .field("closed_by", .string)
            .field("clue_id", .uuid)
            .field("repeat_count", .int, .required)
            .field("created_at", .datetime)
            .create()
        try await createIndex(db, "warnings_village_status", on: "warnings", ["village_code", "status", "due_on"])
        try await createIndex(db, "warnings_household_rule", on: "warnings", ["household_id", "rule_code"])
        try await db.schema("feed_tokens")
            .id()
            .field("name", .string, .required)
            .field("kinds", .string, .required)
            .field("region_code", .string, .required)
            .field("token_hash", .string, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }
    func revert(on db: any Database) async throws {
        for table in ["feed_tokens", "warnings", "feed_bad_rows", "feed_files", "screening_rules"] { try await db.schema(table).delete() }
    }
}

struct CreateFeedSums: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("feed_sums")
            .id()
            .field("file_id", .uuid, .required, .references("feed_files", "id"))
            .field("feed", .string, .required)
            .field("household_id", .uuid, .required, .references("households", "id"))
            .field("village_code", .string, .required)
            .field("rule_code", .string, .required)
            .field("month", .string, .required)
            .field("value", .int64, .required)
            .field("rows", .int, .required)
            .create()
        try await createIndex(db, "feed_sums_feed_month", on: "feed_sums", ["feed", "month", "village_code"])
        try await db.schema("warnings").field("prior_rows", .int).update()
    }
    func revert(on db: any Database) async throws {
        try await db.schema("warnings").deleteField("prior_rows").update()
        try await db.schema("feed_sums").delete()
    }
}

struct CreateIndicatorSnapshots: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("indicator_snapshots")
            .id()
            .field("period", .string, .required)
            .field("village_code", .string, .required)
            .field("counts", .string, .required)
            .field("frozen_by", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "period", "village_code")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("indicator_snapshots").delete() }
}

struct CreateScoreWeights: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("score_weights")
            .id()
            .field("region_code", .string, .required)
            .field("effective_from", .string, .required)
            .field("weights", .string, .required)
            .field("source", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "region_code", "effective_from")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("score_weights").delete() }
}

struct CreateBulletins: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("bulletins")
            .id()
            .field("region_code", .string, .required)
            .field("title", .string, .required)
            .field("columns", .string, .required)
            .field("rank_code", .string, .required)
            .field("footnote", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema("bulletins").delete() }
}

/// The default rules, for Henan, from the start of the current mechanism.
struct SeedScreeningRules: AsyncMigration {
    func prepare(on db: any Database) async throws {
        for rule in ScreeningRule.defaults(from: CivilDate(year: 2021, month: 1, day: 1)!) {
            try await ScreeningRuleRecord(rule, region: RegionCode("41")!).create(on: db)
        }
    }
    func revert(on db: any Database) async throws { try await ScreeningRuleRecord.query(on: db).delete() }
}

struct IndexActiveHouseholds: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await createIndex(db, "households_active_village", on: "households", ["status", "village_code", "number"])
    }
    func revert(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.drop(index: "households_active_village").run()
    }
}

struct CreateHelperAssignments: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("helper_assignments")
            .id()
            .field("household_id", .uuid, .required, .references("households", "id"))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("start_date", .string, .required)
            .field("end_date", .string)
            .field("assigned_by", .uuid)
            .field("created_at", .datetime)
            .create()
        try await createIndex(db, "helper_assignments_household", on: "helper_assignments", ["household_id", "start_date"])
        try await createIndex(db, "helper_assignments_user", on: "helper_assignments", ["user_id", "end_date"])
    }
    func revert(on db: any Database) async throws { try await db.schema("helper_assignments").delete() }
}

struct CreateLifecycle: AsyncMigration {
    func prepare(on db: any Database) async throws {
        for field in ["risk_types", "risk_eliminated_on", "elimination_method", "last_visit_on"] {
            try await db.schema("households").field(.definition(name: .key(FieldKey(stringLiteral: field)), dataType: .string, constraints: [])).update()
        }
        try await createIndex(db, "households_monitoring", on: "households", ["monitoring_category", "village_code"])
        try await db.schema("clues")
            .id()
            .field("village_code", .string, .required)
            .field("household_id", .uuid, .references("households", "id"))
            .field("source", .string, .required)
            .field("name", .string, .required)
            .field("id_number", .string)
            .field("phone", .string)
            .field("risk_type", .string, .required)
            .field("description", .string, .required)
            .field("consent", .bool, .required)
            .field("received_on", .string, .required)
            .field("due_on", .string, .required)
            .field("status", .string, .required)
            .field("merged_count", .int, .required)
            .field("case_id", .uuid)
            .field("closing_note", .string)
            .field("source_ref", .string)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .create()
        try await createIndex(db, "clues_village_status", on: "clues", ["village_code", "status", "due_on"])
        try await createIndex(db, "clues_household", on: "clues", ["household_id", "status"])
        try await createIndex(db, "clues_id_number", on: "clues", ["id_number", "status"])
        try await db.schema("cases")
            .id()
            .field("household_id", .uuid, .required, .references("households", "id"))
            .field("village_code", .string, .required)
            .field("kind", .string, .required)
            .field("stage", .string, .required)
            .field("first_clue_on", .string, .required)
            .field("deadline_on", .string)
            .field("notice_from", .string)
            .field("notice_days", .int)
            .field("category", .string)
            .field("risk_types", .string)
            .field("method", .string)
            .field("completed_on", .string)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await createIndex(db, "cases_village_stage", on: "cases", ["village_code", "stage", "deadline_on"])
        try await createIndex(db, "cases_household", on: "cases", ["household_id"])
        try await db.schema("case_steps")
            .id()
            .field("case_id", .uuid, .required, .references("cases", "id"))
            .field("stage", .string, .required)
            .field("action", .string, .required)
            .field("acted_on", .string, .required)
            .field("at", .datetime, .required)
            .field("user_id", .uuid)
            .field("username", .string, .required)
            .field("comment", .string, .required)
            .field("details", .string, .required)
            .create()
        try await createIndex(db, "case_steps_case", on: "case_steps", ["case_id", "at"])
        try await db.schema("measures")
            .id()
            .field("household_id", .uuid, .required, .references("households", "id"))
            .field("village_code", .string, .required)
            .field("category", .string, .required)
            .field("name", .string, .required)
            .field("department", .string, .required)
            .field("amount_fen", .int64)
            .field("start_on", .string, .required)
            .field("end_on", .string)
            .field("status", .string, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await createIndex(db, "measures_household", on: "measures", ["household_id"])
        try await createIndex(db, "measures_village", on: "measures", ["village_code"])
        try await db.schema("visits")
            .id()
            .field("household_id", .uuid, .required, .references("households", "id"))
            .field("village_code", .string, .required)
            .field("visited_on", .string, .required)
            .field("user_id", .uuid)
            .field("username", .string, .required)
            .field("findings", .string, .required)
            .field("income_trend", .string, .required)
            .field("changes", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await createIndex(db, "visits_household", on: "visits", ["household_id", "visited_on"])
    }
    func revert(on db: any Database) async throws {
        for table in ["visits", "measures", "case_steps", "cases", "clues"] { try await db.schema(table).delete() }
        for field in ["risk_types", "risk_eliminated_on", "elimination_method", "last_visit_on"] {
            try await db.schema("households").deleteField(FieldKey(stringLiteral: field)).update()
        }
    }
}

/// Kept indicator tallies and the notes that make them stale (see `IndicatorStore.tallies`). The triggers note the
/// village of every row inserted, updated or deleted in the tables the indicators count, once per village until a
/// reader takes the note; existing data is noted when the migration runs, so the first reader counts everything.
struct CreateIndicatorTallies: AsyncMigration {
    /// Tables with their own village code, and tables that name a household.
    static let villageTables = ["households", "measures", "cases", "clues", "warnings"]
    static let householdTables = ["household_incomes", "helper_assignments"]

    func prepare(on db: any Database) async throws {
        try await db.schema("indicator_tallies")
            .field("region_code", .string, .identifier(auto: false))
            .field("policy", .string, .required)
            .field("tally", .data, .required)
            .field("computed_on", .string, .required)
            .create()
        try await db.schema("indicator_changes")
            .field("id", .int, .identifier(auto: true))
            .field("village_code", .string, .required)
            .create()
        try await createIndex(db, "indicator_changes_village", on: "indicator_changes", ["village_code"])
        guard let sql = db as? any SQLDatabase else { return }
        let note = { (code: String) in
            "INSERT INTO indicator_changes (village_code) SELECT \(code) WHERE NOT EXISTS (SELECT 1 FROM indicator_changes WHERE village_code = \(code));"
        }
        let viaHousehold = { (row: String) in
            "INSERT INTO indicator_changes (village_code) SELECT h.village_code FROM households h WHERE h.id = \(row).household_id AND NOT EXISTS (SELECT 1 FROM indicator_changes c WHERE c.village_code = h.village_code);"
        }
        if sql.dialect.name == "sqlite" {
            for table in Self.villageTables + Self.householdTables {
                let body = { (row: String) in Self.villageTables.contains(table) ? note("\(row).village_code") : viaHousehold(row) }
                try await sql.raw("CREATE TRIGGER \(unsafeRaw: table)_tally_insert AFTER INSERT ON \(unsafeRaw: table) BEGIN \(unsafeRaw: body("NEW")) END").run()
                try await sql.raw("CREATE TRIGGER \(unsafeRaw: table)_tally_update AFTER UPDATE ON \(unsafeRaw: table) BEGIN \(unsafeRaw: body("OLD")) \(unsafeRaw: body("NEW")) END").run()
                try await sql.raw("CREATE TRIGGER \(unsafeRaw: table)_tally_delete AFTER DELETE ON \(unsafeRaw: table) BEGIN \(unsafeRaw: body("OLD")) END").run()
            }
        } else {
            try await sql.raw("""
                CREATE FUNCTION indicator_note_village() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                  IF TG_OP <> 'INSERT' THEN \(unsafeRaw: note("OLD.village_code")) END IF;
                  IF TG_OP <> 'DELETE' THEN \(unsafeRaw: note("NEW.village_code")) END IF;
                  RETURN NULL; END $$
                """).run()
            try await sql.raw("""
                CREATE FUNCTION indicator_note_household() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                  IF TG_OP <> 'INSERT' THEN \(unsafeRaw: viaHousehold("OLD")) END IF;
                  IF TG_OP <> 'DELETE' THEN \(unsafeRaw: viaHousehold("NEW")) END IF;
                  RETURN NULL; END $$
                """).run()
            for table in Self.villageTables + Self.householdTables {
                let function = Self.villageTables.contains(table) ? "indicator_note_village" : "indicator_note_household"
                try await sql.raw("CREATE TRIGGER \(unsafeRaw: table)_tally AFTER INSERT OR UPDATE OR DELETE ON \(unsafeRaw: table) FOR EACH ROW EXECUTE FUNCTION \(unsafeRaw: function)()").run()
            }
        }
        for table in Self.villageTables {
            try await sql.raw("INSERT INTO indicator_changes (village_code) SELECT DISTINCT village_code FROM \(unsafeRaw: table) t WHERE NOT EXISTS (SELECT 1 FROM indicator_changes c WHERE c.village_code = t.village_code)").run()
        }
    }

    func revert(on db: any Database) async throws {
        if let sql = db as? any SQLDatabase {
            for table in Self.villageTables + Self.householdTables {
                if sql.dialect.name == "sqlite" {
                    for op in ["insert", "update", "delete"] { try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_tally_\(unsafeRaw: op)").run() }
                } else {
                    try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_tally ON \(unsafeRaw: table)").run()
                }
            }
            if sql.dialect.name != "sqlite" {
                try await sql.raw("DROP FUNCTION IF EXISTS indicator_note_village()").run()
                try await sql.raw("DROP FUNCTION IF EXISTS indicator_note_household()").run()
            }
        }
        try await db.schema("indicator_changes").delete()
        try await db.schema("indicator_tallies").delete()
    }
}

struct CreateIndicatorFreezes: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("indicator_freezes")
            .id()
            .field("period", .string, .required)
            .field("region_code", .string, .required)
            .field("villages", .int, .required)
            .field("frozen_by", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await createIndex(db, "indicator_freezes_region", on: "indicator_freezes", ["region_code", "period"])
        // Months frozen before this table: one row per county and month.
        let earlier = try await IndicatorSnapshotRecord.query(on: db).all()
        var seen = Set<String>()
        for r in earlier where seen.insert(r.period + "|" + r.villageCode.prefix(6)).inserted {
            let f = IndicatorFreezeRecord()
            (f.period, f.regionCode, f.frozenBy) = (r.period, String(r.villageCode.prefix(6)), r.frozenBy)
            f.villages = earlier.filter { $0.period == r.period && $0.villageCode.count == 12 && $0.villageCode.hasPrefix(f.regionCode) }.count
            try await f.create(on: db)
        }
    }
    func revert(on db: any Database) async throws { try await db.schema("indicator_freezes").delete() }
}
