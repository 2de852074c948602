import Fluent

/// Imports of big files run after the upload is answered; their outcome is kept here, so the county can come back to
/// it after the server restarts, and an import cut off by a stop says so rather than vanishing (issue 14 §1).
struct CreateImportJobs: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("import_jobs")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("filename", .string, .required)
            .field("started_at", .datetime, .required)
            .field("finished_at", .datetime)
            .field("outcome", .string, .required)
            .field("summary", .string)
            .field("problems", .string)
            .field("problem_total", .int, .required)
            .create()
        try await createIndex(db, "import_jobs_user", on: "import_jobs", ["user_id", "started_at"])
    }

    func revert(on db: any Database) async throws {
        try await db.schema("import_jobs").delete()
    }
}
