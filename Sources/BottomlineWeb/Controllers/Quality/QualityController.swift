import BottomlineDomain
import BottomlinePersistence
import Vapor

/// 疑点数据核查 (issue 18 §1): every reader of the registry sees the findings of their region; county, township and
/// village staff run the checks on their own region and explain a finding found right. Leaders read only.
enum QualityController {
    static func requireReader(_ req: Request) throws {
        guard try req.actor.role.readsRegistry else { throw Abort(.forbidden, reason: "疑点数据核查由县、乡镇、村办理") }
    }

    static func filters(_ req: Request) -> (DataCheckCode?, DataFindingState?) {
        let code = req.queryText("code").flatMap { DataCheckCode(rawValue: String($0.prefix(8))) }
        let state = req.queryText("state").map { String($0.prefix(12)) }
        // Without a state the list opens on what waits to be checked.
        return (code, state == nil ? .open : DataFindingState(rawValue: state!))
    }

    static func show(_ req: Request) async throws -> HTML {
        try requireReader(req)
        let (code, state) = filters(req)
        var model = try await QualityPage.Model.query(try req.registry, code: code, state: state, page: req.pageNumber, context: req.pageContext())
        if req.queryText("ran") != nil { model.flash = "核查完成" }
        if req.queryText("explained") != nil { model.flash = "已保存说明" }
        if req.queryText("set") != nil { model.flash = "已保存核查规则设置，下次核查起按新设置" }
        return QualityPage.view(model)
    }

    static func run(_ req: Request) async throws -> Response {
        try requireReader(req)
        do {
            try await DataCheckStore(try req.registry).run()
        } catch let p as FieldProblems {
            return try await req.errorPage("疑点数据核查", back: "\(SitePath.quality)", p.errors.sorted { $0.key < $1.key }.map(\.value), status: .forbidden)
        }
        return req.redirect(to: "\(SitePath.quality)?ran=1")
    }

    /// A check switched on or off or its number changed from a date; 试算 first shows what it would find.
    static func settings(_ req: Request) async throws -> Response {
        try requireReader(req)
        let registry = try req.registry
        let store = DataCheckStore(registry)
        guard store.maySet else { return try await req.errorPage("疑点数据核查", back: "\(SitePath.quality)", ["核查规则由县级设置"], status: .forbidden) }
        let values = try req.formValues()
        guard let code = DataCheckCode(rawValue: values.text("code", limit: 8)) else {
            return try await req.errorPage("疑点数据核查", back: "\(SitePath.quality)", ["请选择核查规则"])
        }
        var message: String
        var tried: (shift: FlagShift, names: [String: String])?
        var status: HTTPStatus = .ok
        let raw = values.text("value", limit: 20)
        let enabled = values.text("enabled", limit: 5)
        if enabled != "on" && enabled != "off" {
            (message, status) = ("请选择启用或停用", .unprocessableEntity)
        } else if !raw.isEmpty && Int(raw) == nil {
            (message, status) = ("请填写整数", .unprocessableEntity)
        } else if let from = CivilDate(parsing: values.text("effectiveFrom", limit: 20)) {
            let change = DataCheckStore.SettingChange(code: code, enabled: enabled == "on", value: Int(raw), effectiveFrom: from)
            do {
                if values.text("action", limit: 10) == "save" {
                    try await store.set(change)
                    return req.redirect(to: "\(SitePath.quality)?code=\(code.rawValue)&set=1")
                }
                let (standing, would, shift) = try await store.preview(change)
                message = "试算（未保存）：\(code.rawValue) \(code.check.name)上次核查有疑点\(standing)条，按此设置将发现\(would)条（新增\(shift.total.newly)条，不再提示\(shift.total.dropped)条）"
                tried = (shift, try await RegionStore.names(for: Set(shift.townships.keys).union(shift.villages.keys), on: req.db))
            } catch let p as FieldProblems {
                (message, status) = (p.errors.sorted { $0.key < $1.key }.map(\.value).joined(separator: "；"), p.errors["_"] == nil ? .unprocessableEntity : .forbidden)
            }
        } else {
            (message, status) = ("请填写生效日期", .unprocessableEntity)
        }
        var model = try await QualityPage.Model.query(registry, code: code, state: nil, context: req.pageContext())
        (model.settingCode, model.settingMessage, model.settingShift) = (code, message, tried)
        model.settingTried = (enabled != "off", String(raw.prefix(6)), String(values.text("effectiveFrom", limit: 10)))
        return try await QualityPage.view(model).encodeResponse(status: status, for: req)
    }

    static func explain(_ req: Request) async throws -> Response {
        try requireReader(req)
        let id = try await req.idParameter("data_finding")
        let registry = try req.registry
        let store = DataCheckStore(registry)
        guard let finding = try await store.finding(id) else { throw try await req.notFoundLogged("data_finding", id: id.uuidString) }
        let values = try req.formValues()
        do {
            try await store.explain(finding, reason: values.text("reason", limit: 2_000))
        } catch let p as FieldProblems {
            var model = try await QualityPage.Model.query(registry, code: finding.codeValue, state: nil, context: req.pageContext())
            (model.errors, model.errorFinding) = (p.errors, id.uuidString)
            return try await QualityPage.view(model).encodeResponse(status: .unprocessableEntity, for: req)
        }
        return req.redirect(to: "\(SitePath.quality)?code=\(finding.code)&explained=1")
    }
}
