import Fluent
import SQLKit

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
