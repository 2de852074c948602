import BottomlineDomain
@testable import BottomlineInterchange
import Foundation
import Testing

/// The shipped screening rules on crafted department files: each fires on its case and not on a near miss.
@Suite("部门筛查：规则、坏行、编码")
struct ScreeningTests {
    static func id(_ first17: String) -> String { first17 + String(ResidentID.checkCharacter(for: first17)) }
    // Four households: 0 脱贫户 (张三 labourer, 李梅), 1 一般农户 (王五, the only labourer), 2 监测对象 (赵六), 3 一般农户 (钱七).
    static let zhang = id("41168119700101101"), li = id("41168119720202102"), wang = id("41168119500404104")
    static let zhao = id("41168119800505105"), qian = id("41168119900606106"), stranger = id("41168119910707107")
    static let asOf = CivilDate(year: 2026, month: 6, day: 30)!

    static var index: RegistryIndex {
        var index = RegistryIndex()
        let h0 = index.add(.init(id: "h0", village: "411681101201", classification: .alleviated, labourers: 1))
        let h1 = index.add(.init(id: "h1", village: "411681101202", classification: .ordinary, labourers: 1))
        let h2 = index.add(.init(id: "h2", village: "411681101201", classification: .monitored, labourers: 0))
        let h3 = index.add(.init(id: "h3", village: "411681102201", classification: .ordinary, labourers: 2))
        index.add(person: ByteFields.idKey(zhang)!, household: h0, labourer: true)
        index.add(person: ByteFields.idKey(li)!, household: h0, labourer: false)
        index.add(person: ByteFields.idKey(wang)!, household: h1, labourer: true)
        index.add(person: ByteFields.idKey(zhao)!, household: h2, labourer: false)
        index.add(person: ByteFields.idKey(qian)!, household: h3, labourer: true)
        return index
    }

    func screen(_ kind: FeedKind, _ text: String, chunk: Int = 4 << 20) throws -> (warned: [String: [String]], outcome: FeedScreening.Outcome) {
        let outcome = try FeedScreening.run(data: Data(text.utf8), kind: kind, rules: ScreeningRule.defaults(from: CivilDate(year: 2021, month: 1, day: 1)!),
                                            index: Self.index, asOf: Self.asOf, chunkSize: chunk)
        var warned: [String: [String]] = [:]
        for hit in outcome.hits { warned[Self.index.households[hit.household].id, default: []].append(outcome.rules[hit.rule].code) }
        return (warned, outcome)
    }

    @Test("医保: 脱贫户 and 监测对象 at 5,000 元 of 个人自付 over 12 months, others at 20,000; 4,999.99 and rows older than 12 months do not count")
    func medical() throws {
        let csv = """
        身份证号,姓名,结算日期,总费用,个人自付
        \(Self.zhang),张三,2026-01-10,20000,3000.00
        \(Self.li),李梅,2026/6/1,9000,2000
        \(Self.zhao),赵六,2026-03-01,9000,4999.99
        \(Self.zhao),赵六,2025-06-29,9000,900
        \(Self.wang),王五,20260201,90000,19999.99
        \(Self.qian),钱七,2025-07-01,90000,"20,000.00"
        """
        let (warned, outcome) = try screen(.medical, csv)
        #expect(warned == ["h0": ["YB01"], "h3": ["YB01"]])
        let zhang = outcome.hits.first { Self.index.households[$0.household].id == "h0" }!
        #expect(zhang.value == 500_000 && zhang.lines == [2, 3] && zhang.rowsCounted == 2)
        #expect(outcome.summary.rowsRead == 6 && outcome.summary.rowsMatched == 6 && outcome.summary.rowsBad == 0)
    }

    @Test("教育: non-compulsory self-paid ≥ 10,000 and a dropout at compulsory age fire; compulsory-stage fees and a 高中 dropout do not")
    func education() throws {
        let csv = """
        身份证号,姓名,登记日期,学段,学籍状态,自付费用
        \(Self.zhang),张三,2026-02-01,本科,在学,10000
        \(Self.wang),王五,2026-02-01,初中,在学,30000
        \(Self.zhao),赵六,2026-03-01,初中,辍学,0
        \(Self.qian),钱七,2026-03-01,高中,辍学,9999
        """
        #expect(try screen(.education, csv).warned == ["h0": ["JY01"], "h2": ["JY02"]])
    }

    @Test("民政 newly in 低保/特困, 住建 C/D, 应急 damage, 公安 death of the only labourer, 残联 grade 1–2, 人社 for 脱贫户 only, exclusion checks")
    func otherFeeds() throws {
        #expect(try screen(.civilAffairs, """
            身份证号,变动日期,救助类型,变动类型
            \(Self.zhang),2026-05-01,低保,新纳入
            \(Self.wang),2026-05-01,低保,退出
            \(Self.zhao),2026-05-01,临时救助,新纳入
            """).warned == ["h0": ["MZ01"]])
        #expect(try screen(.housing, "身份证号,鉴定日期,鉴定等级\n\(Self.wang),2026-04-01,D\n\(Self.zhang),2026-04-01,B\n").warned == ["h1": ["ZJ01"]])
        #expect(try screen(.emergency, "身份证号,灾害日期,损失金额\n\(Self.wang),2026-04-01,10000\n\(Self.qian),2026-04-01,9999\n\(Self.zhang),2026-04-01,5000\n").warned
                == ["h1": ["YJ01"], "h0": ["YJ01"]])
        // 王五 is his household's only labourer; 张三's household has one labourer but the row is about 李梅, who is not it.
        #expect(try screen(.police, "身份证号,发生日期,事项\n\(Self.wang),2026-04-01,死亡\n\(Self.li),2026-04-01,死亡\n\(Self.qian),2026-04-01,死亡\n").warned == ["h1": ["GA01"]])
        #expect(try screen(.disability, "身份证号,发证日期,残疾等级\n\(Self.li),2026-04-01,二级\n\(Self.qian),2026-04-01,四级\n").warned == ["h0": ["CL01"]])
        #expect(try screen(.employment, "身份证号,登记日期,事项\n\(Self.zhang),2026-04-01,务工中断\n\(Self.qian),2026-04-01,失业登记\n").warned == ["h0": ["RS01"]])
        #expect(try screen(.vehicle, "身份证号,登记日期,车牌号\n\(Self.qian),2019-04-01,豫P12345\n").warned == ["h3": ["PC02"]])
    }

    @Test("bad rows are counted and listed with line and reason; the good rows are still screened")
    func badRows() throws {
        let wrongCheck = String(Self.zhang.dropLast()) + (Self.zhang.last == "1" ? "2" : "1")
        let csv = """
        身份证号,姓名,结算日期,个人自付
        \(wrongCheck),甲,2026-01-01,100
        41168119700101,乙,2026-01-01,100
        \(Self.zhang),张三,2026-13-45,100
        \(Self.zhang),张三,2026-01-01,-5
        \(Self.zhang),张三,2026-01-01,abc
        \(Self.zhang),张三
        \(Self.stranger),路人,2026-01-01,100

        \(Self.zhang),张三,2026-01-02,6000
        """
        let (warned, outcome) = try screen(.medical, csv)
        #expect(warned == ["h0": ["YB01"]])
        #expect(outcome.summary.rowsRead == 8 && outcome.summary.rowsBad == 6 && outcome.summary.rowsMatched == 1 && outcome.summary.rowsUnmatched == 1)
        let reasons = Dictionary(uniqueKeysWithValues: outcome.summary.badRows.map { ($0.line, $0.reason) })
        #expect(reasons[2] == "身份证号校验位错误")
        #expect(reasons[3]?.contains("18位") == true)
        #expect(reasons[4]?.contains("日期无法识别") == true)
        #expect(reasons[5] == "金额为负数")
        #expect(reasons[6]?.contains("金额格式错误") == true)
        #expect(reasons[7]?.contains("缺少数据") == true)
        // A person outside the registry is counted, not listed as a problem of the file.
        #expect(reasons[8] == nil)
    }

    @Test("a county-wide 医保 file: 25,000 people outside the registry are counted, not listed, so a bad date on the last line is still among the listed problem rows")
    func strangersDoNotCrowdOutProblems() throws {
        var csv = "身份证号,姓名,结算日期,个人自付\n"
        for _ in 0..<25_000 { csv += "\(Self.stranger),路人,2026-01-01,100\n" }
        csv += "\(Self.zhang),张三,2026-13-45,100\n"
        let (_, outcome) = try screen(.medical, csv)
        #expect(outcome.summary.rowsUnmatched == 25_000 && outcome.summary.rowsBad == 1)
        #expect(outcome.summary.badRows.map(\.line) == [25_002] && outcome.summary.badRows.first?.reason.contains("日期") == true)
    }

    @Test("a missing required column stops the file with its name; an empty file and an old .xls are refused")
    func fileProblems() throws {
        #expect(throws: FeedReader.Failure.self) { try self.screen(.medical, "身份证号,结算日期,总费用\n\(Self.zhang),2026-01-01,100\n") }
        do { _ = try screen(.medical, "身份证号,结算日期\n") } catch let f as FeedReader.Failure { #expect(f.description.contains("个人自付")) }
        #expect(throws: FeedReader.Failure.self) { try self.screen(.medical, "") }
        #expect(throws: FeedReader.Failure.self) {
            try FeedScreening.run(data: Data([0xD0, 0xCF, 0x11, 0xE0, 1, 2]), kind: .medical, rules: [], index: Self.index, asOf: Self.asOf)
        }
    }

    @Test("15-digit legacy IDs and a lowercase x match the registry's 18-digit numbers")
    func legacyIDs() throws {
        let fifteen = "411681700101101"   // 张三's number before 1999: no century, no check character
        #expect(ByteFields.idKey(fifteen) == ByteFields.idKey(Self.zhang))
        let xID = Self.id("41168119650303108")
        #expect(xID.hasSuffix("X") || !xID.hasSuffix("X"))
        if xID.hasSuffix("X") { #expect(ByteFields.idKey(xID.lowercased()) == ByteFields.idKey(xID)) }
        let (warned, _) = try screen(.medical, "身份证号,结算日期,个人自付\n\(fifteen),2026-01-01,6000\n")
        #expect(warned == ["h0": ["YB01"]])
    }

    @Test("a GB18030 file (as Excel saves CSV) reads the same as UTF-8, whatever the chunk size, quotes and line breaks included")
    func gb18030AndChunks() throws {
        let csv = "身份证号,姓名,结算日期,个人自付\r\n\(Self.zhang),\"张\"\"三\n（住院）\",2026-01-01,3000\r\n\(Self.li),李梅,2026-02-01,2000\r\n"
        let gb = try TextDecoding.gb18030(csv)
        for chunk in [3, 7, 64, 4 << 20] {
            let outcome = try FeedScreening.run(data: gb, kind: .medical, rules: ScreeningRule.defaults(from: CivilDate(year: 2021, month: 1, day: 1)!),
                                                index: Self.index, asOf: Self.asOf, chunkSize: chunk)
            #expect(outcome.encoding == .gb18030)
            #expect(outcome.hits.count == 1 && outcome.hits.first?.lines == [2, 4], "chunk \(chunk)")
            let utf = try screen(.medical, csv, chunk: chunk).outcome
            #expect(utf.encoding == .utf8 && utf.hits == outcome.hits, "chunk \(chunk)")
        }
    }

    @Test("a file read in two halves at once gives the same warnings, evidence lines and bad rows as one pass, even when a quoted line break sits at the middle")
    func halves() throws {
        let rules = ScreeningRule.defaults(from: CivilDate(year: 2021, month: 1, day: 1)!)
        var lines = ["身份证号,姓名,结算日期,个人自付"]
        for i in 0..<400 {
            let who = [Self.zhang, Self.li, Self.wang, Self.zhao, Self.qian, Self.stranger, "bad"][i % 7]
            let name = i == 200 ? "\"住院\n（转院）\"" : "某"
            lines.append("\(who),\(name),2026-0\(1 + i % 6)-1\(i % 10),\(100 + i * 37 % 5000)")
        }
        let text = lines.joined(separator: "\n") + "\n"
        let data = Data(text.utf8)
        let one = try FeedScreening.run(data: data, kind: .medical, rules: rules, index: Self.index, asOf: Self.asOf, parallelAbove: .max)
        #expect(!one.hits.isEmpty && one.summary.rowsBad > 0)
        // Split at the middle, and at the quoted line break itself.
        // The byte after the line break inside the quoted name.
        let quoted = text.utf8.distance(from: text.startIndex, to: text.range(of: "\n（")!.lowerBound) + 1
        for chunk in [5, 1 << 16] {
            let two = try FeedScreening.run(data: data, kind: .medical, rules: rules, index: Self.index, asOf: Self.asOf, chunkSize: chunk, parallelAbove: 0)
            #expect(two.hits == one.hits && two.summary == one.summary, "chunk \(chunk)")
        }
        try FeedReader.withTemporaryFile(data) { path in
            // Force the halves to meet at the quoted line break: the second half starts inside the quoted field.
            let middle = quoted - 2
            #expect(FeedScreening.secondHalfStart(path: path, middle: middle) == quoted)
            let forced = try FeedScreening.run(path: path, kind: .medical, rules: rules, index: Self.index, asOf: Self.asOf, parallelAbove: 0, middle: middle)
            #expect(forced.hits == one.hits && forced.summary == one.summary)
        }
        // As the store runs it (earlier files' sums given, so each half counts by month for the next file): the same
        // monthly sums both ways.
        func sums(_ outcome: FeedScreening.Outcome) -> [String] {
            outcome.monthly.map { "\($0.household)|\($0.rule)|\($0.month)|\($0.value)|\($0.rows)" }.sorted()
        }
        let tracked = try FeedScreening.run(data: data, kind: .medical, rules: rules, index: Self.index, asOf: Self.asOf, parallelAbove: .max, priors: [])
        #expect(tracked.monthly.count >= 6)
        let trackedHalves = try FeedScreening.run(data: data, kind: .medical, rules: rules, index: Self.index, asOf: Self.asOf, parallelAbove: 0, priors: [])
        #expect(sums(trackedHalves) == sums(tracked) && trackedHalves.hits == tracked.hits)
    }

    @Test("an XLSX file from a department reads like its CSV, amounts as numbers included; business and urban-property hits flag the household for review")
    func xlsxAndExclusions() throws {
        let book = XLSXWorkbook.list(name: "医保", header: ["身份证号", "姓名", "结算日期", "个人自付（元）"], rows: [
            [.text(Self.zhang), .text("张三"), .text("2026-03-01"), .number(5000)],
            [.text(Self.wang), .text("王五"), .text("2026-03-01"), .integer(19_999)],
        ])
        let outcome = try FeedScreening.run(data: try book.data(), kind: .medical, rules: ScreeningRule.defaults(from: CivilDate(year: 2021, month: 1, day: 1)!),
                                            index: Self.index, asOf: Self.asOf)
        #expect(outcome.hits.map { Self.index.households[$0.household].id } == ["h0"])
        #expect(outcome.summary.rowsRead == 2 && outcome.summary.rowsBad == 0)
        let business = try screen(.business, "身份证号,登记日期,名称\n\(Self.zhao),2018-05-01,某某超市\n")
        #expect(business.warned == ["h2": ["PC01"]] && business.outcome.rules.first { $0.code == "PC01" }?.isExclusion == true)
        #expect(try screen(.property, "身份证号,登记日期,坐落\n\(Self.li),2020-01-01,项城市某小区\n").warned == ["h0": ["PC03"]])
    }
}
