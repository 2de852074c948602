import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Fluent
import Vapor

/// 监测对象: the list, its XLSX export and the measure-consistency check.
enum MonitoringController {
    static func filter(_ req: Request) -> MonitoringFilter {
        MonitoringFilter(region: req.queryText("region"), category: req.queryText("category").flatMap(MonitoringCategory.init(rawValue:)),
                         risk: req.queryText("risk").flatMap(RiskType.init(rawValue:)),
                         state: req.queryText("state").flatMap(MonitoringFilter.State.init(rawValue:)),
                         visitOverdue: req.queryText("overdue") == "true")
    }

    static func list(_ req: Request) async throws -> HTML {
        MonitoringList.view(try await .query(try req.registry, filter: filter(req), page: req.pageNumber, names: try await req.codeNames(),
                                             context: req.pageContext(), today: .today))
    }

    static func export(_ req: Request) async throws -> Response {
        // A whole list leaves the system in a file: the import/export permission, not just the right to read it.
        guard try req.user.roleValue.canImport else { throw Abort(.forbidden, reason: "导出名单需要导入导出权限（县级管理员）") }
        let codes = try await req.codeNames()
        let rows = try await LifecycleStore(try req.registry).monitoringObjects(filter(req), today: .today)
            .sort(\.$villageCode).sort(\.$number).limit(200_000).all()
        let names = try await RegionStore.names(for: Set(rows.map(\.villageCode)), on: req.db)
        let header = ["户编号", "村区划代码", "村名称", "户主", "人数", "户类别", "监测对象类别", "风险类型", "纳入日期", "风险消除日期", "消除方式", "上次走访"]
        let body = try XLSXWorkbook.list(name: "监测对象", header: header, rows: rows.map { h in
            [.text(h.number), .text(RegionCode(h.villageCode)?.padded ?? h.villageCode), .text(names[h.villageCode] ?? ""), .text(h.householderName),
             .integer(Int64(h.memberCount)), .text(h.categoryValue?.label ?? h.category), .text(h.monitoringValue.map { codes($0) } ?? ""),
             .text(codes(h.risks)), .text(h.monitoringSince ?? ""), .text(h.riskEliminatedOn ?? ""),
             .text(EliminationMethod(rawValue: h.eliminationMethod ?? "")?.label ?? ""), .text(h.lastVisitOn ?? "")]
        }).data()
        let stamp = CivilDate.today.description
        return Download.response(body, type: Download.xlsx, asciiName: "monitoring-\(stamp).xlsx", name: "监测对象-\(stamp).xlsx")
    }

    static func checks(_ req: Request) async throws -> HTML {
        ConsistencyChecks.view(try await .query(try req.registry, names: try await req.codeNames(), context: req.pageContext()))
    }
}
