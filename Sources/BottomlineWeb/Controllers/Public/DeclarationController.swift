import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Fluent
import Vapor

/// 农户自主申报: the one public page, reached from a QR code posted in the village. No login; accepted declarations are
/// limited per address and per ID number so it cannot flood a village's work list; every refusal says why in plain
/// Chinese and stores nothing.
enum DeclarationController {
    static func village(_ req: Request) async throws -> (RegionCode, RegionRecord) {
        let raw = req.parameters.get("village") ?? ""
        guard let code = RegionCode(raw), code.level == .village, let record = try await RegionRecord.find(code.digits, on: req.db) else {
            throw Abort(.notFound, reason: "二维码对应的村不存在，请向村干部索取新的二维码")
        }
        return (code, record)
    }

    static func page(_ req: Request, village: RegionRecord, values: FormValues, errors: FieldErrors,
                     receipt: DeclarationPage.Model.Receipt? = nil, pause: DeclarationPage.Model.Pause? = nil) async throws -> HTML {
        DeclarationPage.view(.init(csrf: CSRF.token(for: req), villageCode: village.id!, villageName: village.name,
                                   difficulties: try await req.codeNames(for: RegionCode(village.id!)).options(RiskType.self),
                                   values: values, errors: errors, receipt: receipt, pause: pause))
    }

    static func form(_ req: Request) async throws -> HTML {
        let (_, record) = try await village(req)
        return try await page(req, village: record, values: [:], errors: [:])
    }

    /// Accepted declarations a day may come from one address and about one ID number; typos are not counted.
    static let limits = (perAddressHour: 5, perAddressDay: 20, perIDDay: 3)

    /// The reply is the same whether or not the ID number is registered or already under a risk check: a new clue,
    /// its own receipt number, and the village's usual verification deadline.
    static func submit(_ req: Request) async throws -> Response {
        let (code, record) = try await village(req)
        let values: FormValues
        do { values = try req.content.decode([String: String].self) } catch { throw Abort(.badRequest, reason: "提交的表单格式错误，请刷新页面后重新填写") }
        let today = CivilDate.today
        switch Declaration.validate(values, today: today) {
        case .failure(let p):
            return try await page(req, village: record, values: values, errors: p.errors).encodeResponse(status: .unprocessableEntity, for: req)
        case .success(let declaration):
            let address = "ip:" + (req.remoteAddress?.ipAddress ?? "unknown"), person = "id:" + declaration.id.value
            let wait = await req.application.declarationThrottle.wait(
                [(address, limits.perAddressHour, 3600), (address, limits.perAddressDay, 86_400), (person, limits.perIDDay, 86_400)])
            if let wait {
                let pause = DeclarationPage.Model.Pause(minutes: max(1, Int((wait / 60).rounded(.up))), phone: try await SiteSettings.contactPhone(of: code.digits, on: req.db))
                return try await page(req, village: record, values: [:], errors: [:], pause: pause).encodeResponse(status: .tooManyRequests, for: req)
            }
            let (clue, _) = try await LifecycleStore.receiveDeclaration(declaration, village: code, today: today, on: req.db)
            await req.application.declarationThrottle.record([address, person])
            let receipt = DeclarationPage.Model.Receipt(number: String(clue.id!.uuidString.prefix(8)), dueOn: clue.dueOn)
            return try await page(req, village: record, values: [:], errors: [:], receipt: receipt).encodeResponse(for: req)
        }
    }
}

/// Counts accepted submissions per key in sliding windows.
actor SubmissionThrottle {
    private var hits: [String: [Date]] = [:]

    /// How long until every rule `(key, limit, window)` allows one more, or nil when they already do.
    func wait(_ rules: [(key: String, limit: Int, window: TimeInterval)], now: Date = Date()) -> TimeInterval? {
        var longest: TimeInterval?
        for rule in rules {
            let recent = (hits[rule.key] ?? []).filter { now.timeIntervalSince($0) < rule.window }.sorted()
            guard recent.count >= rule.limit else { continue }
            // The oldest hit that must leave the window before one more fits.
            let until = recent[recent.count - rule.limit].addingTimeInterval(rule.window).timeIntervalSince(now)
            longest = max(longest ?? 0, until)
        }
        return longest
    }

    func record(_ keys: [String], now: Date = Date()) {
        for key in Set(keys) {
            hits[key] = (hits[key] ?? []).filter { now.timeIntervalSince($0) < 86_400 } + [now]
        }
    }
}

struct SubmissionThrottleKey: StorageKey { typealias Value = SubmissionThrottle }

extension Application {
    var declarationThrottle: SubmissionThrottle {
        if let throttle = storage[SubmissionThrottleKey.self] { return throttle }
        let throttle = SubmissionThrottle()
        storage[SubmissionThrottleKey.self] = throttle
        return throttle
    }
}
