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
        let filter = req.householdFilter.search
        let page = req.pageNumber
        let per = min(max(1, (try? req.query.get(Int.self, at: "per")) ?? 50), 500)
        if let region = filter.region, !region.isEmpty, RegionCode(region) == nil {
            throw Abort(.badRequest, reason: "region 参数应为区划代码")
        }
        let query = try await registry.search(filter)
        let total = try await registry.countHouseholds(matching: filter)
        let rows = try await query.sort(\.$villageCode).sort(\.$number).range(((page - 1) * per)..<(page * per)).all()
        return Page(total: total, page: page, per: per, items: rows.map(household))
    }

    static func householdDetail(_ req: Request) async throws -> HouseholdDetail {
        let h = try await req.scopedHousehold()
        return HouseholdDetail(household: household(h), members: try await req.registry.members(of: h).map(person))
    }

    static func personDetail(_ req: Request) async throws -> PersonDTO {
        let raw = req.parameters.get("id") ?? ""
        guard let id = UUID(uuidString: raw), let (p, _) = try await req.registry.person(id) else {
            throw try await req.notFoundLogged("person", id: raw)
        }
        return person(p)
    }

    // MARK: Writes: the same forms and the same store as the pages, as JSON.

    struct NewHousehold: Content {
        var household: HouseholdForm
        var householder: PersonForm
    }

    struct NewMember: Content {
        var person: PersonForm
        var event: MembershipEventForm
    }

    /// A refusal with the problems by field, in Chinese.
    struct FieldErrorBody: Content {
        var error = true
        var reason: String
        var fields: [String: String]
    }

    static func refuse(_ errors: FieldErrors, _ req: Request) async throws -> Response {
        let body = FieldErrorBody(reason: "有\(errors.count)处需要修改：" + errors.sorted { $0.key < $1.key }.map(\.value).joined(separator: "；"), fields: errors)
        return try await body.encodeResponse(status: .unprocessableEntity, for: req)
    }

    static func decodeJSON<T: Decodable>(_ type: T.Type, _ req: Request) throws -> T {
        do { return try req.content.decode(T.self) } catch { throw Abort(.badRequest, reason: "请求体应为 JSON，字段见 /api/v1/openapi.json") }
    }

    static func createHousehold(_ req: Request) async throws -> Response {
        try req.requireEditor()
        let input = try decodeJSON(NewHousehold.self, req)
        var errors = FieldErrors()
        var fields: HouseholdForm.Fields?
        var draft: PersonDraft?
        switch input.household.validate() {
        case .success(let f): fields = f
        case .failure(let p): errors.merge(p.errors) { a, _ in a }
        }
        switch input.householder.validate() {
        case .success(let d): draft = d
        case .failure(let p): errors.merge(p.errors.mapKeys { "householder." + $0 }) { a, _ in a }
        }
        guard let fields, let draft else { return try await refuse(errors, req) }
        do {
            let created = try await RegistryStore(try req.registry).createHousehold(fields, householder: draft)
            let detail = HouseholdDetail(household: household(created), members: try await req.registry.members(of: created).map(person))
            return try await detail.encodeResponse(status: .created, for: req)
        } catch let problems as FieldProblems {
            return try await refuse(problems.errors, req)
        }
    }

    static func addMember(_ req: Request) async throws -> Response {
        try req.requireEditor()
        let h = try await req.scopedHousehold()
        let input = try decodeJSON(NewMember.self, req)
        var errors = FieldErrors()
        var draft: PersonDraft?
        var event: MembershipEventForm.Fields?
        switch input.person.validate() {
        case .success(let d): draft = d
        case .failure(let p): errors.merge(p.errors) { a, _ in a }
        }
        switch input.event.validate(allowed: RegistryStore.arrivals) {
        case .success(let e): event = e
        case .failure(let p): errors.merge(p.errors.mapKeys { "event." + $0 }) { a, _ in a }
        }
        guard let draft, let event else { return try await refuse(errors, req) }
        do {
            let added = try await RegistryStore(try req.registry).addMember(to: h, draft, event: event)
            return try await person(added).encodeResponse(status: .created, for: req)
        } catch let problems as FieldProblems {
            return try await refuse(problems.errors, req)
        }
    }
}

extension Dictionary where Key == String {
    func mapKeys(_ transform: (String) -> String) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: map { (transform($0.key), $0.value) })
    }
}

extension HouseholdForm: Content {}
extension PersonForm: Content {}
extension MembershipEventForm: Content {}
