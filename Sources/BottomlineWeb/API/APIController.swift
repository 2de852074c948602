import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

/// `/api/v1/`: the same scoping and validation as the pages, as JSON. Authenticated by the session cookie; writes need
/// the CSRF header like forms do.
enum APIController {
    struct RegionDTO: Content {
        var code: String
        var padded: String
        var name: String
        var level: Int
        var parent: String?
    }

    struct HouseholdDTO: Content {
        var id: UUID
        var number: String
        var villageCode: String
        var householderName: String
        var memberCount: Int
        var category: String
        var categoryLabel: String
        var monitoringCategory: String?
        var housingGrade: String?
        var waterSecure: Bool?
        var hasLabour: Bool
        var gaps: [String]
    }

    struct PersonDTO: Content {
        var id: UUID
        var householdID: UUID
        var name: String
        /// Masked (411681********1234): full numbers are shown only in the web page, and logged.
        var idNumber: String
        var sex: String
        var birthDate: String
        var relation: String
        var labour: String?
        var health: String?
        var education: String?
        var medicalInsured: Bool?
        var status: String
    }

    struct Page<T: Content>: Content {
        var total: Int
        var page: Int
        var per: Int
        var items: [T]
    }

    struct HouseholdDetail: Content {
        var household: HouseholdDTO
        var members: [PersonDTO]
    }

    static func household(_ h: HouseholdRecord) -> HouseholdDTO {
        HouseholdDTO(id: h.id!, number: h.number, villageCode: h.villageCode, householderName: h.householderName,
                     memberCount: h.memberCount, category: h.category, categoryLabel: h.categoryValue?.label ?? h.category,
                     monitoringCategory: h.monitoringCategory, housingGrade: h.housingGrade, waterSecure: h.waterSecure,
                     hasLabour: h.hasLabour,
                     gaps: [(h.gapHousing, BasicNeed.housing), (h.gapEducation, .education), (h.gapMedical, .medical), (h.gapWater, .water)]
                        .filter(\.0).map(\.1.rawValue))
    }

    static func person(_ p: PersonRecord) -> PersonDTO {
        PersonDTO(id: p.id!, householdID: p.householdID, name: p.name, idNumber: ResidentID.mask(p.idNumber), sex: p.sex,
                  birthDate: p.birthDate, relation: p.relation, labour: p.labour, health: p.health, education: p.education,
                  medicalInsured: p.medicalInsured, status: p.status)
    }

    static func regions(_ req: Request) async throws -> [RegionDTO] {
        let registry = try req.registry
        let parentRaw = (try? req.query.get(String.self, at: "parent")) ?? registry.region.digits
        guard let parent = RegionCode(parentRaw) else { throw Abort(.badRequest, reason: "parent 参数应为区划代码") }
        guard registry.canSee(parent) else { throw try await req.notFoundLogged("region", id: parentRaw) }
        return try await registry.children(of: parent).map {
            RegionDTO(code: $0.id!, padded: $0.code.padded, name: $0.name, level: $0.level, parent: $0.parentCode)
        }
    }

    static func households(_ req: Request) async throws -> Page<HouseholdDTO> {
        let registry = try req.registry
        let filter = HouseholdController.filter(from: req)
        let page = max(1, (try? req.query.get(Int.self, at: "page")) ?? 1)
        let per = min(max(1, (try? req.query.get(Int.self, at: "per")) ?? 50), 500)
        if let region = filter.region, !region.isEmpty, RegionCode(region) == nil {
            throw Abort(.badRequest, reason: "region 参数应为区划代码")
        }
        let total = try await registry.search(filter).count()
        let rows = try await registry.search(filter).sort(\.$villageCode).sort(\.$number).range(((page - 1) * per)..<(page * per)).all()
        return Page(total: total, page: page, per: per, items: rows.map(household))
    }

    static func householdDetail(_ req: Request) async throws -> HouseholdDetail {
        let h = try await HouseholdController.scopedHousehold(req)
        return HouseholdDetail(household: household(h), members: try await req.registry.members(of: h).map(person))
    }

    static func personDetail(_ req: Request) async throws -> PersonDTO {
        let raw = req.parameters.get("id") ?? ""
        guard let id = UUID(uuidString: raw), let (p, _) = try await req.registry.person(id) else {
            throw try await req.notFoundLogged("person", id: raw)
        }
        return person(p)
    }
}
