import BottomlineDomain
import Fluent
import Foundation

/// The roles of the system. Each user has exactly one role and one jurisdiction.
public enum Role: String, CodeList {
    case admin, county, township, village, department, leader
    public static let listName = "角色"
    public var label: String {
        switch self {
        case .admin: "系统管理员"
        case .county: "县级管理员"
        case .township: "乡镇干部"
        case .village: "村级干部/帮扶干部"
        case .department: "部门数据员"
        case .leader: "只读领导"
        }
    }
    /// Whether the role may change the registry (leaders and department officers only read it or upload feeds).
    public var canEditRegistry: Bool { [.admin, .county, .township, .village].contains(self) }
    /// Whether the role may import or export whole files.
    public var canImport: Bool { [.admin, .county].contains(self) }
    public var canManageUsers: Bool { self == .admin }
    /// Whether the role reads the registry at all. A department data officer sends its department's files and reads
    /// their results and warnings; households, cases and figures are not its business.
    public var readsRegistry: Bool { self != .department }
    /// Whether the role may see a full ID number (each view audited). Leaders read masked lists and figures only.
    public var seesFullID: Bool { canEditRegistry }
}

public final class UserRecord: Model, @unchecked Sendable {
    public static let schema = "users"
    @ID(key: .id) public var id: UUID?
    @Field(key: "username") public var username: String
    @Field(key: "display_name") public var displayName: String
    @Field(key: "role") public var role: String
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "active") public var active: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    /// For a bank's data officer (a department user): the bank whose 小额信贷 files it sends.
    @OptionalField(key: "bank") public var bank: String?

    public init() {}
    public init(username: String, displayName: String, role: Role, region: RegionCode, passwordHash: String) {
        self.username = username
        self.displayName = displayName
        self.role = role.rawValue
        self.regionCode = region.digits
        self.passwordHash = passwordHash
        self.active = true
    }

    public var roleValue: Role { Role(rawValue: role) ?? .leader }
    public var region: RegionCode { RegionCode(regionCode)! }
}

/// Append-only record of every write, full-ID reveal and refused access.
public final class AuditRecord: Model, @unchecked Sendable {
    public static let schema = "audit_log"
    @ID(key: .id) public var id: UUID?
    @Field(key: "at") public var at: Date
    @OptionalField(key: "user_id") public var userID: UUID?
    @Field(key: "username") public var username: String
    @Field(key: "action") public var action: String
    @Field(key: "entity") public var entity: String
    @OptionalField(key: "entity_id") public var entityID: String?
    @OptionalField(key: "household_id") public var householdID: UUID?
    @OptionalField(key: "region_code") public var regionCode: String?
    @Field(key: "summary") public var summary: String
    @OptionalField(key: "before") public var before: String?
    @OptionalField(key: "after") public var after: String?

    public init() {}
}

/// One imported file: who, when, its hash and what it changed.
public final class ImportBatchRecord: Model, @unchecked Sendable {
    public static let schema = "import_batches"
    @ID(key: .id) public var id: UUID?
    @Field(key: "filename") public var filename: String
    @Field(key: "sha256") public var sha256: String
    @Field(key: "rows") public var rows: Int
    @Field(key: "households_added") public var householdsAdded: Int
    @Field(key: "persons_added") public var personsAdded: Int
    @Field(key: "persons_updated") public var personsUpdated: Int
    @OptionalField(key: "user_id") public var userID: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
