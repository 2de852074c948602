import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Fluent
import Vapor

/// 就业帮扶 (issue 16 §3): the records a cadre keeps on the household page, the region's figures against its targets,
/// and the 公益岗位 checks.
enum JobController {
    static func asOf(_ req: Request) -> CivilDate {
        req.queryText("asOf").flatMap(CivilDate.init(parsing:)).flatMap { $0 <= .today && $0.year >= 2000 ? $0 : nil } ?? .today
    }

    static func requireReader(_ req: Request) throws {
        guard try req.actor.role.stepLevel != nil || req.actor.role == .leader || req.actor.role == .admin else {
            throw Abort(.forbidden, reason: "就业帮扶由县、乡镇、村干部和领导查看")
        }
    }

    static func show(_ req: Request) async throws -> HTML {
        try requireReader(req)
        var model = try await JobsPage.Model.query(try req.registry, asOf: asOf(req), context: req.pageContext())
        model.mayExportLists = try req.user.roleValue.canImport && req.actor.region.level == .county
        model.mayRecordAttendance = try req.actor.role.stepLevel != nil
        return JobsPage.view(model)
    }

    static func setTarget(_ req: Request) async throws -> Response {
        try requireReader(req)
        let values = try req.formValues()
        let day = CivilDate(parsing: values.text("asOf", limit: 20)).flatMap { $0 <= .today ? $0 : nil } ?? .today
        var errors = FieldErrors()
        let measure = errors.take("measure", FieldRules.choice(values.text("measure", limit: 40), JobMeasure.self))
        let year = Int(values.text("year", limit: 6)), target = Int(values.text("target", limit: 12))
        if year == nil { errors["year"] = "请填写年度" }
        if target == nil { errors["target"] = "目标应为整数" }
        if errors.isEmpty, let measure, let year, let target {
            do {
                let unitText = values.text("unit", limit: 20)
                let unit = unitText.isEmpty ? nil : RegionCode(unitText)
                if !unitText.isEmpty, unit == nil { throw FieldProblems(["unit": "只能下达给本级或直接下级单位"]) }
                try await JobStore(try req.registry).setTarget(measure, year: year, target: target, source: values.text("source", limit: 400), for: unit, today: .today)
                return req.redirect(to: "\(SitePath.jobs)?asOf=\(day)")
            } catch let p as FieldProblems { errors = p.errors }
        }
        var model = try await JobsPage.Model.query(try req.registry, asOf: day, context: req.pageContext())
        (model.values, model.errors) = (values, errors.isEmpty ? ["_": "目标任务由县级及以上登记"] : errors)
        return try await JobsPage.view(model).encodeResponse(status: .unprocessableEntity, for: req)
    }

    static func export(_ req: Request) async throws -> Response {
        try requireReader(req)
        let day = asOf(req)
        let model = try await JobsPage.Model.query(try req.registry, asOf: day, context: req.pageContext())
        let rows: [[XLSXWorkbook.Cell]] = (model.rows + [("合计", model.total)]).map { r in
            [.text(r.name)] + JobsPage.cells(r.figures).map { c in Int64(c).map { XLSXWorkbook.Cell.integer($0) } ?? Double(c).map { .number($0) } ?? .text(c) }
        }
        let sheet = XLSXWorkbook.list(name: "就业帮扶（截至\(day.month)月\(day.day)日）", header: [model.unitHeader] + JobsPage.header, rows: rows)
        return Download.response(try sheet.data(), type: Download.xlsx, asciiName: "jobs-\(day).xlsx", name: "\(model.regionName)就业帮扶-\(day).xlsx")
    }

    /// 务工, 公益性岗位 or 雨露计划 of the reader's region as XLSX in the import's own columns (so a corrected file goes
    /// back in), ID numbers in full: a list leaving the system needs the import/export permission and is audited.
    static func list(_ req: Request) async throws -> Response {
        guard try req.user.roleValue.canImport else { throw Abort(.forbidden, reason: "导出名单需要导入导出权限（县级管理员）") }
        let raw = (req.parameters.get("kind") ?? "").replacingOccurrences(of: ".xlsx", with: "")
        guard let kind = LedgerImportKind(rawValue: raw), [.workSpells, .publicPosts, .yulu].contains(kind) else { throw Abort(.notFound) }
        let registry = try req.registry
        var people: [UUID: PersonRecord] = [:]
        func ids(_ personIDs: [UUID]) async throws {
            for p in try await PersonRecord.query(on: req.db).filter(\.$id ~~ Set(personIDs)).all() { people[p.id!] = p }
        }
        var rows: [[XLSXWorkbook.Cell]] = []
        switch kind {
        case .workSpells:
            let records = try await registry.scoped(WorkSpellRecord.self).sort(\.$villageCode).sort(\.$startMonth).limit(200_000).all()
            try await ids(records.map(\.personID))
            rows = records.map { r in
                [.text(people[r.personID]?.idNumber ?? ""), .text(r.placeCode), .text(r.startMonth), .text(r.endMonth ?? ""), .text(r.employer),
                 .text(WorkChannel(rawValue: r.channel)?.label ?? r.channel), r.monthlyIncomeFen.map { .number(Double($0) / 100) } ?? .text(""),
                 .text(people[r.personID]?.name ?? ""), .text(r.villageCode)]
            }
        case .publicPosts:
            let records = try await registry.scoped(PublicPostRecord.self).sort(\.$villageCode).sort(\.$startOn).limit(200_000).all()
            try await ids(records.map(\.personID))
            rows = records.map { r in
                [.text(people[r.personID]?.idNumber ?? ""), .text(PublicPostType(rawValue: r.postType)?.label ?? r.postType), .text(r.employer), .text(r.startOn),
                 .text(r.endOn ?? ""), .number(Double(r.monthlyPayFen) / 100), .text(people[r.personID]?.name ?? ""), .text(r.villageCode)]
            }
        default:
            let records = try await registry.scoped(YuluPaymentRecord.self).sort(\.$villageCode).sort(\.$termStart).limit(200_000).all()
            try await ids(records.map(\.personID))
            rows = records.map { r in
                [.text(people[r.personID]?.idNumber ?? ""), .text(r.school), .text(VocationalSchoolType(rawValue: r.schoolType)?.label ?? r.schoolType), .text(r.termStart),
                 .number(Double(r.amountFen) / 100), .text(r.paidOn), .text(people[r.personID]?.name ?? ""), .text(r.villageCode)]
            }
        }
        let actor = try req.actor
        try await AuditLog.record(on: req.db, actor: actor, action: .revealID, entity: "job_list", region: actor.region.digits,
                                  summary: "导出\(kind.label)名单（含完整身份证号）：\(rows.count)条")
        let stamp = CivilDate.today.description
        let sheet = XLSXWorkbook.list(name: kind.label, header: kind.columns.map(\.name) + ["姓名", "村区划代码"], rows: rows)
        return Download.response(try sheet.data(), type: Download.xlsx, asciiName: "\(kind.rawValue)-\(stamp).xlsx", name: "\(kind.label)-\(stamp).xlsx")
    }

    /// An amount in 元: positive, at most two decimals.
    static func yuan(_ raw: String, field: String, label: String, into errors: inout FieldErrors) -> Money? {
        guard let m = Money(parsing: raw), m.fen > 0 else {
            errors[field] = raw.isEmpty ? "请填写\(label)" : "\(label)应为大于0的金额（元，最多两位小数）"
            return nil
        }
        return m
    }

    /// One record of the household's 就业帮扶, by the form's `record`: spell, post, yulu, skill, transport, or the end
    /// of a spell or a post.
    static func record(_ req: Request) async throws -> Response {
        let household = try await req.scopedHousehold()
        let back = "\(SitePath.household(.value(household.id!)))"
        let values = try req.formValues()
        let store = JobStore(try req.registry)
        let today = CivilDate.today
        let kind = values.text("record", limit: 20)
        let person = { (field: String) in UUID(uuidString: values.text(field + "Person", limit: 40)) }
        var errors = FieldErrors()
        let titles = ["spell": "登记务工", "post": "登记公益性岗位", "yulu": "登记雨露计划补助", "skill": "登记培训或证书", "transport": "登记交通补助",
                      "endSpell": "结束务工", "endPost": "公益性岗位离岗"]
        guard let title = titles[kind] else { return try await req.errorPage("就业帮扶", back: back, ["请从农户页面的就业帮扶表单提交"]) }
        do {
            switch kind {
            case "spell":
                let place = RegionCode(values.text("spellPlace", limit: 20))
                if place == nil { errors["spellPlace"] = "务工地应为县级行政区划代码（6位，如410102）" }
                let start = CivilMonth(parsing: values.text("spellStart", limit: 20))
                if start == nil { errors["spellStart"] = "请填写开始月份（如2025-03）" }
                let endText = values.text("spellEnd", limit: 20), end = CivilMonth(parsing: endText)
                if !endText.isEmpty, end == nil { errors["spellEnd"] = "结束月份应如2025-08，仍在务工请留空" }
                let channel = errors.take("spellChannel", FieldRules.choice(values.text("spellChannel", limit: 40), WorkChannel.self))
                let incomeText = values.text("spellIncome", limit: 20)
                let income = incomeText.isEmpty ? nil : yuan(incomeText, field: "spellIncome", label: "月收入", into: &errors)
                guard errors.isEmpty, let place, let start, let channel else { break }
                try await store.addSpell(household, person: person("spell"), WorkSpell(place: place, employer: values.text("spellEmployer", limit: 200), start: start,
                                                                                      end: end, channel: channel, monthlyIncome: income), today: today)
            case "post":
                let type = errors.take("postType", FieldRules.choice(values.text("postType", limit: 40), PublicPostType.self))
                let start = CivilDate(parsing: values.text("postStart", limit: 20))
                if start == nil { errors["postStart"] = "请填写上岗日期" }
                let pay = yuan(values.text("postPay", limit: 20), field: "postPay", label: "月补贴", into: &errors)
                guard errors.isEmpty, let type, let start, let pay else { break }
                try await store.addPost(household, person: person("post"), PublicPost(type: type, employer: values.text("postEmployer", limit: 200), start: start,
                                                                                     end: nil, monthlyPay: pay), today: today)
            case "yulu":
                let type = errors.take("yuluType", FieldRules.choice(values.text("yuluType", limit: 40), VocationalSchoolType.self))
                let term = CivilDate(parsing: values.text("yuluTerm", limit: 20)), paid = CivilDate(parsing: values.text("yuluPaid", limit: 20))
                if term == nil { errors["yuluTerm"] = "请填写开学日期" }
                if paid == nil { errors["yuluPaid"] = "请填写发放日期" }
                let amount = yuan(values.text("yuluAmount", limit: 20), field: "yuluAmount", label: "金额", into: &errors)
                guard errors.isEmpty, let type, let term, let paid, let amount else { break }
                try await store.addYulu(household, person: person("yulu"), school: values.text("yuluSchool", limit: 200), type: type, termStart: term,
                                        amount: amount, paidOn: paid, today: today)
            case "skill":
                let kind = errors.take("skillKind", FieldRules.choice(values.text("skillKind", limit: 40), SkillRecordKind.self))
                let day = CivilDate(parsing: values.text("skillDate", limit: 20))
                if day == nil { errors["skillDate"] = "请填写日期" }
                guard errors.isEmpty, let kind, let day else { break }
                try await store.addSkill(household, person: person("skill"), kind: kind, name: values.text("skillName", limit: 200), on: day, today: today)
            case "transport":
                let year = Int(values.text("transportYear", limit: 6)), paid = CivilDate(parsing: values.text("transportPaid", limit: 20))
                if year == nil { errors["transportYear"] = "请填写年度" }
                if paid == nil { errors["transportPaid"] = "请填写发放日期" }
                let amount = yuan(values.text("transportAmount", limit: 20), field: "transportAmount", label: "金额", into: &errors)
                guard errors.isEmpty, let year, let paid, let amount else { break }
                try await store.payTransport(household, person: person("transport"), year: year, amount: amount, paidOn: paid, today: today)
            case "endSpell":
                guard let id = UUID(uuidString: values.text("id", limit: 40)), let month = CivilMonth(parsing: values.text("endOn", limit: 20)) else {
                    errors["endOn"] = "请填写结束月份（如2025-08）"
                    break
                }
                try await store.endSpell(id, household: household, month: month, today: today)
            default:
                guard let id = UUID(uuidString: values.text("id", limit: 40)), let day = CivilDate(parsing: values.text("endOn", limit: 20)) else {
                    errors["endOn"] = "请填写离岗日期"
                    break
                }
                try await store.endPost(id, household: household, on: day, today: today)
            }
        } catch let p as FieldProblems {
            errors = p.errors
        }
        guard errors.isEmpty else { return try await req.errorPage(title, back: back + "#jobs", errors.sorted { $0.key < $1.key }.map(\.value)) }
        return req.redirect(to: back + "#jobs")
    }
}
