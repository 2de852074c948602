import BottomlineDomain
import BottomlineInterchange
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor

/// A county brings its 项目库 and fund ledger from Excel (issue 15 §4): each row checked by its form's rules, against
/// the records and the rows before it; one bad row and nothing is written, every problem reported by row and column;
/// the same file twice adds nothing.
@Suite("项目库与资金台账导入")
struct LedgerImportTests {
    static let projectsCSV = """
        项目编号,项目名称,项目年度,项目类别,实施地点区划代码,建设内容,绩效目标,衔接资金（万元）,统筹整合资金（万元）,联农带农方式,带动户数,其中脱贫户,其中监测户,实施单位,项目负责人,计划开工日期,计划完工日期,项目环节
        XC-101,王庄村肉牛养殖场,2025,产业发展,411681101201,新建牛舍2000平方米,带动脱贫户20户增收,150.5,20,收益分红、吸纳就业,30,20,2,王庄村合作社,王一,2025-03-01,2025-10-31,实施中（已开工）
        XC-102,南顿镇道路硬化,2025,乡村建设,411681101,硬化道路3公里,惠及群众2000人,80,,,,,,南顿镇人民政府,李二,,,已入库
        XC-103,项目管理费,2025,项目管理费,411681,前期设计评审监理,项目管理规范,30,,,,,,项城市乡村振兴局,张三,,,
        """

    static func county(_ app: Application) async throws -> (LedgerImporter, Actor) {
        _ = try await app.importSample()
        let actor = Actor(try await app.makeUser("xian", role: .county, region: "411681"))
        return (LedgerImporter(ScopedRegistry(db: app.db, actor: actor)), actor)
    }

    static func refused(_ body: () async throws -> Any) async -> [ImportProblem] {
        do { _ = try await body(); return [] } catch let r as LedgerImportRefused { return r.problems } catch { return [ImportProblem(row: -1, column: "", value: "", reason: "\(error)")] }
    }

    static let today = CivilDate(year: 2025, month: 12, day: 1)!

    @Test("a county's project library in GB18030 CSV: village, township and county projects at their stages, the step recorded as an import; the same file again adds nothing")
    func projectsImport() async throws {
        try await withTestApp { app in
            let (importer, _) = try await Self.county(app)
            let data = try TextDecoding.gb18030(Self.projectsCSV)
            let report = try await importer.importFile(data, filename: "项目库.csv", kind: .projects, today: Self.today)
            #expect(report.added == 3 && report.unchanged == 0 && report.repeatedOn == nil)
            let projects = try await ProjectRecord.query(on: app.db).sort(\.$number).all()
            #expect(projects.map(\.stageValue) == [.underway, .inLibrary, .proposed])
            #expect(projects[0].linkageFen == Money(wanYuan: "150.5")!.fen && projects[0].draft.linkWays == [.employment, .dividend])
            #expect(projects.map(\.regionCode) == ["411681101201", "411681101", "411681"])
            let steps = try await ProjectStepRecord.query(on: app.db).filter(\.$projectID == projects[0].id!).all()
            #expect(steps.count == 1 && steps[0].action == "import" && steps[0].toStage == "underway" && steps[0].comment.contains("项目库.csv"))
            let again = try await importer.importFile(data, filename: "项目库（再次）.csv", kind: .projects, today: Self.today)
            #expect(again.added == 0 && again.repeatedOn != nil)
            #expect(try await ProjectRecord.query(on: app.db).count() == 3)
            // The same rows in another file (saved again) are recognised row by row as unchanged.
            let resaved = try await importer.importFile(Data((Self.projectsCSV + "\n").utf8), filename: "项目库.csv", kind: .projects, today: Self.today)
            #expect(resaved.added == 0 && resaved.unchanged == 3 && resaved.repeatedOn == nil)
            #expect(try await AuditRecord.query(on: app.db).filter(\.$entity == "ledger_import").count() == 2)
        }
    }

    @Test("a project file with bad rows changes nothing and names every problem: unknown category or way, a place outside the county, a number twice, more 脱贫户 than households, an existing number with other content")
    func projectsRefused() async throws {
        try await withTestApp { app in
            let (importer, _) = try await Self.county(app)
            _ = try await importer.importFile(Data(Self.projectsCSV.utf8), filename: "a.csv", kind: .projects, today: Self.today)
            let bad = """
                项目编号,项目名称,项目年度,项目类别,实施地点区划代码,建设内容,绩效目标,衔接资金（万元）,联农带农方式,带动户数,其中脱贫户,实施单位,项目负责人
                XC-201,甲,2025,养老院,411681101201,内容,目标,10,,,,单位,人
                XC-202,乙,2025,产业发展,411702101201,内容,目标,10,入股,10,5,单位,人
                XC-203,丙,2025,产业发展,411681101201,内容,目标,10,收益分红,10,12,单位,人
                XC-203,丁,2025,就业项目,411681101201,内容,目标,10,,,,单位,人
                XC-101,王庄村肉牛养殖场,2025,产业发展,411681101201,新建牛舍3000平方米,带动脱贫户20户增收,150.5,收益分红,30,20,王庄村合作社,王一
                """
            let problems = await Self.refused { try await importer.importFile(Data(bad.utf8), filename: "b.csv", kind: .projects, today: Self.today) }
            let byRow = Dictionary(grouping: problems, by: \.row)
            #expect(byRow[2]?.contains { $0.column == "项目类别" && $0.value == "养老院" } == true)
            #expect(byRow[3]?.contains { $0.column == "联农带农方式" && $0.value == "入股" } == true)
            #expect(byRow[4]?.contains { $0.column == "带动户数" && $0.reason.contains("超过带动总户数") } == true)
            #expect(byRow[5]?.contains { $0.column == "项目编号" && $0.reason == "与第4行的项目编号重复" } == true)
            #expect(byRow[6]?.contains { $0.column == "项目编号" && $0.reason.contains("建设内容") } == true)
            #expect(try await ProjectRecord.query(on: app.db).count() == 3)
            // A place outside the county, on a row with nothing else wrong.
            let outside = "项目编号,项目名称,项目年度,项目类别,实施地点区划代码,建设内容,绩效目标,衔接资金（万元）,实施单位,项目负责人\nXC-301,戊,2025,就业项目,411702101201,内容,目标,10,单位,人\n"
            let p2 = await Self.refused { try await importer.importFile(Data(outside.utf8), filename: "c.csv", kind: .projects, today: Self.today) }
            #expect(p2.map(\.column) == ["实施地点区划代码"] && p2[0].reason == "不是本县的村、乡镇或县区划代码")
            // Missing columns are named before any row is read.
            let headerless = await Self.refused { try await importer.importFile(Data("项目编号,项目名称\nX,Y\n".utf8), filename: "d.csv", kind: .projects, today: Self.today) }
            #expect(headerless.contains { $0.row == 1 && $0.reason == "缺少必填列“实施地点区划代码”" })
        }
    }

    @Test("batches, then 项目对接 and payments from files: two rows that together exceed a batch or an allocation are refused by the row that tips it, with the amount over; nothing is written until every row is right")
    func moneyImport() async throws {
        try await withTestApp { app in
            let (importer, _) = try await Self.county(app)
            _ = try await importer.importFile(Data(Self.projectsCSV.utf8), filename: "p.csv", kind: .projects, today: Self.today)
            let batches = "资金年度,资金级别,资金性质,文号,下达日期,下达金额（万元）\n2025,中央,衔接资金,豫财农〔2025〕1号,2025-01-20,200\n2025,省级,,豫财农〔2025〕5号,2025-02-10,50.25\n"
            let b = try await importer.importFile(Data(batches.utf8), filename: "b.csv", kind: .batches, today: Self.today)
            #expect(b.added == 2)
            #expect(try await FundBatchRecord.query(on: app.db).filter(\.$level == "province").first()?.kind == "linkage")

            let tooMuch = "资金年度,资金级别,文号,项目编号,对接金额（万元）\n2025,中央,豫财农〔2025〕1号,XC-101,150\n2025,中央,豫财农〔2025〕1号,XC-102,60\n2025,中央,豫财农〔2025〕1号,XC-103,1\n2025,市级,豫财农〔2025〕1号,XC-101,1\n"
            let p = await Self.refused { try await importer.importFile(Data(tooMuch.utf8), filename: "a.csv", kind: .allocations, today: Self.today) }
            #expect(p.first { $0.row == 3 }?.reason == "超出批次（豫财农〔2025〕1号）可对接余额10.00万元：批次200.00万元，已对接150.00万元，余额50.00万元")
            #expect(p.first { $0.row == 4 }?.reason == "项目村级申报，入库后才能对接资金")
            #expect(p.first { $0.row == 5 }?.column == "文号")
            #expect(try await FundAllocationRecord.query(on: app.db).count() == 0)

            let fits = "资金年度,资金级别,文号,项目编号,对接金额（万元）\n2025,中央,豫财农〔2025〕1号,XC-101,150\n2025,省级,豫财农〔2025〕5号,XC-102,50.25\n"
            #expect(try await importer.importFile(Data(fits.utf8), filename: "a2.csv", kind: .allocations, today: Self.today).added == 2)

            let pay = "资金年度,资金级别,文号,项目编号,支付日期,支付金额（万元）,收款方类型,收款方名称,质保金（万元）\n2025,中央,豫财农〔2025〕1号,XC-101,2025-06-01,100,中标单位,某公司,\n2025,中央,豫财农〔2025〕1号,XC-101,2025-07-01,50.01,中标单位,某公司,1\n2025,省级,豫财农〔2025〕5号,XC-102,2025-07-01,1,中标单位,某公司,\n"
            let pp = await Self.refused { try await importer.importFile(Data(pay.utf8), filename: "pay.csv", kind: .payments, today: Self.today) }
            #expect(pp.first { $0.row == 3 }?.reason == "超出项目该批次资金未支付余额0.01万元：未支付余额50.00万元")
            #expect(pp.first { $0.row == 4 }?.reason == "项目已入库，开工后才能支付")
            #expect(try await FundPaymentRecord.query(on: app.db).count() == 0)
            let payOK = "资金年度,资金级别,文号,项目编号,支付日期,支付金额（万元）,收款方类型,收款方名称\n2025,中央,豫财农〔2025〕1号,XC-101,2025-06-01,100,中标单位,某公司\n2025,中央,豫财农〔2025〕1号,XC-101,2025-07-01,50,中标单位,某公司\n"
            #expect(try await importer.importFile(Data(payOK.utf8), filename: "pay2.csv", kind: .payments, today: Self.today).added == 2)
            let paid = try await FundPaymentRecord.query(on: app.db).all().reduce(Int64(0)) { $0 + $1.amountFen }
            #expect(Money(fen: paid).wanText == "150.00")
        }
    }

    @Test("only a county user imports its ledgers; an unreadable or empty file is refused in Chinese")
    func whoAndWhat() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            let township = Actor(try await app.makeUser("zhen", role: .township, region: "411681101"))
            let county = Actor(try await app.makeUser("xian", role: .county, region: "411681"))
            let p = await Self.refused {
                try await LedgerImporter(ScopedRegistry(db: app.db, actor: township)).importFile(Data(Self.projectsCSV.utf8), filename: "x", kind: .projects, today: Self.today)
            }
            #expect(p.map(\.reason) == ["项目和资金台账由县级管理员导入"])
            let importer = LedgerImporter(ScopedRegistry(db: app.db, actor: county))
            let empty = await Self.refused { try await importer.importFile(Data("资金年度,资金级别,文号,下达日期,下达金额（万元）\n".utf8), filename: "x", kind: .batches, today: Self.today) }
            #expect(empty.map(\.reason) == ["文件中没有数据行"])
            let zip = await Self.refused { try await importer.importFile(Data([0x50, 0x4B, 0x03, 0x04, 1, 2, 3]), filename: "x.xlsx", kind: .batches, today: Self.today) }
            #expect(zip.count == 1 && zip[0].reason.hasPrefix("无法读取文件"))
        }
    }

    @Test("assets from a file: a 光伏 station needs its capacity, a 帮扶车间 its jobs, a class must be one of the three; a bad row and nothing is written; the same rows again are unchanged")
    func assetsImport() async throws {
        try await withTestApp { app in
            let (importer, _) = try await Self.county(app)
            let header = "资产编号,资产名称,资产类别,资产类型,所在地区划代码,资产原值（万元）,所有权人,确权日期,经营方式,管护责任人,四个一批,装机容量（千瓦）,吸纳就业人数,其中脱贫人口"
            let bad = header + "\nZC-1,王庄村光伏电站,经营性资产,光伏电站,411681101201,80,村集体经济组织,2021-06-30,自营,王一,巩固一批,,,\nZC-2,车间,经营类,帮扶车间,411681101,260,乡镇,,出租,李二,升级一批,,56,31\n"
            let problems = await Self.refused { try await importer.importFile(Data(bad.utf8), filename: "a.csv", kind: .assets, today: Self.today) }
            #expect(problems.contains { $0.row == 2 && $0.column == "装机容量（千瓦）" && $0.reason == "请填写装机容量（千瓦）" })
            #expect(problems.contains { $0.row == 3 && $0.column == "资产类别" && $0.value == "经营类" })
            #expect(try await AssetRecord.query(on: app.db).count() == 0)
            let good = header + "\nZC-1,王庄村光伏电站,经营性资产,光伏电站,411681101201,80,村集体经济组织,2021-06-30,自营,王一,巩固一批,100,,\nZC-2,南顿镇帮扶车间,经营性,帮扶车间,411681101,260,乡镇,,出租,李二,升级一批,,56,31\n"
            #expect(try await importer.importFile(Data(good.utf8), filename: "b.csv", kind: .assets, today: Self.today).added == 2)
            let assets = try await AssetRecord.query(on: app.db).sort(\.$number).all()
            #expect(assets.map(\.kindValue) == [.photovoltaic, .workshop] && assets[0].capacityKW == 100 && assets[1].jobs == 56 && assets[1].owner == "township")
            let again = try await importer.importFile(Data((good + "\n").utf8), filename: "c.csv", kind: .assets, today: Self.today)
            #expect(again.added == 0 && again.unchanged == 2)
        }
    }
}
