import BottomlineDomain
import Fluent
import Foundation

/// 公益岗位考勤 (issue 16 §3): the month's sheet of the posts a cadre's region holds, and the month recorded for all of
/// them at once — all or nothing, as a paper sheet is signed.
public struct AttendanceRow: Sendable {
    public var postID: UUID
    public var householdID: UUID
    public var householdNumber: String
    public var villageCode: String
    public var person: String
    public var post: String
    public var period: String
    public var monthlyPay: Money
    /// The month as recorded, when it is.
    public var recorded: PostAttendance?
}

/// One row of a month's sheet as entered.
public struct AttendanceEntry: Sendable {
    public var postID: UUID
    public var required: Int
    public var present: Int
    public var pay: Money

    public init(postID: UUID, required: Int, present: Int, pay: Money) {
        self.postID = postID
        self.required = required
        self.present = present
        self.pay = pay
    }
}

extension JobStore {
    /// The most rows one sheet shows: a township's posts fit; a county chooses a township.
    public static let attendanceSheetLimit = 400

    /// Posts inside `region` (within the actor's) held on some day of `month`, by village and household, with the
    /// month's attendance where recorded; `more` when there are more than a sheet shows.
    public func attendanceSheet(within region: RegionCode, month: CivilMonth) async throws -> (rows: [AttendanceRow], more: Bool) {
        guard registry.canSee(region) else { return ([], false) }
        let range = region.codeRange
        let posts = try await registry.scoped(PublicPostRecord.self).filter(\.$villageCode >= range.lower).filter(\.$villageCode < range.upper)
            .filter(\.$startOn <= month.lastDay.description).group(.or) { $0.filter(\.$endOn == nil).filter(\.$endOn >= month.firstDay.description) }
            .sort(\.$villageCode).sort(\.$startOn).limit(Self.attendanceSheetLimit + 1).all()
        let shown = Array(posts.prefix(Self.attendanceSheetLimit))
        guard !shown.isEmpty else { return ([], false) }
        let persons = Dictionary(uniqueKeysWithValues: try await PersonRecord.query(on: db).filter(\.$id ~~ Set(shown.map(\.personID))).all().map { ($0.id!, $0.name) })
        let households = try await registry.households(Set(shown.map(\.householdID)))
        var recorded: [UUID: PostAttendance] = [:]
        for a in try await PostAttendanceRecord.query(on: db).filter(\.$postID ~~ shown.compactMap(\.id)).filter(\.$month == month.description).all() {
            recorded[a.postID] = a.attendance
        }
        let rows = shown.compactMap { r -> AttendanceRow? in
            guard let p = r.post, let h = households[r.householdID] else { return nil }
            return AttendanceRow(postID: r.id!, householdID: h.id!, householdNumber: h.number, villageCode: r.villageCode, person: persons[r.personID] ?? "",
                                 post: "\(p.type.label)（\(p.employer)）", period: p.period, monthlyPay: p.monthlyPay, recorded: recorded[r.id!])
        }
        return (rows.sorted { ($0.villageCode, $0.householdNumber) < ($1.villageCode, $1.householdNumber) }, posts.count > shown.count)
    }

    /// Records `month` for the posts entered, each checked by `JobRules.attendanceProblems`; a post outside the actor's
    /// region is one the actor cannot see. Any problem and nothing is written; each is named by the post's id. A month
    /// recorded before is corrected, and the audit keeps what it was. Returns how many rows were written.
    @discardableResult
    public func recordAttendance(month: CivilMonth, _ entries: [AttendanceEntry], today: CivilDate) async throws -> Int {
        guard actor.role.stepLevel != nil else { throw FieldProblems(["_": "只有村、乡镇、县级干部可以登记考勤"]) }
        guard !entries.isEmpty else { throw FieldProblems(["_": "没有填写任何考勤"]) }
        guard entries.count <= Self.attendanceSheetLimit, Set(entries.map(\.postID)).count == entries.count else { throw FieldProblems(["_": "考勤行重复或过多"]) }
        let posts = Dictionary(uniqueKeysWithValues: try await registry.scoped(PublicPostRecord.self).filter(\.$id ~~ entries.map(\.postID)).all().map { ($0.id!, $0) })
        let before = Dictionary(uniqueKeysWithValues: try await PostAttendanceRecord.query(on: db).filter(\.$postID ~~ entries.map(\.postID))
            .filter(\.$month == month.description).all().map { ($0.postID, $0) })
        var errors = FieldErrors()
        for e in entries {
            guard let r = posts[e.postID], let post = r.post else { errors[e.postID.uuidString] = "没有找到该岗位，或不在您的辖区"; continue }
            let found = JobRules.attendanceProblems(PostAttendance(month: month, required: e.required, present: e.present, pay: e.pay), post: post,
                                                    thisMonth: CivilMonth(today))
            if !found.isEmpty { errors[e.postID.uuidString] = found.joined(separator: "；") }
        }
        guard errors.isEmpty else { throw FieldProblems(errors) }
        let actor = self.actor
        try await db.writeTransaction { tx in
            for e in entries {
                let post = posts[e.postID]!
                let r = before[e.postID] ?? PostAttendanceRecord()
                let was = r.id == nil ? "" : "（原为出勤\(r.daysPresent)/\(r.daysRequired)天、发放\(Money(fen: r.payFen).yuanText)元）"
                if r.id == nil { (r.id, r.postID, r.month) = (UUID(), e.postID, month.description) }
                (r.householdID, r.villageCode, r.personID) = (post.householdID, post.villageCode, post.personID)
                (r.daysRequired, r.daysPresent, r.payFen, r.createdBy) = (e.required, e.present, e.pay.fen, actor.username)
                if before[e.postID] == nil { try await r.create(on: tx) } else { try await r.save(on: tx) }
                try await AuditLog.record(on: tx, actor: actor, action: was.isEmpty ? .create : .update, entity: "post_attendance", entityID: r.id!.uuidString,
                                          householdID: post.householdID, region: post.villageCode,
                                          summary: "公益岗位\(month)考勤：出勤\(e.present)/\(e.required)天，发放\(e.pay.yuanText)元\(was)")
            }
        }
        return entries.count
    }
}
