import BottomlineDomain
import Fluent
import Foundation

/// Reads and records policy parameters. Settings are never edited in place: a change is a new value from a date, so
/// every figure computed for an earlier period can be recomputed with the values then in force.
public enum PolicyStore {
    /// The rules in force for `place`: its province's values and its county's overrides.
    ///
    /// The book's tables are read whole once and kept (`PolicyBookCache`) until `policy_version` changes — a trigger
    /// changes it on every write of them (migration 054) — so the pages and stores that ask for the book on every
    /// request or record read one row rather than every setting, wording and day off. A book read inside a
    /// transaction is not kept: the transaction may have written the tables and may yet be rolled back.
    public static func book(for place: RegionCode, on db: any Database) async throws -> PolicyBook {
        let lineage = Set(place.lineage.map(\.digits))
        let stamp = try await PolicyBookCache.stamp(on: db)
        if let stamp, let tables = PolicyBookCache.shared.tables(at: stamp) { return tables.book(for: lineage) }
        let tables = try await PolicyBookCache.Tables(
            settings: PolicySettingRecord.query(on: db).all().compactMap { r in r.setting.map { (r.regionCode, $0) } },
            labels: CodeLabelRecord.query(on: db).all().compactMap { r in r.setting.map { (r.regionCode, $0) } },
            calendar: calendar(on: db))
        if let stamp, !db.inTransaction, try await PolicyBookCache.stamp(on: db) == stamp {
            PolicyBookCache.shared.keep(tables, at: stamp)
        }
        return tables.book(for: lineage)
    }

    /// Every year's 节假日安排 entered.
    public static func calendar(on db: any Database) async throws -> WorkCalendar {
        var calendar = WorkCalendar()
        for r in try await WorkCalendarDayRecord.query(on: db).all() {
            guard let day = CivilDate(parsing: r.day) else { continue }
            calendar.years.insert(day.year)
            if r.off { calendar.daysOff.insert(day) } else { calendar.workdays.insert(day) }
        }
        return calendar
    }

    /// Enters (or corrects) a year's 节假日安排 as the State Council published it: `daysOff` and the weekend `workdays`.
    /// The year's earlier entry is replaced whole; the audit keeps what it was. Only a system administrator enters it,
    /// since it holds for the whole country.
    public static func setCalendar(year: Int, daysOff: Set<CivilDate>, workdays: Set<CivilDate>, source: String, actor: Actor, on db: any Database) async throws {
        guard actor.role == .admin else { throw FieldProblems(["calendar": "节假日安排由系统管理员登记"]) }
        var errors = FieldErrors()
        if !(2000...2100).contains(year) { errors["year"] = "请填写年度" }
        let problems = WorkCalendar.problems(year: year, daysOff: daysOff, workdays: workdays)
        if !problems.isEmpty { errors["daysOff"] = problems.joined(separator: "；") }
        let note = source.trimmingASCIISpaces()
        if note.isEmpty || note.count > 200 || note.hasControlCharacter(allowingLineBreaks: false) { errors["source"] = "请注明依据（通知文号，不超过200字）" }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        let before = try await WorkCalendarDayRecord.query(on: db).filter(\.$year == year).count()
        let rows = daysOff.sorted().map { WorkCalendarDayRecord(day: $0, off: true, by: actor.username) } + workdays.sorted().map { WorkCalendarDayRecord(day: $0, off: false, by: actor.username) }
        try await db.writeTransaction { tx in
            try await WorkCalendarDayRecord.query(on: tx).filter(\.$year == year).delete()
            try await rows.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .policy, entity: "work_calendar", entityID: String(year), region: actor.region.digits,
                                      summary: "\(year)年节假日安排：放假\(daysOff.count)天，调休上班\(workdays.count)天（\(note)）" + (before > 0 ? "，替换原登记的\(before)天" : ""))
        }
    }

    /// Every wording the actor may read: its province's and those inside its region, newest first.
    public static func labels(visibleTo actor: Actor, on db: any Database) async throws -> [CodeLabelRecord] {
        let range = actor.region.codeRange
        let lineage = actor.region.lineage.map(\.digits)
        return try await CodeLabelRecord.query(on: db).group(.or) {
            $0.filter(\.$regionCode ~~ lineage).group(.and) { $0.filter(\.$regionCode >= range.lower).filter(\.$regionCode < range.upper) }
        }.sort(\.$list).sort(\.$code).sort(\.$effectiveFrom, .descending).all()
    }

    /// Records a new wording of a code, or takes it out of use, from a date. Administrators word the province's lists;
    /// a county administrator may word its own county's.
    public static func addLabel(_ list: LabelledList, code: String, label raw: String, inUse: Bool, region: RegionCode,
                                effectiveFrom: CivilDate, source: String, actor: Actor, on db: any Database) async throws -> CodeLabelRecord {
        var errors = FieldErrors()
        if !list.contains(code: code) { errors["code"] = "\(list.name)中没有代码“\(String(code.prefix(10)))”" }
        let label = errors.take("label", CodeLabelSetting.validateLabel(raw)) ?? ""
        switch (actor.role, region.level) {
        case (.admin, .province) where actor.region.contains(region): break
        case (.admin, .county) where actor.region.contains(region): break
        case (.county, .county) where actor.region == region: break
        case (.county, _), (.admin, _): errors["region"] = "只能为本辖区（省或本县）设置"
        default: errors["region"] = "当前角色不能修改代码名称"
        }
        let note = String(source.trimmingASCIISpaces().prefix(100))
        if note.isEmpty { errors["source"] = "请注明依据（文件文号或说明）" }
        if errors.isEmpty, try await CodeLabelRecord.query(on: db).filter(\.$list == list.rawValue).filter(\.$code == code)
            .filter(\.$regionCode == region.digits).filter(\.$effectiveFrom == effectiveFrom.description).first() != nil {
            errors["effectiveFrom"] = "该日期已有名称；如需更正，请以新的生效日期登记"
        }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        let record = CodeLabelRecord()
        record.list = list.rawValue
        record.code = code
        record.regionCode = region.digits
        record.effectiveFrom = effectiveFrom.description
        record.label = label
        record.inUse = inUse
        record.source = note
        record.createdBy = actor.userID
        try await db.writeTransaction { tx in
            try await record.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .policy, entity: "code_label", entityID: record.id?.uuidString,
                                      region: region.digits,
                                      summary: "\(list.name)\(code)：\(region.digits)自\(effectiveFrom)起称“\(label)”\(inUse ? "" : "（停用）")（\(note)）")
        }
        return record
    }

    /// Every setting the actor may read: its province's and those inside its region.
    public static func settings(visibleTo actor: Actor, on db: any Database) async throws -> [PolicySettingRecord] {
        let range = actor.region.codeRange
        let lineage = actor.region.lineage.map(\.digits)
        return try await PolicySettingRecord.query(on: db).group(.or) {
            $0.filter(\.$regionCode ~~ lineage).group(.and) { $0.filter(\.$regionCode >= range.lower).filter(\.$regionCode < range.upper) }
        }.sort(\.$parameter).sort(\.$effectiveFrom, .descending).all()
    }

    /// Records a new value. Administrators set provincial values; county administrators set their county's own where
    /// the rules allow.
    public static func add(_ parameter: PolicyParameter, value raw: String, region: RegionCode, effectiveFrom: CivilDate,
                           source: String, actor: Actor, on db: any Database) async throws -> PolicySettingRecord {
        var errors = FieldErrors()
        let value: String
        switch parameter.validate(raw) {
        case .success(let v): value = v
        case .failure(let p):
            errors["value"] = p.message
            value = ""
        }
        switch (actor.role, region.level) {
        case (.admin, .province) where actor.region.contains(region): break
        case (.admin, .county) where actor.region.contains(region) && parameter.countyMayOverride: break
        case (.county, .county) where actor.region == region && parameter.countyMayOverride: break
        case (.county, _), (.admin, _):
            errors["region"] = parameter.countyMayOverride ? "只能为本辖区（省或本县）设置" : "\(parameter.label)由省级设置，县级不能调整"
        default:
            errors["region"] = "当前角色不能修改政策参数"
        }
        let note = String(source.trimmingASCIISpaces().prefix(100))
        if note.isEmpty { errors["source"] = "请注明依据（文件文号或说明）" }
        if try await PolicySettingRecord.query(on: db).filter(\.$parameter == parameter.rawValue).filter(\.$regionCode == region.digits)
            .filter(\.$effectiveFrom == effectiveFrom.description).first() != nil {
            errors["effectiveFrom"] = "该日期已有取值；如需更正，请以新的生效日期登记"
        }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        let record = PolicySettingRecord()
        record.parameter = parameter.rawValue
        record.regionCode = region.digits
        record.effectiveFrom = effectiveFrom.description
        record.value = value
        record.source = note
        record.createdBy = actor.userID
        try await db.writeTransaction { tx in
            try await record.create(on: tx)
            try await AuditLog.record(on: tx, actor: actor, action: .policy, entity: "policy", entityID: record.id?.uuidString,
                                      region: region.digits,
                                      summary: "\(parameter.label)：\(region.digits)自\(effectiveFrom)起为\(value)（\(note)）")
        }
        return record
    }
}
