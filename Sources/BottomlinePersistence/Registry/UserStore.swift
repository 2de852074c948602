import BottomlineDomain
import Fluent
import Foundation

public enum UserStore {
    /// People as pages show them — "项城市乡村振兴局", not "xian" — by the login names records keep; a name no user has
    /// (a user since removed, the system, a declarant) is left as it is.
    public static func displayNames(_ usernames: some Sequence<String>, on db: any Database) async throws -> [String: String] {
        let wanted = Array(Set(usernames).filter { !$0.isEmpty })
        var out: [String: String] = [:]
        for chunk in wanted.chunked() {
            for user in try await UserRecord.query(on: db).filter(\.$username ~~ chunk).all() {
                out[user.username] = user.displayName
            }
        }
        return out
    }

    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// Passwords people choose first and attackers try first (keyboard runs, years, 拼音 phrases, the product's name).
    static let common: Set<String> = [
        "password", "password1", "password123", "passw0rd", "p@ssw0rd", "admin123", "admin1234", "admin888", "administrator",
        "abc12345", "abcd1234", "abc123456", "a1234567", "a12345678", "a123456789", "aa123456", "qwer1234", "qwerty123",
        "1qaz2wsx", "1q2w3e4r", "1q2w3e4r5t", "zxcv1234", "asdf1234", "qazwsx123", "123456abc", "12345abc", "123qwe123",
        "woaini1314", "woaini520", "iloveyou1", "5201314a", "1314520a", "zhang123", "wang1234", "li123456", "liu12345",
        "test1234", "test12345", "welcome1", "changeme1", "root1234", "user1234", "guest123", "china123", "china2024",
        "china2025", "china2026", "beijing1", "henan123", "fupin123", "fupin2026", "xiangcun1", "bottomline1", "dixian123",
        "demo1234", "demo2024", "demo2025", "pass1234", "pass12345", "mima1234", "mima123456", "secret123", "secret1",
    ]

    /// 8 to 72 characters (bcrypt reads 72 bytes), letters and digits, not the user name, not a common password.
    public static func validatePassword(_ password: String, username: String? = nil) throws(Problem) {
        guard password.count >= 8, password.utf8.count <= 72 else { throw Problem(description: "密码长度应为8至72位") }
        guard password.contains(where: \.isLetter), password.contains(where: \.isNumber) else {
            throw Problem(description: "密码须同时包含字母和数字")
        }
        let lower = password.lowercased()
        if let username, !username.isEmpty, lower.contains(username.lowercased()) {
            throw Problem(description: "密码不能包含用户名")
        }
        if common.contains(lower) || Set(lower).count <= 2 {
            throw Problem(description: "密码过于常见，容易被猜中，请换一个")
        }
    }

    public static func add(username: String, displayName: String, role: Role, region: RegionCode, password: String,
                           hasher: (String) throws -> String, on db: any Database, actor: Actor) async throws -> UserRecord {
        let name = username.trimmingASCIISpaces()
        guard (2...32).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }) else {
            throw Problem(description: "用户名应为2至32位字母、数字、下划线或点")
        }
        try validatePassword(password, username: name)
        guard try await RegionRecord.find(region.digits, on: db) != nil else {
            throw Problem(description: "区划代码\(region.digits)不存在")
        }
        guard try await UserRecord.query(on: db).filter(\.$username == name).first() == nil else {
            throw Problem(description: "用户名\(name)已存在")
        }
        let user = UserRecord(username: name, displayName: displayName.isEmpty ? name : displayName, role: role, region: region,
                              passwordHash: try hasher(password))
        try await user.create(on: db)
        try await AuditLog.record(on: db, actor: actor, action: .userCreate, entity: "user", entityID: user.id?.uuidString,
                                  region: region.digits, summary: "新增用户 \(name)（\(role.label)，\(region.digits)）")
        return user
    }

    public static func setPassword(username: String, password: String, hasher: (String) throws -> String,
                                   on db: any Database, actor: Actor) async throws {
        try validatePassword(password, username: username)
        guard let user = try await UserRecord.query(on: db).filter(\.$username == username).first() else {
            throw Problem(description: "用户\(username)不存在")
        }
        try await setPassword(of: user, password: password, hasher: hasher, on: db, actor: actor)
    }

    /// Sets a user's password and ends every session the user had: a password changed because it leaked must not
    /// leave the thief signed in.
    public static func setPassword(of user: UserRecord, password: String, hasher: (String) throws -> String,
                                   on db: any Database, actor: Actor) async throws {
        try validatePassword(password, username: user.username)
        let hash = try hasher(password)
        try await db.writeTransaction { tx in
            user.passwordHash = hash
            try await user.save(on: tx)
            try await SessionStore.closeAll(of: user.requireID(), on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .userPassword, entity: "user", entityID: user.id?.uuidString,
                                      summary: actor.userID == user.id ? "修改本人密码" : "修改用户 \(user.username) 的密码")
        }
    }

    /// The feeds a department data officer sends and reads; empty for a department user not yet assigned any.
    public static func feedKinds(of userID: UUID, on db: any Database) async throws -> Set<FeedKind> {
        try await UserFeedKindsRecord.find(userID, on: db)?.kindValues ?? []
    }

    /// Assigns a department data officer its feeds (audited).
    public static func setFeedKinds(_ kinds: Set<FeedKind>, of user: UserRecord, on db: any Database, actor: Actor) async throws {
        guard user.roleValue == .department else { throw Problem(description: "只有部门数据员需要指定数据类型") }
        let id = try user.requireID()
        try await db.writeTransaction { tx in
            let record = try await UserFeedKindsRecord.find(id, on: tx) ?? UserFeedKindsRecord()
            record.id = id
            record.kinds = kinds.map(\.rawValue).sorted().joined(separator: ",")
            try await record.save(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "user", entityID: id.uuidString,
                                      summary: "部门数据员 \(user.username) 的数据类型：\(kinds.map(\.label).sorted().joined(separator: "、"))")
        }
    }

    /// Makes a county's department data officer the data officer of a bank, who sends that bank's 小额信贷 files
    /// (audited).
    public static func setBank(_ bank: String, of user: UserRecord, on db: any Database, actor: Actor) async throws {
        let bank = bank.trimmingASCIISpaces()
        guard user.roleValue == .department, user.region.level == .county else { throw Problem(description: "只有县级部门数据员可以指定为银行数据员") }
        guard !bank.isEmpty, bank.count <= 60, !bank.hasControlCharacter() else { throw Problem(description: "银行名称应为1至60个字，不含控制字符") }
        let id = try user.requireID()
        try await db.writeTransaction { tx in
            user.bank = bank
            try await user.save(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .update, entity: "user", entityID: id.uuidString,
                                      summary: "部门数据员 \(user.username) 为\(bank)数据员，报送该行小额信贷余额")
        }
    }
}
