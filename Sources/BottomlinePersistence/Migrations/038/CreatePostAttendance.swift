import Fluent

/// 公益岗位考勤 (issue 16 §3): a month of a post's attendance — days asked, days present, pay for the month — one row a
/// post and month, moving with the holder like the post.
struct CreatePostAttendance: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("post_attendance")
            .id()
            .field("post_id", .uuid, .required, .references("public_posts", "id"))
            .field("household_id", .uuid, .required, .references("households", "id"))
            .field("village_code", .string, .required)
            .field("person_id", .uuid, .required, .references("persons", "id"))
            .field("month", .string, .required)
            .field("days_required", .int, .required)
            .field("days_present", .int, .required)
            .field("pay_fen", .int64, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "post_id", "month")
            .create()
        try await createIndex(db, "post_attendance_village", on: "post_attendance", ["village_code", "month"])
    }

    func revert(on db: any Database) async throws {
        try await db.schema("post_attendance").delete()
    }
}
