import BottomlineDomain
import Fluent
import Foundation

/// One setting of the site, edited by an administrator in the browser.
public final class SiteSettingRecord: Model, @unchecked Sendable {
    public static let schema = "site_settings"
    @ID(custom: "key", generatedBy: .user) public var id: String?
    @Field(key: "value") public var value: String
    @Field(key: "updated_by") public var updatedBy: String
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    public init() {}
}

/// A village's phone for farmers (村委会), set by its cadres on the QR code page.
public final class RegionContactRecord: Model, @unchecked Sendable {
    public static let schema = "region_contacts"
    @ID(custom: "code", generatedBy: .user) public var id: String?
    @Field(key: "phone") public var phone: String
    public init() {}
}

/// The settings an administrator keeps in the database (the environment, where set, wins).
public enum SiteSettings {
    static let publicURLKey = "public_url"

    /// The address farmers' phones reach, as saved in the browser; nil until an administrator sets it.
    public static func publicURL(on db: any Database) async throws -> String? {
        try await SiteSettingRecord.find(publicURLKey, on: db)?.value
    }

    /// Saves the public address after checking it; writes an audit row.
    public static func setPublicURL(_ raw: String, actor: Actor, on db: any Database) async throws {
        guard actor.role == .admin else { throw FieldProblems(["publicURL": "只有系统管理员可以设置对外地址"]) }
        var errors = FieldErrors()
        guard let url = errors.take("publicURL", FieldRules.publicURL(raw)) else { throw FieldProblems(errors) }
        try await db.writeTransaction { tx in
            let record = try await SiteSettingRecord.find(publicURLKey, on: tx) ?? SiteSettingRecord()
            record.id = publicURLKey
            record.value = url
            record.updatedBy = actor.username
            try await record.save(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "site_setting", entityID: publicURLKey,
                                      summary: "设置对外地址（二维码）：\(url)")
        }
    }

    /// A village's contact phone, if its cadres have set one.
    public static func contactPhone(of village: String, on db: any Database) async throws -> String? {
        try await RegionContactRecord.find(village, on: db)?.phone
    }

    /// Saves a village's contact phone (empty clears it); for cadres whose region holds the village.
    public static func setContactPhone(_ raw: String, village: RegionRecord, registry: ScopedRegistry) async throws {
        guard registry.actor.role.canEditRegistry, try registry.canSee(village.code) else {
            throw FieldProblems(["phone": "当前角色不能修改本村联系电话"])
        }
        var errors = FieldErrors()
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        let phone: String? = trimmed.isEmpty ? nil : errors.take("phone", FieldRules.phone(trimmed)) ?? nil
        guard errors.isEmpty else { throw FieldProblems(errors) }
        let actor = registry.actor
        try await registry.db.writeTransaction { tx in
            let existing = try await RegionContactRecord.find(village.id, on: tx)
            if let phone {
                let record = existing ?? RegionContactRecord()
                record.id = village.id
                record.phone = phone
                try await record.save(on: tx)
            } else {
                try await existing?.delete(on: tx)
            }
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "region", entityID: village.id,
                                      region: village.id, summary: "村联系电话：\(phone ?? "（清除）")")
        }
    }
}
