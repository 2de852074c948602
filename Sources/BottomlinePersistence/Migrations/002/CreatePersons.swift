import Fluent
import SQLKit

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
