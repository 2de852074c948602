import Fluent
import SQLKit

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
