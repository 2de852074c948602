import Fluent

/// 就业帮扶 (issue 16 §3): 务工 spells, 公益性岗位, 雨露计划 payments, 培训/持证 and 交通补助, each a row of one person
/// of one household (and so moving with it), and the targets a province sets a region for a year.
struct CreateJobLedgers: AsyncMigration {
    func prepare(on db: any Database) async throws {
        func personRow(_ name: String) -> SchemaBuilder {
            db.schema(name)
                .id()
                .field("household_id", .uuid, .required, .references("households", "id"))
                .field("village_code", .string, .required)
                .field("person_id", .uuid, .required, .references("persons", "id"))
        }
        try await personRow("work_spells")
            .field("place_code", .string, .required)
            .field("employer", .string, .required)
            .field("channel", .string, .required)
            .field("start_month", .string, .required)
            .field("end_month", .string)
            .field("monthly_income_fen", .int64)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await personRow("public_posts")
            .field("post_type", .string, .required)
            .field("employer", .string, .required)
            .field("start_on", .string, .required)
            .field("end_on", .string)
            .field("monthly_pay_fen", .int64, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await personRow("yulu_payments")
            .field("school", .string, .required)
            .field("school_type", .string, .required)
            .field("term_start", .string, .required)
            .field("amount_fen", .int64, .required)
            .field("paid_on", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await personRow("skill_records")
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("on_date", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await personRow("transport_subsidies")
            .field("year", .int, .required)
            .field("amount_fen", .int64, .required)
            .field("paid_on", .string, .required)
            .field("reason", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "person_id", "year")
            .create()
        for table in ["work_spells", "public_posts", "yulu_payments", "skill_records", "transport_subsidies"] {
            try await createIndex(db, "\(table)_person", on: table, ["person_id"])
            try await createIndex(db, "\(table)_village", on: table, ["village_code"])
        }
        try await db.schema("job_targets")
            .id()
            .field("region_code", .string, .required)
            .field("year", .int, .required)
            .field("measure", .string, .required)
            .field("target", .int, .required)
            .field("source", .string, .required)
            .field("set_by", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "region_code", "year", "measure")
            .create()
    }

    func revert(on db: any Database) async throws {
        for table in ["job_targets", "transport_subsidies", "skill_records", "yulu_payments", "public_posts", "work_spells"] {
            try await db.schema(table).delete()
        }
    }
}
