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

    static func page(_ req: Request, village: RegionRecord, values: FormValues, errors: FieldErrors, done: HTML? = nil) async throws -> HTML {
        let token = CSRF.field(for: req)
        let difficulties = try await req.codeNames(for: RegionCode(village.id!)).options(RiskType.self)
        let content: HTML = done ?? """
            \(FormView.summary(errors))
            <form method="post" action="/declare/\(village.id!)" class="panel">\(token)
            \(FormView.text("name", "申请人姓名", value: values["name"] ?? "", errors: errors, required: true, maxLength: 30))
            \(FormView.text("idNumber", "身份证号", value: values["idNumber"] ?? "", errors: errors, required: true, hint: "18位居民身份证号", maxLength: 18))
            \(FormView.text("phone", "联系电话", value: values["phone"] ?? "", errors: errors, type: "tel", required: true, maxLength: 20))
            \(FormView.select("difficulty", "遇到的困难", options: difficulties, selected: values["difficulty"] ?? "", errors: errors, required: true, blank: "请选择"))
            \(FormView.textarea("description", "困难情况说明（发生了什么、什么时候、花费或损失多少）", value: values["description"] ?? "", errors: errors, required: true, rows: 4))
            <div class="field\(HTML(raw: errors["consent"] == nil ? "" : " invalid"))"><label class="check"><input type="checkbox" name="consent" value="on"\(HTML(raw: values.ticked("consent") ? " checked" : ""))>
            本人承诺所填信息真实，并授权有关部门核查本户家庭成员的收入、财产、医疗、教育等信息，用于防止返贫动态监测和帮扶。</label>
            \(errors["consent"].map { "<div class=\"error\">\($0)</div>" as HTML } ?? "")</div>
            <button class="wide">提交申报</button></form>
            <p class="small muted">提交后，村干部会在规定时间内入户核实。您的身份证号和电话只用于核实，不会公开。</p>
            """
        return """
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(village.name) 防止返贫 农户自主申报</title><link rel="stylesheet" href="/static/app.css"></head>
            <body class="public"><header class="top"><span class="brand">防止返贫 · 农户自主申报</span></header>
            <main class="narrow"><h1>\(village.name)</h1>
            <p>家里因病、因灾、因意外、因学、务工不稳等原因，收入明显下降或支出大幅增加，生活出现困难的，可以在这里申报。</p>
            \(content)</main></body></html>
            """
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
            let receipt = String(clue.id!.uuidString.prefix(8))
            let done: HTML = """
                <div class="flash"><b>申报已收到。</b>回执号：\(receipt)</div>
                <div class="panel"><p>\(merged ? "您家的情况此前已有反映，本次申报已合并到同一条线索，" : "")村干部将在 <b>\(clue.dueOn)</b> 前与您联系并入户核实。</p>
                <p>请保管好回执号。如有紧急困难，请直接联系村干部。</p></div>
                """
            return try await page(req, village: record, values: [:], errors: [:], done: done).encodeResponse(for: req)
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
