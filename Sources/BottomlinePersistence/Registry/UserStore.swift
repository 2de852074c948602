import BottomlineDomain
import Fluent
import Foundation

public enum UserStore {
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    public static func validatePassword(_ password: String) throws(Problem) {
        guard password.count >= 8, password.count <= 72 else { throw Problem(description: "密码长度应为8至72位") }
        guard password.contains(where: \.isLetter), password.contains(where: \.isNumber) else {
            throw Problem(description: "密码须同时包含字母和数字")
        }
    }

    public static func add(username: String, displayName: String, role: Role, region: RegionCode, password: String,
                           hasher: (String) throws -> String, on db: any Database, actor: Actor) async throws -> UserRecord {
        let name = username.trimmingASCIISpaces()
        guard (2...32).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }) else {
            throw Problem(description: "用户名应为2至32位字母、数字、下划线或点")
        }
        try validatePassword(password)
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
        try validatePassword(password)
        guard let user = try await UserRecord.query(on: db).filter(\.$username == username).first() else {
            throw Problem(description: "用户\(username)不存在")
        }
        user.passwordHash = try hasher(password)
        try await user.save(on: db)
        try await AuditLog.record(on: db, actor: actor, action: .userPassword, entity: "user", entityID: user.id?.uuidString,
                                  summary: "修改用户 \(username) 的密码")
    }
}
