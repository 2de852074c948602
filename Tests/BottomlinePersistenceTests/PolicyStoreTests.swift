import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing

@Suite("政策参数的登记", .serialized)
struct PolicyStoreTests {
    func actor(_ role: Role, _ region: String) -> Actor { Actor(userID: nil, username: role.rawValue, role: role, region: RegionCode(region)!) }
    let day = CivilDate(year: 2025, month: 1, day: 1)!

    @Test("the national defaults ship with the schema; Henan's income line does not (it was not found) until entered")
    func defaults() async throws {
        try await withTestApp { app in
            let book = try await PolicyStore.book(for: RegionCode("411681101201")!, on: app.db)
            #expect(book.int(.noticeDays, for: RegionCode("411681")!, on: day) == 5)
            #expect(book.int(.identificationDeadlineDays, for: RegionCode("411681")!, on: day) == 15)
            #expect(book.incomeLine(forIncomeYear: 2025, place: RegionCode("411681")!) == nil)
        }
    }

    @Test("the 小额信贷 limits ship dated from 银保监发〔2021〕6号 (5万, 36 months, 18–65) and are unset before it; a ceiling or an age out of range is refused")
    func loanLimits() async throws {
        try await withTestApp { app in
            let book = try await PolicyStore.book(for: RegionCode("411681")!, on: app.db)
            #expect(book.loanLimits(for: RegionCode("411681")!, on: day) == LoanLimits.national2021)
            #expect(book.loanLimits(for: RegionCode("411681")!, on: CivilDate(year: 2021, month: 3, day: 3)!) == nil)
            #expect(throws: FieldProblem.self) { try PolicyParameter.microLoanCeiling.validate("1000000").get() }
            #expect(try PolicyParameter.microLoanCeiling.validate("100000").get() == "100000.00")   // 追加 to 10万
            #expect(throws: FieldProblem.self) { try PolicyParameter.microLoanMaxAge.validate("81").get() }
        }
    }

    @Test("the province sets the line; a county may set its visit interval but not the line; every entry is audited")
    func whoSetsWhat() async throws {
        try await withTestApp { app in
            _ = try await PolicyStore.add(.monitoringIncomeLine, value: "8600", region: RegionCode("41")!, effectiveFrom: day,
                                          source: "豫乡振〔2025〕1号（示例）", actor: actor(.admin, "41"), on: app.db)
            do {
                _ = try await PolicyStore.add(.monitoringIncomeLine, value: "5000", region: RegionCode("411681")!, effectiveFrom: day,
                                              source: "x", actor: actor(.county, "411681"), on: app.db)
                Issue.record("a county changed the provincial line")
            } catch let problems as FieldProblems {
                #expect(problems.errors["region"]?.contains("由省级设置") == true)
            }
            _ = try await PolicyStore.add(.visitIntervalDays, value: "14", region: RegionCode("411681")!, effectiveFrom: day,
                                          source: "县里要求半月一访", actor: actor(.county, "411681"), on: app.db)
            await #expect(throws: FieldProblems.self) {
                try await PolicyStore.add(.visitIntervalDays, value: "10", region: RegionCode("411628")!, effectiveFrom: self.day,
                                          source: "x", actor: self.actor(.county, "411681"), on: app.db)
            }
            await #expect(throws: FieldProblems.self) {
                try await PolicyStore.add(.noticeDays, value: "7", region: RegionCode("41")!, effectiveFrom: self.day,
                                          source: "x", actor: self.actor(.village, "411681101201"), on: app.db)
            }
            let book = try await PolicyStore.book(for: RegionCode("411681101201")!, on: app.db)
            #expect(book.incomeLine(forIncomeYear: 2025, place: RegionCode("411681101201")!) == Money(yuan: 8_600))
            #expect(book.int(.visitIntervalDays, for: RegionCode("411681101201")!, on: day) == 14)
            #expect(try await AuditRecord.query(on: app.db).filter(\.$action == "policy").count() == 2)
        }
    }

    @Test("a value is never overwritten: the same parameter, place and date twice is refused")
    func noOverwrite() async throws {
        try await withTestApp { app in
            _ = try await PolicyStore.add(.monitoringIncomeLine, value: "8600", region: RegionCode("41")!, effectiveFrom: day,
                                          source: "a", actor: actor(.admin, "41"), on: app.db)
            do {
                _ = try await PolicyStore.add(.monitoringIncomeLine, value: "8700", region: RegionCode("41")!, effectiveFrom: day,
                                              source: "b", actor: actor(.admin, "41"), on: app.db)
                Issue.record("overwrote")
            } catch let problems as FieldProblems {
                #expect(problems.errors["effectiveFrom"]?.contains("新的生效日期") == true)
            }
        }
    }
}

@Suite("用户", .serialized)
struct UserStoreTests {
    @Test("user names, passwords (length, letters and digits, not the name, not a common one) and regions are checked; a password change is audited")
    func users() async throws {
        try await withTestApp { app in
            let hasher: (String) throws -> String = { try app.password.hash($0) }
            let user = try await UserStore.add(username: "li", displayName: "李", role: .village, region: RegionCode("411681101")!,
                                               password: "Lvshui-2026", hasher: hasher, on: app.db, actor: .system())
            #expect(user.roleValue == .village && user.passwordHash != "Lvshui-2026")
            for (name, password, region) in [("li", "Lvshui-2026", "411681"), ("x", "Lvshui-2026", "411681"), ("wang", "short1", "411681"),
                                              ("wang", "onlyletters", "411681"), ("wang", "Lvshui-2026", "411681999"),
                                              ("wang", "abc12345", "411681"), ("wang", "Woaini1314", "411681"), ("wang", "wang2026x", "411681"),
                                              ("wang", "11111111a", "411681")] {
                await #expect(throws: UserStore.Problem.self) {
                    try await UserStore.add(username: name, displayName: "", role: .village, region: RegionCode(region)!,
                                            password: password, hasher: hasher, on: app.db, actor: .system())
                }
            }
            try await UserStore.setPassword(username: "li", password: "newpass99", hasher: hasher, on: app.db, actor: .system())
            #expect(try await AuditRecord.query(on: app.db).filter(\.$action == "user_password").count() == 1)
        }
    }
}

@Suite("代码表名称的登记与停用", .serialized)
struct CodeLabelStoreTests {
    func actor(_ role: Role, _ region: String) -> Actor { Actor(userID: nil, username: role.rawValue, role: role, region: RegionCode(region)!) }
    let day = CivilDate(year: 2026, month: 1, day: 1)!

    @Test("the province words its lists, a county only its own county, a village not at all; an unknown code and a repeated date are refused; each entry is audited")
    func whoWords() async throws {
        try await withTestApp { app in
            _ = try await PolicyStore.addLabel(.monitoringCategory, code: "unstable", label: "脱贫不稳定户（新）", inUse: true, region: RegionCode("41")!,
                                               effectiveFrom: day, source: "示例文件", actor: actor(.admin, "41"), on: app.db)
            _ = try await PolicyStore.addLabel(.riskType, code: "07", label: "因就业不稳", inUse: true, region: RegionCode("411681")!,
                                               effectiveFrom: day, source: "县里用语", actor: actor(.county, "411681"), on: app.db)
            for (role, region, place, code) in [(Role.county, "411681", "41", "07"), (.county, "411681", "411628", "07"),
                                                (.village, "411681101201", "411681", "07"), (.admin, "41", "41", "88")] {
                do {
                    _ = try await PolicyStore.addLabel(.riskType, code: code, label: "名称", inUse: true, region: RegionCode(place)!,
                                                       effectiveFrom: day, source: "x", actor: actor(role, region), on: app.db)
                    Issue.record("\(role) set \(code) for \(place)")
                } catch let problems as FieldProblems {
                    #expect(problems.errors["region"] != nil || problems.errors["code"]?.contains("没有代码") == true)
                }
            }
            do {
                _ = try await PolicyStore.addLabel(.riskType, code: "07", label: "又一个", inUse: true, region: RegionCode("411681")!,
                                                   effectiveFrom: day, source: "x", actor: actor(.county, "411681"), on: app.db)
                Issue.record("overwrote a wording")
            } catch let problems as FieldProblems {
                #expect(problems.errors["effectiveFrom"]?.contains("新的生效日期") == true)
            }
            let names = try await PolicyStore.book(for: RegionCode("411681101201")!, on: app.db).names(for: RegionCode("411681101201")!, on: day)
            #expect(names(MonitoringCategory.unstableAlleviated) == "脱贫不稳定户（新）")
            #expect(names(RiskType.unstableEmployment) == "因就业不稳")
            #expect(try await CodeLabelRecord.query(on: app.db).count() == 2)
            #expect(try await AuditRecord.query(on: app.db).filter(\.$entity == "code_label").count() == 2)
        }
    }
}
