import BottomlineDomain
import BottomlineInterchange
import Crypto
import Fluent
import Foundation

/// Imports a county's ledger files (issue 15 §4): its 项目库, the batches it received, 项目对接 and payments, from
/// XLSX or CSV (UTF-8 or GB18030). Every row is checked by the rules its form follows, against the records and against
/// the rows before it in the same file (a batch cannot be over-allocated by two rows together); one bad row and
/// nothing is written, and every problem is reported with its row and column. The checks run inside the write's
/// transaction, so what they read cannot change before the rows are written. A file already imported adds nothing.
/// Only a county user imports, for its own county.
public struct LedgerImporter: Sendable {
    public let registry: ScopedRegistry
    public init(_ registry: ScopedRegistry) { self.registry = registry }

    public struct Report: Sendable {
        public var kind: LedgerImportKind
        public var rows: Int
        public var added: Int
        public var unchanged: Int
        /// The file was imported before (same content): nothing was read into the ledger again.
        public var repeatedOn: Date?
    }

    var actor: Actor { registry.actor }
    var county: String { actor.region.digits }

    public func importFile(_ data: Data, filename: String, kind: LedgerImportKind, today: CivilDate) async throws -> Report {
        // A bank's data officer sends its own bank's balance files, nothing else.
        let bankOfficer = actor.role == .department && actor.bank != nil && actor.region.level == .county
        guard (actor.role == .county && actor.region.level == .county) || (bankOfficer && kind == .loanBalances) else {
            throw LedgerImportRefused([ImportProblem(row: 0, column: "", value: "", reason: bankOfficer ? "银行数据员只能报送本行的小额信贷余额" : "项目和资金台账由县级管理员导入")])
        }
        let table: Table
        do { table = try TableFile.read(data) } catch {
            throw LedgerImportRefused([ImportProblem(row: 0, column: "", value: "", reason: "无法读取文件：\(error)")])
        }
        let rows: [(row: Int, values: FormValues)]
        switch LedgerImport.rows(table, kind: kind) {
        case .failure(let refused): throw refused
        case .success(let r): rows = r
        }
        let sha = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let actor = self.actor, county = self.county
        return try await registry.db.writeTransaction { tx in
            if let earlier = try await LedgerImportRecord.query(on: tx).filter(\.$countyCode == county).filter(\.$kind == kind.rawValue)
                .filter(\.$sha256 == sha).first() {
                return Report(kind: kind, rows: rows.count, added: 0, unchanged: rows.count, repeatedOn: earlier.at)
            }
            var report: Report
            switch kind {
            case .projects: report = try await Self.projects(rows, county: county, actor: actor, filename: filename, today: today, on: tx)
            case .batches: report = try await Self.batches(rows, county: county, actor: actor, today: today, on: tx)
            case .allocations: report = try await Self.allocations(rows, county: county, actor: actor, today: today, on: tx)
            case .payments: report = try await Self.payments(rows, county: county, actor: actor, today: today, on: tx)
            case .assets: report = try await Self.assets(rows, county: county, actor: actor, today: today, on: tx)
            case .loanBalances: report = try await Self.loanBalances(rows, county: county, actor: actor, bank: bankOfficer ? actor.bank : nil, today: today, on: tx)
            case .workSpells, .publicPosts, .yulu: report = try await Self.jobs(rows, kind: kind, county: county, actor: actor, today: today, on: tx)
            }
            report.rows = rows.count
            let record = LedgerImportRecord()
            record.id = UUID()
            record.countyCode = county
            record.kind = kind.rawValue
            record.sha256 = sha
            record.filename = String(filename.prefix(200))
            record.rows = rows.count
            record.added = report.added
            record.userID = actor.userID
            record.at = Date()
            try await record.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .importFile, entity: "ledger_import", entityID: record.id!.uuidString,
                                      region: county, summary: "导入\(kind.label)文件“\(record.filename)”：\(rows.count)行，新增\(report.added)，未变化\(report.unchanged)")
            return report
        }
    }

    // MARK: 项目库

    static func projects(_ rows: [(row: Int, values: FormValues)], county: String, actor: Actor, filename: String, today: CivilDate,
                         on db: any Database) async throws -> Report {
        var problems: [ImportProblem] = []
        let kind = LedgerImportKind.projects
        let existing = Dictionary(try await ProjectRecord.query(on: db).filter(\.$countyCode == county).all().map { ($0.number, $0) },
                                  uniquingKeysWith: { a, _ in a })
        let places = Set(try await RegionRecord.query(on: db).within(RegionCode(county)!).all().compactMap(\.id))
        var seen: [String: Int] = [:]
        var new: [(ProjectDraft, ProjectStage)] = []
        var unchanged = 0
        for (row, values) in rows {
            var rowProblems: [ImportProblem] = []
            let number = values["number"] ?? ""
            if !number.isEmpty, let first = seen[number] {
                rowProblems.append(ImportProblem(row: row, column: "项目编号", value: number, reason: "与第\(first)行的项目编号重复"))
            }
            if !number.isEmpty, seen[number] == nil { seen[number] = row }
            if let way = values["way"] {
                rowProblems.append(ImportProblem(row: row, column: "联农带农方式", value: way, reason: "联农带农方式应为\(FarmerLinkWay.labels.joined(separator: "、"))"))
            }
            var stage = ProjectStage.proposed
            if let raw = values["stage"], !raw.isEmpty {
                if let s = ProjectStage(rawValue: raw), s != .rejected { stage = s } else {
                    rowProblems.append(ImportProblem(row: row, column: "项目环节", value: raw, reason: "项目环节应为\(ProjectStage.allCases.filter { $0 != .rejected }.map(\.label).joined(separator: "、"))"))
                }
            }
            switch ProjectDraft.validate(values, today: today) {
            case .failure(let p): rowProblems += LedgerImport.problems(p.errors, row: row, values: values, kind: kind)
            case .success(let draft):
                if !draft.place.hasPrefix(county) || !places.contains(draft.place) {
                    rowProblems.append(ImportProblem(row: row, column: "实施地点区划代码", value: draft.place, reason: "不是本县的村、乡镇或县区划代码"))
                } else if seen[draft.number] != row {
                    break   // the number repeats an earlier row: said above
                } else if let old = existing[draft.number] {
                    if old.draft == draft, old.stageValue == stage { unchanged += 1 } else {
                        let what = draft.changes(from: old.draft).prefix(3).joined(separator: "；")
                        rowProblems.append(ImportProblem(row: row, column: "项目编号", value: draft.number,
                                                         reason: "项目库中已有该编号，内容不同（\(what.isEmpty ? "项目环节不同" : what)）；已有项目的变更请在项目页面办理"))
                    }
                } else if rowProblems.isEmpty {
                    new.append((draft, stage))
                }
            }
            problems += rowProblems
        }
        guard problems.isEmpty else { throw LedgerImportRefused(problems) }
        for (draft, stage) in new {
            let project = ProjectRecord()
            project.id = UUID()
            project.countyCode = county
            project.draft = draft
            project.stage = stage.rawValue
            project.createdBy = actor.userID
            try await project.create(on: db)
            try await ProjectStore.step(project, .imported, from: .proposed, to: stage, on: today, notice: nil,
                                        comment: "自文件“\(String(filename.prefix(100)))”导入", actor: actor, on: db)
        }
        return Report(kind: kind, rows: rows.count, added: new.count, unchanged: unchanged)
    }

    // MARK: 资金下达

    static func batches(_ rows: [(row: Int, values: FormValues)], county: String, actor: Actor, today: CivilDate,
                        on db: any Database) async throws -> Report {
        var problems: [ImportProblem] = []
        let existing = try await FundBatchRecord.query(on: db).filter(\.$countyCode == county).all()
        var seen: [String: Int] = [:]
        var new: [FundBatch] = []
        var unchanged = 0
        for (row, values) in rows {
            switch FundForms.batch(values, today: today) {
            case .failure(let p): problems += LedgerImport.problems(p.errors, row: row, values: values, kind: .batches)
            case .success(let batch):
                let key = "\(batch.year)|\(batch.level.rawValue)|\(batch.document)"
                if let first = seen[key] {
                    problems.append(ImportProblem(row: row, column: "文号", value: batch.document, reason: "与第\(first)行是同一年度、同一级别的同一文号"))
                } else if let old = existing.first(where: { $0.year == batch.year && $0.level == batch.level.rawValue && $0.document == batch.document }) {
                    if old.amountFen == batch.amount.fen, old.kind == batch.kind.rawValue, old.issuedOn == "\(batch.issuedOn)" { unchanged += 1 } else {
                        problems.append(ImportProblem(row: row, column: "文号", value: batch.document,
                                                      reason: "已登记该文号的资金（\(Money(fen: old.amountFen).wanText)万元，\(old.issuedOn)），与本行不同"))
                    }
                } else {
                    new.append(batch)
                }
                seen[key] = seen[key] ?? row
            }
        }
        guard problems.isEmpty else { throw LedgerImportRefused(problems) }
        for batch in new { try await FundStore.insert(batch, county: county, actor: actor, on: db) }
        return Report(kind: .batches, rows: rows.count, added: new.count, unchanged: unchanged)
    }

    // MARK: 项目对接 and 支付

    struct Lookup {
        var batches: [String: FundBatchRecord]
        var projects: [String: ProjectRecord]

        init(county: String, on db: any Database) async throws {
            batches = Dictionary(try await FundBatchRecord.query(on: db).filter(\.$countyCode == county).all().map { ("\($0.year)|\($0.level)|\($0.document)", $0) },
                                 uniquingKeysWith: { a, _ in a })
            projects = Dictionary(try await ProjectRecord.query(on: db).filter(\.$countyCode == county).all().map { ($0.number, $0) },
                                  uniquingKeysWith: { a, _ in a })
        }

        func find(_ values: FormValues, row: Int) -> Result<(FundBatchRecord, ProjectRecord), LedgerImportRefused> {
            var problems: [ImportProblem] = []
            let level = values["level"] ?? ""
            let key = "\(values["year"] ?? "")|\(level)|\(values["document"] ?? "")"
            let batch = batches[key]
            if FundLevel(rawValue: level) == nil {
                problems.append(ImportProblem(row: row, column: "资金级别", value: level, reason: "资金级别应为\(FundLevel.labels.joined(separator: "、"))"))
            } else if batch == nil {
                problems.append(ImportProblem(row: row, column: "文号", value: values["document"] ?? "",
                                              reason: "本县没有\(values["year"] ?? "")年\(FundLevel(rawValue: level)?.label ?? "")资金的这个文号，请先导入或登记资金下达"))
            }
            let project = projects[values["project"] ?? ""]
            if project == nil { problems.append(ImportProblem(row: row, column: "项目编号", value: values["project"] ?? "", reason: "本县项目库中没有这个项目编号")) }
            guard problems.isEmpty, let batch, let project else { return .failure(LedgerImportRefused(problems)) }
            return .success((batch, project))
        }
    }

    static func allocations(_ rows: [(row: Int, values: FormValues)], county: String, actor: Actor, today: CivilDate,
                            on db: any Database) async throws -> Report {
        let lookup = try await Lookup(county: county, on: db)
        var given: [UUID: [FundAllocation]] = [:]
        for a in try await FundAllocationRecord.query(on: db).filter(\.$batchID ~~ lookup.batches.values.compactMap(\.id)).all() {
            given[a.batchID, default: []].append(a.allocation(industry: false))
        }
        var problems: [ImportProblem] = []
        var new: [FundAllocation] = []
        for (row, values) in rows {
            switch lookup.find(values, row: row) {
            case .failure(let p): problems += p.problems
            case .success(let (batch, project)):
                guard project.stageValue.isApproved else {
                    problems.append(ImportProblem(row: row, column: "项目编号", value: project.number, reason: "项目\(project.stageValue.label)，入库后才能对接资金"))
                    continue
                }
                switch FundForms.amountField(values["amount"] ?? "", label: "对接金额") {
                case .failure(let p): problems.append(ImportProblem(row: row, column: "对接金额（万元）", value: values["amount"] ?? "", reason: p.message))
                case .success(let amount):
                    if let p = FundRules.checkAllocation(amount, from: batch.batch, allocations: given[batch.id!] ?? []) {
                        problems.append(ImportProblem(row: row, column: "对接金额（万元）", value: values["amount"] ?? "", reason: p.message))
                    } else {
                        let a = FundAllocation(batchID: batch.id!, projectID: project.id!, amount: amount, industry: false)
                        given[batch.id!, default: []].append(a)
                        new.append(a)
                    }
                }
            }
        }
        guard problems.isEmpty else { throw LedgerImportRefused(problems) }
        for a in new {
            let record = FundAllocationRecord()
            record.id = a.id
            record.batchID = a.batchID
            record.projectID = a.projectID
            record.amountFen = a.amount.fen
            record.onDate = "\(today)"
            record.userID = actor.userID
            try await record.create(on: db)
        }
        return Report(kind: .allocations, rows: rows.count, added: new.count, unchanged: 0)
    }

    /// Payments of history are taken for projects from 开工 to 报账 (a county brings its settled projects' payments).
    static func payments(_ rows: [(row: Int, values: FormValues)], county: String, actor: Actor, today: CivilDate,
                         on db: any Database) async throws -> Report {
        let lookup = try await Lookup(county: county, on: db)
        let ids = lookup.batches.values.compactMap(\.id)
        let allocations = try await FundAllocationRecord.query(on: db).filter(\.$batchID ~~ ids).all().map { $0.allocation(industry: false) }
        var payments = try await FundPaymentRecord.query(on: db).filter(\.$batchID ~~ ids).all().map(\.payment)
        var problems: [ImportProblem] = []
        var new: [(FundPayment, String)] = []
        for (row, values) in rows {
            switch lookup.find(values, row: row) {
            case .failure(let p): problems += p.problems
            case .success(let (batch, project)):
                guard [ProjectStage.underway, .built, .accepted, .settled].contains(project.stageValue) else {
                    problems.append(ImportProblem(row: row, column: "项目编号", value: project.number, reason: "项目\(project.stageValue.label)，开工后才能支付"))
                    continue
                }
                switch FundForms.payment(values, batch: batch.id!, project: project.id!, today: today) {
                case .failure(let p): problems += LedgerImport.problems(p.errors, row: row, values: values, kind: .payments)
                case .success(let (payment, name)):
                    if let p = FundRules.checkPayment(payment, allocations: allocations, payments: payments) {
                        problems.append(ImportProblem(row: row, column: "支付金额（万元）", value: values["amount"] ?? "", reason: p.message))
                    } else {
                        payments.append(payment)
                        new.append((payment, name))
                    }
                }
            }
        }
        guard problems.isEmpty else { throw LedgerImportRefused(problems) }
        for (payment, name) in new { try await FundPaymentRecord(payment, payeeName: name, userID: actor.userID).create(on: db) }
        return Report(kind: .payments, rows: rows.count, added: new.count, unchanged: 0)
    }

    // MARK: 就业帮扶

    /// 务工, 公益性岗位 and 雨露计划 lists (issue 16 §3): each row names a present member of an active household of the
    /// county by ID number and is checked by the rules the household page's forms follow, against the person's records
    /// and the rows above it (two spells of one person in the file may not overlap either). A row already on record is
    /// unchanged.
    static func jobs(_ rows: [(row: Int, values: FormValues)], kind: LedgerImportKind, county: String, actor: Actor, today: CivilDate,
                     on db: any Database) async throws -> Report {
        let range = RegionCode(county)!.codeRange
        let ids = Set(rows.map { ($0.values["idNumber"] ?? "").uppercased() })
        var persons: [String: (PersonRecord, HouseholdRecord)] = [:]
        let people = try await PersonRecord.query(on: db).filter(\.$idNumber ~~ Array(ids)).filter(\.$status == MemberStatus.present.rawValue).all()
        let households = Dictionary(uniqueKeysWithValues: try await HouseholdRecord.query(on: db).filter(\.$id ~~ Set(people.map(\.householdID)))
            .filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper).filter(\.$status == HouseholdStatus.active.rawValue).all().map { ($0.id!, $0) })
        for p in people { if let h = households[p.householdID] { persons[p.idNumber] = (p, h) } }
        let personIDs = people.compactMap(\.id)
        var spells = Dictionary(grouping: try await WorkSpellRecord.query(on: db).filter(\.$personID ~~ personIDs).all(), by: \.personID).mapValues { $0.compactMap(\.spell) }
        var posts = Dictionary(grouping: try await PublicPostRecord.query(on: db).filter(\.$personID ~~ personIDs).all(), by: \.personID).mapValues { $0.compactMap(\.post) }
        let terms = Set(try await YuluPaymentRecord.query(on: db).filter(\.$personID ~~ personIDs).all().map { "\($0.personID)\u{1F}\($0.termStart)" })
        var problems: [ImportProblem] = []
        var newSpells: [WorkSpellRecord] = [], newPosts: [PublicPostRecord] = [], newYulu: [YuluPaymentRecord] = [], measures: [MeasureRecord] = []
        var unchanged = 0, seenTerms: Set<String> = []
        let channels = CodeLookup<WorkChannel>(), types = CodeLookup<PublicPostType>(), schools = CodeLookup<VocationalSchoolType>()
        for (row, values) in rows {
            func problem(_ key: String, _ reason: String) {
                problems.append(ImportProblem(row: row, column: kind.columnName(forKey: key), value: String((values[key] ?? "").prefix(60)), reason: reason))
            }
            guard let (person, household) = persons[(values["idNumber"] ?? "").uppercased()] else {
                problem("idNumber", "本县在册农户中没有此身份证号的在册成员"); continue
            }
            let home = RegionCode(String(household.villageCode.prefix(6)))!
            func money(_ key: String, _ label: String, optional: Bool = false) -> Money? {
                let raw = values[key] ?? ""
                if raw.isEmpty, optional { return nil }
                guard let m = Money(parsing: raw), m.fen > 0 else { problem(key, "\(label)应为大于0的金额（元）"); return nil }
                return m
            }
            let before = problems.count
            switch kind {
            case .workSpells:
                let place = RegionCode(values["place"] ?? ""), start = CivilMonth(parsing: values["start"] ?? "")
                let endText = values["end"] ?? "", end = CivilMonth(parsing: endText)
                let channel = channels(values["channel"] ?? ""), income = money("monthlyIncome", "月收入", optional: true)
                if place == nil { problem("place", "务工地应为县级行政区划代码（6位）") }
                if start == nil { problem("start", "开始月份应如2025-03") }
                if !endText.isEmpty, end == nil { problem("end", "结束月份应如2025-08，仍在务工请留空") }
                if channel == nil { problem("channel", "就业渠道应为：\(WorkChannel.labels.joined(separator: "、"))") }
                guard problems.count == before, let place, let start, let channel else { continue }
                let spell = WorkSpell(place: place, employer: values["employer"] ?? "", start: start, end: end, channel: channel, monthlyIncome: income)
                let mine = spells[person.id!] ?? []
                if mine.contains(where: { $0.start == spell.start && $0.place == spell.place && $0.end == spell.end }) { unchanged += 1; continue }
                var errors = JobRules.spellProblems(spell, others: mine, thisMonth: CivilMonth(today))
                let scope = WorkPlaceScope.of(place: place, home: home)
                if errors.isEmpty, scope != .county, let p = (posts[person.id!] ?? []).first(where: { $0.overlaps(start.firstDay, end?.lastDay) }) {
                    errors["place"] = "\(person.name)在公益性岗位（\(p.type.label)，\(p.period)）上，不能同时\(scope.label)务工"
                }
                guard errors.isEmpty else { problems += LedgerImport.problems(errors, row: row, values: values, kind: kind); continue }
                spells[person.id!, default: []].append(spell)
                let r = WorkSpellRecord()
                (r.id, r.householdID, r.villageCode, r.personID) = (UUID(), household.id!, household.villageCode, person.id!)
                (r.placeCode, r.employer, r.channel) = (place.digits, String(spell.employer.prefix(60)), channel.rawValue)
                (r.startMonth, r.endMonth, r.monthlyIncomeFen, r.createdBy) = (start.description, end?.description, income?.fen, actor.username)
                newSpells.append(r)
                if let m = MeasureRecord.ledger(for: household, id: r.id!, .employment, "\(person.name)\(scope.label)务工", start: start.firstDay,
                                                  end: end?.lastDay, actor: actor) { measures.append(m) }
            case .publicPosts:
                let type = types(values["type"] ?? ""), start = CivilDate(parsing: values["start"] ?? "")
                let endText = values["end"] ?? "", end = CivilDate(parsing: endText), pay = money("monthlyPay", "月补贴")
                if type == nil { problem("type", "岗位类型应为：\(PublicPostType.labels.joined(separator: "、"))") }
                if start == nil { problem("start", "上岗日期应为日期") }
                if !endText.isEmpty, end == nil { problem("end", "离岗日期应为日期，在岗请留空") }
                guard problems.count == before, let type, let start, let pay else { continue }
                let post = PublicPost(type: type, employer: values["employer"] ?? "", start: start, end: end, monthlyPay: pay)
                let mine = posts[person.id!] ?? []
                if mine.contains(where: { $0.start == post.start && $0.type == post.type && $0.end == post.end }) { unchanged += 1; continue }
                let errors = JobRules.postProblems(post, birth: person.birth, otherPosts: mine, spells: spells[person.id!] ?? [], home: home, today: today)
                guard errors.isEmpty else { problems += LedgerImport.problems(errors, row: row, values: values, kind: kind); continue }
                posts[person.id!, default: []].append(post)
                let r = PublicPostRecord()
                (r.id, r.householdID, r.villageCode, r.personID) = (UUID(), household.id!, household.villageCode, person.id!)
                (r.postType, r.employer, r.startOn, r.endOn, r.monthlyPayFen, r.createdBy) = (type.rawValue, String(post.employer.prefix(60)), start.description,
                                                                                            end?.description, pay.fen, actor.username)
                newPosts.append(r)
                if let m = MeasureRecord.ledger(for: household, id: r.id!, .welfareJob, "\(person.name)任\(type.label)", amount: pay, start: start, end: end, actor: actor) { measures.append(m) }
            default:
                let type = schools(values["schoolType"] ?? ""), term = CivilDate(parsing: values["termStart"] ?? ""), paid = CivilDate(parsing: values["paidOn"] ?? "")
                let amount = money("amount", "补助金额")
                if type == nil { problem("schoolType", "院校类型应为：\(VocationalSchoolType.labels.joined(separator: "、"))") }
                if term == nil { problem("termStart", "开学日期应为日期") }
                if paid == nil { problem("paidOn", "发放日期应为日期") }
                if let paid, paid > today { problem("paidOn", "发放日期不能晚于今天") }
                guard problems.count == before, let type, let term, let paid, let amount else { continue }
                let key = "\(person.id!)\u{1F}\(term)"
                if terms.contains(key) { unchanged += 1; continue }
                if seenTerms.contains(key) { problem("termStart", "文件中\(person.name)这一学期出现两次"); continue }
                seenTerms.insert(key)
                let errors = JobRules.yuluProblems(standing: household.standing(on: term), termStart: term, amount: amount, school: values["school"] ?? "", today: today)
                guard errors.isEmpty else { problems += LedgerImport.problems(errors, row: row, values: values, kind: kind); continue }
                let r = YuluPaymentRecord()
                (r.id, r.householdID, r.villageCode, r.personID) = (UUID(), household.id!, household.villageCode, person.id!)
                (r.school, r.schoolType, r.termStart, r.amountFen, r.paidOn, r.createdBy) = (String((values["school"] ?? "").prefix(60)), type.rawValue, term.description,
                                                                                          amount.fen, paid.description, actor.username)
                newYulu.append(r)
                if let m = MeasureRecord.ledger(for: household, id: r.id!, .otherEducation, "雨露计划：\(person.name)", amount: amount, start: paid, end: paid, actor: actor) { measures.append(m) }
            }
        }
        guard problems.isEmpty else { throw LedgerImportRefused(problems) }
        // A few hundred rows a statement: one statement a row took 36 s for a file of 20,000 spells.
        for part in newSpells.chunked() { try await part.create(on: db) }
        for part in newPosts.chunked() { try await part.create(on: db) }
        for part in newYulu.chunked() { try await part.create(on: db) }
        for part in measures.chunked() { try await part.create(on: db) }
        return Report(kind: kind, rows: rows.count, added: newSpells.count + newPosts.count + newYulu.count, unchanged: unchanged)
    }

    // MARK: 小额信贷余额

    /// A bank's monthly file of balances and repayments (issue 16 §1): each row names a loan of the county by bank and
    /// contract and its borrower by ID number (both must agree with the ledger); the balance on a day no later than
    /// today and no earlier than the loan, never more than lent; repaid and days overdue when the bank gives them. The
    /// same report twice is unchanged; a loan's newest report sets the balance the ledger shows.
    /// A bank's data officer (`bank`) sends only its own bank's rows and is told of no other bank's contracts.
    static func loanBalances(_ rows: [(row: Int, values: FormValues)], county: String, actor: Actor, bank only: String? = nil, today: CivilDate,
                             on db: any Database) async throws -> Report {
        let range = RegionCode(county)!.codeRange
        var query = LoanRecord.query(on: db).filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper)
        if let only { query = query.filter(\.$bank == only) }
        let loans = try await query.all()
        let byContract = Dictionary(loans.map { ("\($0.bank)\u{1F}\($0.contract)", $0) }, uniquingKeysWith: { a, _ in a })
        let borrowers = Dictionary(uniqueKeysWithValues: try await PersonRecord.query(on: db).filter(\.$id ~~ Set(loans.map(\.personID))).all().map { ($0.id!, $0.idNumber) })
        let earlier = Dictionary(try await LoanReportRecord.query(on: db).filter(\.$loanID ~~ loans.compactMap(\.id)).all()
            .map { ("\($0.loanID)\u{1F}\($0.reportedOn)", $0) }, uniquingKeysWith: { a, _ in a })
        var problems: [ImportProblem] = []
        var seen: [String: Int] = [:]
        var new: [(LoanRecord, CivilDate, Money, Money, Int)] = []
        var unchanged = 0
        func problem(_ row: Int, _ key: String, _ values: FormValues, _ reason: String) {
            problems.append(ImportProblem(row: row, column: LedgerImportKind.loanBalances.columnName(forKey: key), value: String((values[key] ?? "").prefix(60)), reason: reason))
        }
        for (row, values) in rows {
            let bank = values["bank"] ?? "", contract = values["contract"] ?? ""
            if let only, !bank.isEmpty, bank != only {
                problem(row, "bank", values, "本账号只能报送\(only)的贷款")
                continue
            }
            guard let loan = byContract["\(bank)\u{1F}\(contract)"] else {
                problem(row, "contract", values, bank.isEmpty || contract.isEmpty ? "请填写贷款银行和合同编号" : "本县小额信贷台账中没有\(bank.prefix(30))的合同\(contract.prefix(30))")
                continue
            }
            let id = (values["idNumber"] ?? "").uppercased()
            if borrowers[loan.personID] != id { problem(row, "idNumber", values, "身份证号与该合同登记的借款人不符") }
            let day = CivilDate(parsing: values["balanceOn"] ?? "")
            if day == nil { problem(row, "balanceOn", values, "余额日期应为日期，如2025-06-30") }
            if let day, day > today { problem(row, "balanceOn", values, "余额日期不能晚于今天") }
            if let day, let issued = CivilDate(parsing: loan.issuedOn), day < issued { problem(row, "balanceOn", values, "余额日期早于放款日期\(loan.issuedOn)") }
            let balance = Money(parsing: values["balance"] ?? "")
            if balance == nil || balance!.fen < 0 { problem(row, "balance", values, "贷款余额应为不小于0的金额（元）") }
            else if balance!.fen > loan.amountFen { problem(row, "balance", values, "贷款余额超过放款金额\(Money(fen: loan.amountFen).yuanText)元") }
            let repaidText = values["repaid"] ?? "", repaid = repaidText.isEmpty ? Money.zero : Money(parsing: repaidText)
            if repaid == nil || repaid!.fen < 0 { problem(row, "repaid", values, "本期还款应为不小于0的金额（元）") }
            let overdueText = values["overdue"] ?? "", overdue = overdueText.isEmpty ? 0 : Int(overdueText)
            if overdue == nil || !(0...3650).contains(overdue!) { problem(row, "overdue", values, "逾期天数应为0至3650的整数") }
            guard let day, let balance, let repaid, let overdue, problems.last?.row != row else { continue }
            let key = "\(loan.id!)\u{1F}\(day)"
            if let first = seen[key] { problem(row, "contract", values, "与第\(first)行是同一合同同一日期"); continue }
            seen[key] = row
            if let before = earlier[key] {
                if before.balanceFen == balance.fen, before.repaidFen == repaid.fen, before.daysOverdue == overdue { unchanged += 1; continue }
                problem(row, "balance", values, "该合同\(day)的余额已报送为\(Money(fen: before.balanceFen).yuanText)元，与本行不同；请核实后由银行更正")
                continue
            }
            new.append((loan, day, balance, repaid, overdue))
        }
        guard problems.isEmpty else { throw LedgerImportRefused(problems) }
        for (loan, day, balance, repaid, overdue) in new {
            let r = LoanReportRecord()
            (r.id, r.loanID, r.householdID, r.villageCode, r.personID) = (UUID(), loan.id!, loan.householdID, loan.villageCode, loan.personID)
            (r.reportedOn, r.balanceFen, r.repaidFen, r.daysOverdue, r.createdBy) = (day.description, balance.fen, repaid.fen, overdue, actor.username)
            try await r.create(on: db)
            if day.description >= loan.balanceOn {
                (loan.balanceFen, loan.balanceOn, loan.daysOverdue) = (balance.fen, day.description, overdue)
                try await loan.save(on: db)
            }
        }
        return Report(kind: .loanBalances, rows: rows.count, added: new.count, unchanged: unchanged)
    }

    // MARK: 项目资产

    /// Assets of the county (those built before the system, or a project's after 验收 named by its number).
    static func assets(_ rows: [(row: Int, values: FormValues)], county: String, actor: Actor, today: CivilDate,
                       on db: any Database) async throws -> Report {
        let existing = Dictionary(try await AssetRecord.query(on: db).filter(\.$countyCode == county).all().map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        let projects = Dictionary(try await ProjectRecord.query(on: db).filter(\.$countyCode == county).all().map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        let places = Set(try await RegionRecord.query(on: db).within(RegionCode(county)!).all().compactMap(\.id))
        var problems: [ImportProblem] = []
        var seen: [String: Int] = [:]
        var new: [(AssetDraft, UUID?)] = []
        var unchanged = 0
        for (row, values) in rows {
            let number = values["number"] ?? ""
            if !number.isEmpty, let first = seen[number] {
                problems.append(ImportProblem(row: row, column: "资产编号", value: number, reason: "与第\(first)行的资产编号重复"))
                continue
            }
            if !number.isEmpty { seen[number] = row }
            var project: ProjectRecord?
            if let raw = values["project"], !raw.isEmpty {
                project = projects[raw]
                if project == nil {
                    problems.append(ImportProblem(row: row, column: "项目编号", value: raw, reason: "本县项目库中没有这个项目编号"))
                } else if let p = project, ![ProjectStage.accepted, .settled].contains(p.stageValue) {
                    problems.append(ImportProblem(row: row, column: "项目编号", value: raw, reason: "项目\(p.stageValue.label)，验收后才能登记资产"))
                }
            }
            switch AssetDraft.validate(values, today: today) {
            case .failure(let p): problems += LedgerImport.problems(p.errors, row: row, values: values, kind: .assets)
            case .success(let draft):
                if !draft.place.hasPrefix(county) || !places.contains(draft.place) {
                    problems.append(ImportProblem(row: row, column: "所在地区划代码", value: draft.place, reason: "不是本县的村、乡镇或县区划代码"))
                } else if let old = existing[draft.number] {
                    if old.name == draft.name, old.valueFen == draft.value.fen, old.regionCode == draft.place, old.assetClass == draft.assetClass.rawValue {
                        unchanged += 1
                    } else {
                        problems.append(ImportProblem(row: row, column: "资产编号", value: draft.number, reason: "已登记该编号的资产（\(old.name)，\(Money(fen: old.valueFen).wanText)万元），与本行不同"))
                    }
                } else {
                    new.append((draft, project?.id))
                }
            }
        }
        guard problems.isEmpty else { throw LedgerImportRefused(problems) }
        for (draft, project) in new { _ = try await AssetStore.insert(draft, project: project, county: county, actor: actor, on: db) }
        return Report(kind: .assets, rows: rows.count, added: new.count, unchanged: unchanged)
    }
}
