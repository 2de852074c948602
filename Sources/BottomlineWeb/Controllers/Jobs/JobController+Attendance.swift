import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

/// 公益岗位考勤 (issue 16 §3): village, township and county cadres enter a month's attendance of the posts in their
/// region on one sheet.
extension JobController {
    static func requireCadre(_ req: Request) throws {
        guard try req.actor.role.stepLevel != nil else { throw Abort(.forbidden, reason: "公益岗位考勤由村、乡镇、县级干部登记") }
    }

    /// The month asked (never a month to come), else last month: attendance is entered once a month is over.
    static func month(_ text: String?) -> CivilMonth {
        let thisMonth = CivilMonth(CivilDate.today)
        return text.flatMap(CivilMonth.init(parsing:)).flatMap { $0 <= thisMonth ? $0 : nil } ?? CivilMonth(index: thisMonth.index - 1)
    }

    /// The unit asked, if it is the reader's region or inside it; else the reader's region.
    static func place(_ text: String?, _ req: Request) throws -> RegionCode {
        let own = try req.actor.region
        return text.flatMap(RegionCode.init).flatMap { own.contains($0) ? $0 : nil } ?? own
    }

    static func attendance(_ req: Request) async throws -> HTML {
        try requireCadre(req)
        var model = try await JobAttendancePage.Model.query(try req.registry, month: month(req.queryText("month")), place: place(req.queryText("place"), req),
                                                            context: req.pageContext())
        model.saved = req.queryText("saved").flatMap(Int.init)
        return JobAttendancePage.view(model)
    }

    static func recordAttendance(_ req: Request) async throws -> Response {
        try requireCadre(req)
        let values = try req.formValues()
        let month = month(values.text("month", limit: 10)), place = try place(values.text("place", limit: 12), req)
        var model = try await JobAttendancePage.Model.query(try req.registry, month: month, place: place, context: req.pageContext())
        var errors = FieldErrors(), entries: [AttendanceEntry] = []
        // Only the sheet's own rows are read: a field naming another post is not on the sheet and is ignored.
        for row in model.rows {
            let id = row.postID.uuidString
            let (required, present, pay) = (values.text("required.\(id)", limit: 8), values.text("present.\(id)", limit: 8), values.text("pay.\(id)", limit: 20))
            if required.isEmpty && present.isEmpty && pay.isEmpty { continue }
            guard let r = Int(required), let p = Int(present) else { errors[id] = "请填写应出勤和实际出勤天数（整数）"; continue }
            var money: Money
            if pay.isEmpty {
                money = PostAttendance.payable(monthly: row.monthlyPay, required: r, present: p)
            } else if let m = Money(parsing: pay), m < Money(yuan: 100_000) {
                money = m
            } else {
                errors[id] = "发放金额应为以元计的金额（最多两位小数）"
                continue
            }
            entries.append(AttendanceEntry(postID: row.postID, required: r, present: p, pay: money))
        }
        if errors.isEmpty {
            do {
                let n = try await JobStore(try req.registry).recordAttendance(month: month, entries, today: .today)
                return req.redirect(to: "\(SitePath.jobsAttendance)?month=\(month)&place=\(place.digits)&saved=\(n)")
            } catch let p as FieldProblems { errors = p.errors }
        }
        (model.values, model.errors) = (values, errors)
        return try await JobAttendancePage.view(model).encodeResponse(status: .unprocessableEntity, for: req)
    }
}
