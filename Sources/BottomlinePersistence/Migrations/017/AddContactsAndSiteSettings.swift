import Fluent

/// A village's contact phone (shown to a farmer the declaration page turns away) and the site's own settings, which
/// an administrator edits in the browser: the address farmers' phones reach, printed in the QR codes.
struct AddContactsAndSiteSettings: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // A table of its own, not a column of regions: earlier migrations read regions through the live model.
        try await db.schema("region_contacts")
            .field("code", .string, .identifier(auto: false))
            .field("phone", .string, .required)
            .create()
        try await db.schema("site_settings")
            .field("key", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("site_settings").delete()
        try await db.schema("region_contacts").delete()
    }
}
