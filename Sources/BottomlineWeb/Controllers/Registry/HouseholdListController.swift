import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import Fluent
import Vapor

/// 农户名册: the list and its XLSX / CSV export, with the same filters.
enum HouseholdListController {
    static func list(_ req: Request) async throws -> HTML {
        HouseholdList.view(try await .query(try req.registry, filter: req.householdFilter, page: req.pageNumber, names: try await req.codeNames(),
                                            context: req.pageContext()))
    }

    static func export(_ req: Request) async throws -> Response {
        // A whole list leaves the system in a file: the import/export permission, not just the right to read it.
        guard try req.user.roleValue.canImport else { throw Abort(.forbidden, reason: "导出名单需要导入导出权限（县级管理员）") }
        let rows = try await req.registry.search(req.householdFilter.search).sort(\.$villageCode).sort(\.$number).limit(200_000).all()
        let villageNames = try await RegionStore.names(for: Set(rows.map(\.villageCode)), on: req.db)
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
        if req.url.path.hasSuffix(".csv") {
            return Download.response(CSV.write(header: header, rows: rows.map(cells)), type: Download.csv,
                                     asciiName: "households-\(stamp).csv", name: "农户名册-\(stamp).csv")
        }
        let body = try XLSXWorkbook.list(name: "农户名册", header: header, rows: rows.map { h in
            cells(h).enumerated().map { i, v in i == 4 ? .integer(Int64(v) ?? 0) : .text(v) }
        }).data()
        return Download.response(body, type: Download.xlsx, asciiName: "households-\(stamp).xlsx", name: "农户名册-\(stamp).xlsx")
    }
}
