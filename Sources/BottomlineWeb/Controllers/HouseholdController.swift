import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Fluent
import Vapor

enum HouseholdController {
    static let pageSize = 50

    static func filter(from req: Request) -> HouseholdFilter {
        HouseholdFilter(region: try? req.query.get(String.self, at: "region"),
                        category: try? req.query.get(String.self, at: "category"),
                        monitored: (try? req.query.get(String.self, at: "monitored")) == "true",
                        noLabour: (try? req.query.get(String.self, at: "noLabour")) == "true",
                        gap: try? req.query.get(String.self, at: "gap"),
                        q: try? req.query.get(String.self, at: "q"))
    }

    static func list(_ req: Request) async throws -> HTML {
        let registry = try req.registry
        let codes = try await req.codeNames()
        let filter = filter(from: req)
        let page = max(1, min((try? req.query.get(Int.self, at: "page")) ?? 1, 100_000))
        let query = try await registry.search(filter)
        let total = try await query.countHouseholds()
        // Counting works on a copy, so the same query (and its name or ID look-ups) serves the page too.
        let rows = try await query.sort(\.$villageCode).sort(\.$number)
            .range(((page - 1) * pageSize)..<(page * pageSize)).all()
        let villageNames = try await names(for: Set(rows.map(\.villageCode)), on: req.db)
        let pages = max(1, (total + pageSize - 1) / pageSize)
        func link(page p: Int) -> String {
            var items: [String] = []
            for (k, v) in [("region", filter.region), ("category", filter.category), ("gap", filter.gap), ("q", filter.q)] {
                if let v, !v.isEmpty { items.append("\(k)=\(v.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")") }
            }
            if filter.monitored == true { items.append("monitored=true") }
            if filter.noLabour == true { items.append("noLabour=true") }
            items.append("page=\(p)")
            return "?" + items.joined(separator: "&")
        }
        let options = { (name: String, values: [(String, String)], selected: String?) -> HTML in
            "<select name=\"\(name)\" id=\"f-\(name)\"><option value=\"\">全部</option>\(values.map { v -> HTML in "<option value=\"\(v.0)\"\(HTML(raw: v.0 == selected ? " selected" : ""))>\(v.1)</option>" }.joined())</select>"
        }
        let gapOptions = [("any", "任一问题")] + BasicNeed.allCases.map { ($0.rawValue, $0.label + "未保障") }
        let form: HTML = """
            <form class="filters" method="get" action="/households">
            <div><label for="f-q">姓名/身份证号/户编号</label><input id="f-q" name="q" value="\(filter.q)" maxlength="40"></div>
            <div><label for="f-region">乡镇/村</label>\(try await regionSelect(req, selected: filter.region))</div>
            <div><label for="f-category">户类别</label>\(options("category", HouseholdCategory.allCases.map { ($0.rawValue, $0.label) }, filter.category))</div>
            <div><label for="f-gap">三保障/饮水</label>\(options("gap", gapOptions, filter.gap))</div>
            <div><label><input type="checkbox" name="monitored" value="true"\(HTML(raw: filter.monitored == true ? " checked" : ""))> 仅监测对象</label>
            <label><input type="checkbox" name="noLabour" value="true"\(HTML(raw: filter.noLabour == true ? " checked" : ""))> 整户无劳动力</label></div>
            <div><button>查询</button> <a class="button secondary" href="/households">清除</a></div>
            </form>
            """
        let exportQuery = link(page: 1)
        let table: HTML = """
            <p class="small muted">共 \(Layout.number(total)) 户 · 第 \(page)/\(pages) 页 ·
            <a href="/households/export.xlsx\(exportQuery)">导出 XLSX</a> · <a href="/households/export.csv\(exportQuery)">导出 CSV</a>\((try? req.user.roleValue.canEditRegistry) == true ? " · <a href=\"/households/new\">新建农户</a>" as HTML : "")</p>
            <table class="stack"><thead><tr><th>户编号</th><th>户主</th><th>村</th><th class="num">人数</th><th>户类别</th><th>状态</th></tr></thead><tbody>
            \(rows.map { h -> HTML in
                "<tr><td data-label=\"户编号\"><a href=\"/households/\(h.id!.uuidString)\">\(h.number)</a></td><td data-label=\"户主\">\(h.householderName)</td><td data-label=\"村\">\(villageNames[h.villageCode] ?? h.villageCode)</td><td class=\"num\" data-label=\"人数\">\(h.memberCount)</td><td data-label=\"户类别\">\(h.categoryValue?.label ?? h.category)</td><td data-label=\"状态\">\(tags(h, names: codes))</td></tr>"
            }.joined())
            </tbody></table>
            <div class="pager">\(page > 1 ? "<a class=\"button secondary\" href=\"\(link(page: page - 1))\">上一页</a>" as HTML : "")
            \(page < pages ? "<a class=\"button secondary\" href=\"\(link(page: page + 1))\">下一页</a>" as HTML : "")</div>
            """
        return Layout.page("农户名册", request: req, form + table)
    }

    /// The regions a list can be narrowed to: the townships of the user's region, and the villages of the township in
    /// view (or of the user's own township), so the control stays short in a county of hundreds of villages.
    static func regionSelect(_ req: Request, selected: String?) async throws -> HTML {
        let registry = try req.registry
        let own = try await RegionRecord.find(registry.region.digits, on: req.db)
        let chosen = selected.flatMap(RegionCode.init).flatMap { registry.canSee($0) ? $0 : nil }
        // The township whose villages to offer: the chosen one, the chosen village's, or the user's own.
        let township = [chosen, registry.region].compactMap { $0 }.compactMap { code -> RegionCode? in
            switch code.level {
            case .township: code
            case .village: code.parent
            default: nil
            }
        }.first
        var regions = try await RegionRecord.query(on: req.db).within(registry.region)
            .filter(\.$level == RegionCode.Level.township.rawValue).sort(\.$id).all()
        if let township, registry.canSee(township) || township.contains(registry.region) {
            let villages = try await RegionRecord.query(on: req.db).within(township).filter(\.$level == RegionCode.Level.village.rawValue)
                .within(registry.region).sort(\.$id).all()
            let index = regions.firstIndex { $0.id == township.digits }.map { $0 + 1 } ?? regions.count
            regions.insert(contentsOf: villages, at: index)
        }
        var options: [HTML] = ["<option value=\"\">\(own?.name ?? "全部")（全部）</option>"]
        for region in regions {
            let indent = region.level == RegionCode.Level.village.rawValue ? "\u{3000}" : ""
            options.append("<option value=\"\(region.id!)\"\(HTML(raw: region.id == selected ? " selected" : ""))>\(indent + region.name)</option>")
        }
        return "<select id=\"f-region\" name=\"region\">\(options.joined())</select>"
    }

    static func tags(_ h: HouseholdRecord, names: CodeNames) -> HTML {
        var tags: [HTML] = []
        if let m = h.monitoringValue { tags.append("<span class=\"tag mon\">\(names(m))</span>") }
        if h.gapHousing { tags.append("<span class=\"tag bad\">住房</span>") }
        if h.gapEducation { tags.append("<span class=\"tag bad\">辍学</span>") }
        if h.gapMedical { tags.append("<span class=\"tag bad\">医保</span>") }
        if h.gapWater { tags.append("<span class=\"tag bad\">饮水</span>") }
        if !h.hasLabour { tags.append("<span class=\"tag\">无劳动力</span>") }
        return tags.joined()
    }

    static func names(for codes: Set<String>, on db: any Database) async throws -> [String: String] {
        guard !codes.isEmpty else { return [:] }
        return Dictionary(try await RegionRecord.query(on: db).filter(\.$id ~~ Array(codes)).all().map { ($0.id!, $0.name) },
                          uniquingKeysWith: { a, _ in a })
    }

    static func scopedHousehold(_ req: Request) async throws -> HouseholdRecord {
        let raw = req.parameters.get("id") ?? ""
        guard let id = UUID(uuidString: raw), let household = try await req.registry.household(id) else {
            throw try await req.notFoundLogged("household", id: raw)
        }
        return household
    }

    static func show(_ req: Request) async throws -> HTML {
        let registry = try req.registry
        let household = try await scopedHousehold(req)
        let codes = try await req.codeNames(for: RegionCode(household.villageCode))
        let members = try await registry.members(of: household)
        let incomes = try await IncomeRecord.query(on: req.db).filter(\.$householdID == household.id!).sort(\.$year, .descending).all()
        let events = try await MembershipEventRecord.query(on: req.db).filter(\.$householdID == household.id!).sort(\.$eventDate, .descending).all()
        let history = try await AuditLog.forHousehold(household.id!, on: req.db)
        let village = try await RegionRecord.find(household.villageCode, on: req.db)
        // A full ID number is shown once, after the POST that logged it; the URL alone reveals nothing.
        let revealed = req.session.data["reveal"]
        req.session.data["reveal"] = nil
        let today = CivilDate.today
        let needs = needsAssessment(household, members: members, on: today)

        let canEdit = (try? req.user.roleValue.canEditRegistry) ?? false
        let facts: HTML = """
            <div class="panel"><dl class="facts">
            <dt>户编号</dt><dd>\(household.number)</dd>
            <dt>所在村</dt><dd>\(village?.name ?? "")（\(household.villageCode)）</dd>
            <dt>户类别</dt><dd>\(household.categoryValue?.label ?? household.category) \(tags(household, names: codes))</dd>
            <dt>监测对象</dt><dd>\(household.monitoringValue.map { "\(codes($0))（\(household.monitoringSince ?? "")纳入）" } ?? "否")</dd>
            <dt>家庭住址</dt><dd>\(household.address)</dd>
            <dt>联系电话</dt><dd>\(household.phone.map(maskPhone) ?? "")</dd>
            <dt>易地扶贫搬迁</dt><dd>\(household.relocated ? "是" : "否")</dd>
            <dt>住房安全等级</dt><dd>\(household.housingGrade.flatMap(HousingGrade.init(rawValue:))?.label ?? "未采集")</dd>
            <dt>饮水安全</dt><dd>\(household.waterSecure.map { $0 ? "安全" : "不安全" } ?? "未采集")</dd>
            </dl></div>
            """
        let needsPanel: HTML = """
            <h2>两不愁三保障及饮水安全</h2><div class="panel">
            \(BasicNeed.allCases.map { need -> HTML in
                if let gap = needs.gaps.first(where: { $0.need == need }) {
                    return "<div><span class=\"tag bad\">\(need.label)未保障</span> \(gap.reason)</div>"
                }
                if needs.unknown.contains(need) { return "<div><span class=\"tag\">\(need.label)</span> 数据未采集</div>" }
                return "<div><span class=\"tag good\">\(need.label)已保障</span></div>"
            }.joined())</div>
            """
        let eligibilityPanel = try await eligibilityPanel(req, household, members: members, incomes: incomes)
        let helperPanel = try await helperPanel(req, household, canEdit: canEdit && household.isActive, form: nil, errors: [:])
        let memberRows: HTML = members.map { p -> HTML in
            let showFull = revealed == p.id?.uuidString
            let age = p.birth.map { String($0.age(on: today)) } ?? ""
            let idCell: HTML = showFull ? "\(p.idNumber)" : """
                \(ResidentID.mask(p.idNumber)) <form class="noprint inline" method="post" action="/persons/\(p.id!.uuidString)/reveal">\(CSRF.field(for: req))<button class="secondary small" title="查看完整号码会被记录">显示</button></form>
                """
            let disability = p.disability.flatMap(DisabilityGrade.init(rawValue:)).map { "（\($0.label)）" } ?? ""
            return """
                <tr><td data-label="姓名">\(p.name)</td><td data-label="关系">\(label(Relation.self, p.relation))</td><td data-label="身份证号">\(idCell)</td>
                <td data-label="性别">\(Sex(rawValue: p.sex)?.label ?? "")</td><td data-label="年龄" class="num">\(age)</td>
                <td data-label="劳动能力">\(label(LabourCapacity.self, p.labour))</td><td data-label="健康">\(label(HealthStatus.self, p.health))\(disability)</td>
                <td data-label="在校">\(label(EducationStage.self, p.education))</td><td data-label="医保">\(p.medicalInsured.map { $0 ? "已参保" : "未参保" } ?? "")</td>
                <td data-label="务工">\(label(EmploymentStatus.self, p.employment))\(p.workPlace.map { "（\($0)）" } ?? "")</td>
                <td data-label="状态">\(label(MemberStatus.self, p.status))\(canEdit ? " <a class=\"noprint\" href=\"/persons/\(p.id!.uuidString)/edit\">修改</a>" as HTML : "")</td></tr>
                """
        }.joined()
        let membersTable: HTML = """
            <h2>家庭成员（在册 \(household.memberCount) 人）</h2>
            <table class="stack"><thead><tr><th>姓名</th><th>与户主关系</th><th>身份证号</th><th>性别</th><th class="num">年龄</th><th>劳动能力</th><th>健康状况</th><th>在校生状况</th><th>基本医保</th><th>务工</th><th>状态</th></tr></thead>
            <tbody>\(memberRows)</tbody></table>
            """
        let incomeRows: HTML = incomes.map { r -> HTML in
            let i = r.income
            let perCapita = i.perCapitaNet(members: max(1, r.memberCount))
            return "<tr><td>\(r.year)</td>\(IncomeField.allCases.map { f -> HTML in "<td class=\"num\">\(i[f].yuanText)</td>" }.joined())<td class=\"num\"><b>\(i.netIncome.yuanText)</b></td><td class=\"num\"><b>\(perCapita?.yuanText ?? "")</b></td></tr>"
        }.joined()
        let incomeTable: HTML = """
            <h2>家庭收入（元）</h2>
            \(incomes.isEmpty ? "<p class=\"muted\">尚未登记收入</p>" as HTML : """
            <div class="scroll-x"><table><thead><tr><th>年度</th>\(IncomeField.allCases.map { f -> HTML in "<th class=\"num\">\(f.label)</th>" }.joined())<th class="num">家庭纯收入</th><th class="num">人均纯收入</th></tr></thead>
            <tbody>\(incomeRows)</tbody></table></div>
            """ as HTML)
            """
        let eventRows: HTML = events.map { e -> HTML in
            "<tr><td>\(e.eventDate)</td><td>\(label(MembershipEventKind.self, e.kind))</td><td>\(e.note)</td></tr>"
        }.joined()
        let historyRows: HTML = history.prefix(200).map { a -> HTML in
            "<tr><td class=\"small\">\(format(a.at))</td><td>\(a.username)</td><td>\(AuditLog.Action(rawValue: a.action)?.label ?? a.action)</td><td>\(a.summary)</td></tr>"
        }.joined()
        let historyPanel: HTML = """
            <h2>人口变动</h2>
            \(events.isEmpty ? "<p class=\"muted\">无人口变动记录</p>" as HTML : "<table><thead><tr><th>日期</th><th>类型</th><th>说明</th></tr></thead><tbody>\(eventRows)</tbody></table>" as HTML)
            <h2>操作记录</h2>
            <table><thead><tr><th>时间</th><th>操作人</th><th>操作</th><th>内容</th></tr></thead><tbody>\(historyRows)</tbody></table>
            """
        let hid = household.id!.uuidString
        let actions: HTML = !household.isActive ? "<p class=\"flash bad\">本户已并入他户，档案保留备查。</p>" : canEdit ? """
            <div class="actions noprint"><a class="button" href="/households/\(hid)/edit">修改户信息</a>
            <a class="button secondary" href="/households/\(hid)/members/new">新增成员</a>
            <a class="button secondary" href="/households/\(hid)/income">登记收入</a>
            <a class="button secondary" href="/households/\(hid)/changes">分户/并户/迁村</a></div>
            """ : ""
        // Township › village › 农户名册, as far up as the user may see.
        var crumbs: [(String, String?)] = [("农户名册", "/households?region=\(household.villageCode)")]
        if let village {
            crumbs.insert((village.name, "/regions/\(village.id!)"), at: 0)
            if let townshipCode = village.parentCode.flatMap(RegionCode.init), registry.canSee(townshipCode),
               let township = try await RegionRecord.find(townshipCode.digits, on: req.db) {
                crumbs.insert((township.name, "/regions/\(townshipCode.digits)"), at: 0)
            }
        }
        return Layout.page("\(household.householderName)户", request: req, crumbs: crumbs,
                           actions + facts + needsPanel + (try await LifecycleController.householdSection(req, household)) + eligibilityPanel + helperPanel + membersTable + incomeTable + historyPanel)
    }

    static func needsAssessment(_ household: HouseholdRecord, members: [PersonRecord], on today: CivilDate) -> BasicNeedsAssessment {
        BasicNeedsAssessment(
            housing: household.housingGrade.flatMap(HousingGrade.init(rawValue:)), waterSecure: household.waterSecure,
            members: members.filter(\.isMember).map {
                .init(name: $0.name, birthDate: $0.birth ?? today, education: $0.education.flatMap(EducationStage.init(rawValue:)),
                      medicalInsured: $0.medicalInsured)
            }, on: today)
    }

    /// 识别纳入助手: the latest year's income against that year's line, with the other criteria. Shown on the household
    /// page and in the 入户核实 step.
    static func eligibilityPanel(_ req: Request, _ household: HouseholdRecord, members: [PersonRecord], incomes: [IncomeRecord]) async throws -> HTML {
        let registry = try req.registry
        let today = CivilDate.today
        let place = RegionCode(household.villageCode) ?? registry.region
        let book = try await PolicyStore.book(for: place, on: req.db)
        let latest = incomes.max { $0.year < $1.year }
        let eligibility = EligibilityAssessment(.init(
            category: household.categoryValue ?? .ordinary, income: latest?.income, members: household.memberCount,
            needs: needsAssessment(household, members: members, on: today), hasLabour: household.hasLabour,
            line: latest.flatMap { book.incomeLine(forIncomeYear: $0.year, place: place) }))
        let objectName = book.text(.monitoringObjectName, for: place, on: today) ?? "监测对象"
        return """
            <h2>识别纳入参考（\(objectName)）</h2><div class="panel">
            \(eligibility.suggestion.map { "<p><span class=\"tag mon\">建议：\($0.label)</span></p>" as HTML } ?? "")
            <ul class="reasons">\(eligibility.reasons.map { r -> HTML in "<li>\(r)</li>" }.joined())</ul>
            <p class="small muted">系统依据收入、合规自付支出、三保障和饮水、劳动能力给出参考，是否纳入由入户核实和民主评议决定。</p></div>
            """
    }

    struct HelperForm: Content {
        var helper: String?
        var startDate: String?
    }

    /// 帮扶责任人: the current one, earlier ones with their dates, and (for editors) the form to assign.
    static func helperPanel(_ req: Request, _ household: HouseholdRecord, canEdit: Bool, form: HelperForm?, errors: FieldErrors) async throws -> HTML {
        let store = RegistryStore(try req.registry)
        let history = try await store.helperHistory(of: household)
        let rows = history.map { r, user -> HTML in
            "<tr><td>\(user?.displayName ?? "（已删除用户）")</td><td>\(user?.roleValue.label ?? "")</td><td>\(r.startDate)</td><td>\(r.endDate ?? "至今")</td></tr>"
        }.joined()
        var assign: HTML = ""
        if canEdit {
            let candidates = try await store.helperCandidates(for: household)
            assign = """
                <form method="post" action="/households/\(household.id!.uuidString)/helper">\(CSRF.field(for: req))<div class="grid">
                \(FormView.select("helper", "帮扶责任人", options: candidates.map { ($0.id!.uuidString, "\($0.displayName)（\($0.roleValue.label)）") }, selected: form?.helper ?? "", errors: errors, required: true, blank: "请选择"))
                \(FormView.text("startDate", "开始日期", value: form?.startDate ?? CivilDate.today.description, errors: errors, type: "date", required: true))
                </div><div class="actions"><button class="secondary">确定帮扶责任人</button></div></form>
                """
        }
        return """
            <h2>帮扶责任人</h2><div class="panel">
            \(history.isEmpty ? "<p class=\"muted\">尚未确定帮扶责任人</p>" as HTML : "<table><thead><tr><th>姓名</th><th>身份</th><th>开始</th><th>结束</th></tr></thead><tbody>\(rows)</tbody></table>" as HTML)
            \(assign)</div>
            """
    }

    static func assignHelper(_ req: Request) async throws -> Response {
        try RegistryEditController.requireEditor(req)
        let household = try await scopedHousehold(req)
        let form = try RegistryEditController.decode(HelperForm.self, req)
        var errors = FieldErrors()
        if let helper = form.helper.flatMap(UUID.init(uuidString:)), let date = form.startDate.flatMap(CivilDate.init(parsing:)) {
            do {
                try await RegistryStore(try req.registry).assignHelper(household, to: helper, from: date)
                return req.redirect(to: "/households/\(household.id!.uuidString)")
            } catch let problems as FieldProblems {
                errors = problems.errors
            }
        } else {
            errors["helper"] = "请选择帮扶责任人并填写开始日期"
        }
        let panel = try await helperPanel(req, household, canEdit: true, form: form, errors: errors)
        return try await Layout.page("帮扶责任人：\(household.householderName)户", request: req,
                                     crumbs: [("\(household.householderName)户", "/households/\(household.id!.uuidString)")],
                                     FormView.summary(errors) + panel).encodeResponse(status: .unprocessableEntity, for: req)
    }

    /// Shows one person's full ID number and logs that it was shown.
    static func revealID(_ req: Request) async throws -> Response {
        let raw = req.parameters.get("id") ?? ""
        guard let id = UUID(uuidString: raw), let (person, household) = try await req.registry.person(id) else {
            throw try await req.notFoundLogged("person", id: raw)
        }
        try await AuditLog.record(on: req.db, actor: try req.actor, action: .revealID, entity: "person", entityID: raw,
                                  householdID: household.id, region: household.villageCode,
                                  summary: "查看\(person.name)的完整身份证号")
        req.session.data["reveal"] = person.id?.uuidString
        return req.redirect(to: "/households/\(household.id!.uuidString)")
    }

    static func export(_ req: Request) async throws -> Response {
        let registry = try req.registry
        let filter = filter(from: req)
        let limit = 200_000
        let rows = try await registry.search(filter).sort(\.$villageCode).sort(\.$number).limit(limit).all()
        let villageNames = try await names(for: Set(rows.map(\.villageCode)), on: req.db)
        let codes = try await req.codeNames()
        let header = ["户编号", "村区划代码", "村名称", "户主", "人数", "户类别", "监测对象类别", "住房安全等级", "饮水安全", "整户无劳动力", "三保障/饮水问题", "家庭住址"]
        func cells(_ h: HouseholdRecord) -> [String] {
            let gaps = [(h.gapHousing, "住房"), (h.gapEducation, "义务教育"), (h.gapMedical, "医保"), (h.gapWater, "饮水")].filter(\.0).map(\.1)
            return [h.number, RegionCode(h.villageCode)?.padded ?? h.villageCode, villageNames[h.villageCode] ?? "", h.householderName,
                    String(h.memberCount), h.categoryValue?.label ?? h.category,
                    h.monitoringValue.map { codes($0) } ?? "",
                    h.housingGrade ?? "", h.waterSecure.map { $0 ? "是" : "否" } ?? "", h.hasLabour ? "否" : "是",
                    gaps.joined(separator: "、"), h.address]
        }
        let stamp = CivilDate.today.description
        let format = req.url.path.hasSuffix(".csv") ? "csv" : "xlsx"
        let body: Data
        let type: HTTPMediaType
        if format == "csv" {
            body = CSV.write(header: header, rows: rows.map(cells))
            type = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        } else {
            body = try XLSXWorkbook.list(name: "农户名册", header: header, rows: rows.map { h in
                cells(h).enumerated().map { i, v in i == 4 ? .integer(Int64(v) ?? 0) : .text(v) }
            }).data()
            type = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        }
        var headers = HTTPHeaders()
        headers.contentType = type
        let filename = "农户名册-\(stamp).\(format)"
        headers.replaceOrAdd(name: .contentDisposition,
                             value: "attachment; filename=\"households-\(stamp).\(format)\"; filename*=UTF-8''\(filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
        return Response(status: .ok, headers: headers, body: .init(data: body))
    }

    static func label<L: CodeList>(_ type: L.Type, _ raw: String?) -> String {
        guard let raw else { return "" }
        return L(rawValue: raw)?.label ?? raw
    }

    static func maskPhone(_ phone: String) -> String {
        phone.count >= 11 ? phone.prefix(3) + "****" + phone.suffix(4) : phone
    }

    static func format(_ date: Date) -> String {
        let f = DateFormatter()
        f.timeZone = .chinaStandard
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }
}
