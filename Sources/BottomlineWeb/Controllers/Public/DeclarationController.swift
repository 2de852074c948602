import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Fluent
import Vapor

/// 农户自主申报: the one public page, reached from a QR code posted in the village. No login; limited per address so
/// it cannot be used to flood a village's work list; every refusal says why in plain Chinese and stores nothing.
enum DeclarationController {
    static func village(_ req: Request) async throws -> (RegionCode, RegionRecord) {
        let raw = req.parameters.get("village") ?? ""
        guard let code = RegionCode(raw), code.level == .village, let record = try await RegionRecord.find(code.digits, on: req.db) else {
            throw Abort(.notFound, reason: "二维码对应的村不存在，请向村干部索取新的二维码")
        }
        return (code, record)
    }

    static func page(_ req: Request, village: RegionRecord, values: FormValues, errors: FieldErrors,
                     receipt: DeclarationPage.Model.Receipt? = nil) async throws -> HTML {
        DeclarationPage.view(.init(csrf: CSRF.token(for: req), villageCode: village.id!, villageName: village.name,
                                   difficulties: try await req.codeNames(for: RegionCode(village.id!)).options(RiskType.self),
                                   values: values, errors: errors, receipt: receipt))
    }

    static func form(_ req: Request) async throws -> HTML {
        let (_, record) = try await village(req)
        return try await page(req, village: record, values: [:], errors: [:])
    }

    static func submit(_ req: Request) async throws -> Response {
        let (code, record) = try await village(req)
        let address = req.remoteAddress?.ipAddress ?? "unknown"
        // Five declarations per address in an hour, 200 per village in a day.
        guard await req.application.declarationThrottle.allow(["ip:" + address, "village:" + code.digits], limits: [5, 200], windows: [3600, 86_400]) else {
            throw Abort(.tooManyRequests, reason: "提交过于频繁，请稍后再试，或直接联系村干部")
        }
        let values: FormValues
        do { values = try req.content.decode([String: String].self) } catch { throw Abort(.badRequest, reason: "提交的表单格式错误，请刷新页面后重新填写") }
        let today = CivilDate.today
        switch Declaration.validate(values, today: today) {
        case .failure(let p):
            return try await page(req, village: record, values: values, errors: p.errors).encodeResponse(status: .unprocessableEntity, for: req)
        case .success(let declaration):
            let (clue, merged) = try await LifecycleStore.receiveDeclaration(declaration, village: code, today: today, on: req.db)
            let receipt = DeclarationPage.Model.Receipt(number: String(clue.id!.uuidString.prefix(8)), dueOn: clue.dueOn, merged: merged)
            return try await page(req, village: record, values: [:], errors: [:], receipt: receipt).encodeResponse(for: req)
        }
    }
}

/// Counts submissions per key in sliding windows.
actor SubmissionThrottle {
    private var hits: [String: [Date]] = [:]

    func allow(_ keys: [String], limits: [Int], windows: [TimeInterval], now: Date = Date()) -> Bool {
        for (i, key) in keys.enumerated() {
            let recent = (hits[key] ?? []).filter { now.timeIntervalSince($0) < windows[i] }
            hits[key] = recent
            if recent.count >= limits[i] { return false }
        }
        for key in keys { hits[key, default: []].append(now) }
        return true
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
