import Fluent

/// 联农带农: the registry households a project links (issue 15 §2), each with its village for jurisdiction, so the
/// project's 脱贫户 and 监测对象 are counted from the registry and a household's page lists the projects it gains from.
struct CreateProjectHouseholds: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("project_households")
            .id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("household_id", .uuid, .required, .references("households", "id"))
            .field("village_code", .string, .required)
            .field("way", .string, .required)
            .field("linked_on", .string, .required)
            .field("username", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "project_id", "household_id")
            .create()
        try await createIndex(db, "project_households_household", on: "project_households", ["household_id"])
    }

    func revert(on db: any Database) async throws {
        try await db.schema("project_households").delete()
    }
}
