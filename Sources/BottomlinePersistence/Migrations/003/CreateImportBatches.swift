import Fluent
import SQLKit

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
