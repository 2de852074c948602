import BottomlineDomain
import BottomlinePersistence
import Vapor

/// Records named in the path, found through the user's jurisdiction (`ScopedRegistry`): anything outside it, or absent,
/// is the same logged 404.
extension Request {
    func scopedHousehold() async throws -> HouseholdRecord {
        let raw = parameters.get("id") ?? ""
        guard let id = UUID(uuidString: raw), let household = try await registry.household(id) else {
            throw try await notFoundLogged("household", id: raw)
        }
        return household
    }

    func scopedClue() async throws -> ClueRecord {
        let id = try await idParameter("clue")
        guard let clue = try await registry.clue(id) else { throw try await notFoundLogged("clue", id: id.uuidString) }
        return clue
    }

    func scopedCase() async throws -> CaseRecord {
        let id = try await idParameter("case")
        guard let record = try await registry.monitoringCase(id) else { throw try await notFoundLogged("case", id: id.uuidString) }
        return record
    }

    /// A village of the user's region named by `code` in the path.
    func scopedVillage() async throws -> (RegionCode, RegionRecord) {
        let raw = parameters.get("code") ?? ""
        guard let code = RegionCode(raw), code.level == .village, try registry.canSee(code),
              let record = try await RegionRecord.find(code.digits, on: db) else { throw try await notFoundLogged("region", id: raw) }
        return (code, record)
    }

    /// Registry changes are for village, township and county cadres and administrators.
    func requireEditor() throws {
        guard try user.roleValue.canEditRegistry else { throw Abort(.forbidden, reason: "当前角色只能查看，不能修改名册") }
    }

    /// Decodes a form; a malformed body is a 400 with a Chinese message.
    func decodeForm<T: Decodable>(_ type: T.Type) throws -> T {
        do { return try content.decode(T.self) } catch { throw Abort(.badRequest, reason: "提交的表单格式错误") }
    }
}
