import Fluent

/// 附件 (issue 17 §4): one row a file attached to a record (a problem's evidence, a petition's papers), placed by the
/// record's village so it is read only within the jurisdiction and moves with its household; the bytes are kept by
/// their SHA-256 beside the database (`AttachmentStorage`).
struct CreateAttachments: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("attachments")
            .id()
            .field("owner", .string, .required)
            .field("owner_id", .uuid, .required)
            .field("village_code", .string, .required)
            .field("household_id", .uuid, .references("households", "id"))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("bytes", .int, .required)
            .field("sha256", .string, .required)
            .field("storage_key", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await createIndex(db, "attachments_owner", on: "attachments", ["owner", "owner_id"])
        try await createIndex(db, "attachments_household", on: "attachments", ["household_id"])
    }

    func revert(on db: any Database) async throws {
        try await db.schema("attachments").delete()
    }
}
