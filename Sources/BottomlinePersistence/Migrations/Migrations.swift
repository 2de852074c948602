import BottomlineDomain
import Fluent
import SQLKit

/// Every migration, in order; step NNN's migrations live in the folder `NNN/`. The same list runs on SQLite and
/// PostgreSQL. Fluent records a migration by its type's name, so an applied one is never renamed (it would run again).
public enum BottomlineMigrations {
    public static var all: [any Migration] {
        [
            // 001: administrative hierarchy, loaded with the shipped Henan data.
            CreateRegions(), SeedHenanRegions(),
            // 002: the registry.
            CreateHouseholds(), CreatePersons(), CreateIncomes(), CreateMembershipEvents(),
            // 003: users, sessions, audit and import batches.
            CreateUsers(), SessionRecord.migration, CreateAuditLog(), CreateImportBatches(),
            // 004: households closed by merging stay on record with a status.
            AddHouseholdStatus(),
            // 005: effective-dated policy parameters, with the national defaults for Henan.
            CreatePolicySettings(), SeedPolicyDefaults(),
            // 006: lists read active households of a region in number order; one index answers filter, count and order.
            IndexActiveHouseholds(),
            // 007: 帮扶责任人 pairings, dated.
            CreateHelperAssignments(),
            // 008: the lifecycle: clues, identification and elimination cases with their steps, measures, visits.
            CreateLifecycle(),
            // 009: the wording of 监测对象类别, 风险类型 and 帮扶措施类别, effective-dated like the parameters.
            CreateCodeLabels(),
            // 010: departmental screening: rules (with the shipped defaults), files, bad rows, warnings, feed tokens.
            CreateScreening(), SeedScreeningRules(),
            // 011: monthly sums per household and rule, so rolling windows span monthly files.
            CreateFeedSums(),
            // 012: month-end indicator snapshots per village.
            CreateIndicatorSnapshots(),
            // 013: weights of the quarterly township score, effective-dated per region.
            CreateScoreWeights(),
            // 014: saved bulletin definitions.
            CreateBulletins(),
            // 015: indicator tallies per village and township, kept current by triggers that note changed villages.
            CreateIndicatorTallies(),
            // 016: one row per month-end freeze, so the list of frozen months does not read every frozen village.
            CreateIndicatorFreezes(),
            // 017: villages' contact phones, and site settings edited in the browser (the public address).
            AddContactsAndSiteSettings(),
            // 018: sessions kept on the server, created at sign-in only.
            CreateUserSessions(),
            // 019: the feeds each department data officer sends and reads.
            CreateUserFeedKinds(),
            // 020: what the counted tables said on any past day, so a month frozen late is still that month's end.
            CreateRecordedHistory(),
            // 021: a number every write of a person or household changes, so the screening index is kept until then.
            CreateRegistryVersion(),
            // 022: a partial index of the households with any gap, for the list filtered by 三保障.
            CreateGapIndex(),
            // 023: the outcome of each import of a big file, kept across restarts.
            CreateImportJobs(),
            // 024: the 产业占比 rule of 衔接资金 and the 项目 公示 days (issue 15), effective-dated for Henan.
            SeedFundPolicy(),
            // 025: the 项目库 with each project's steps, and the 衔接资金 ledger: batches, 项目对接, payments (issue 15).
            CreateFundsAndProjects(),
            // 026: the ledger files imported, by content, so a file imported twice adds nothing the second time.
            CreateLedgerImports(),
            // 027: 帮扶项目资产, their income, its distribution and the households paid from it.
            CreateAssets(),
            // 028: 联农带农, the registry households each project links.
            CreateProjectHouseholds(),
            // 029: the 小额信贷 limits (issue 16), effective-dated for Henan.
            SeedLoanPolicy(),
            // 030: the 小额信贷 ledger.
            CreateLoans(),
            // 031: the 跨省务工交通补助 months (issue 16), effective-dated for Henan.
            SeedJobPolicy(),
            // 032: 就业帮扶: 务工, 公益性岗位, 雨露计划, 培训/持证, 交通补助, and the targets set for a year.
            CreateJobLedgers(),
            // 033: what banks report of each 小额信贷 loan, by day: balance, repaid, days overdue.
            CreateLoanReports(),
            // 034: 防贫保险: a county's scheme for a year and its households' claims.
            CreateInsurance(),
            // 035: what happens to a 小额信贷 loan after it is lent: 贴息, 展期, 风险补偿.
            CreateLoanEvents(),
            // 036: a number every write of those ledgers changes, so the dashboard keeps their counts between views.
            CreateLedgerVersion(),
            // 037: a 小额信贷 loan's rate, the LPR it follows and its 贴息比例; the published LPR as policy.
            AddLoanRates(),
            // 038: 公益岗位考勤: a month of a post's attendance and its pay.
            CreatePostAttendance(),
            // 039: a bank's data officer, who sends that bank's 小额信贷 files.
            AddUserBank(),
            // 040: a city's statistics units over townships (示范区), dated.
            CreateStatisticsUnits(),
            // 041: the 涉贫信访 deadlines of 信访工作条例 (issue 17), effective-dated.
            SeedPetitionPolicy(),
            // 042: 涉贫信访 petitions.
            CreatePetitions(),
            // 043: 驻村帮扶's rule (team, term, presence, leave), effective-dated.
            SeedDispatchPolicy(),
            // 044: 驻村帮扶: cadres, their taps in the village, leave, spot checks, work logs, 考核.
            CreateDispatch(),
            // 045: 问题整改's 回头看 interval, effective-dated, a county's own allowed.
            SeedRectificationPolicy(),
            // 046: 问题整改台账.
            CreateProblems(),
            // 047: 附件: files attached to records, kept by their hash.
            CreateAttachments(),
            // 048: 涉贫信访's 有效件, repeat and 督办 marks, 复查 and 复核; petitions watched by the indicator counts.
            AddPetitionReviews(),
            // 049: 驻村经费 a year per 第一书记 and per village, and what is spent.
            CreateDispatchFunds(),
            // 050: 年度考核 capped by unexcused absences, as policy data.
            SeedDispatchGradeLimits(),
            // 051: a 工作日志 names the household it was about.
            AddDispatchLogHousehold(),
            // 052: the years' 节假日安排, by which deadlines move off days off.
            CreateWorkCalendar(),
            // 053: 疑点数据核查: findings kept across runs, the runs, a county's settings of the checks.
            CreateDataChecks(),
            // 054: a number every write of the policy book's tables changes, so the book is read once and kept.
            CreatePolicyVersion(),
            // 055: a household's 补贴发放账号 (一卡通), for the shared-account check.
            AddHouseholdBankAccount(),
            // 056: on PostgreSQL the recount queue holds a village once, and its triggers insert through that index.
            RecountQueueOncePerVillage(),
            // 057: on PostgreSQL, history versions and recount notes of inserted rows written once per statement.
            StatementInsertTriggers(),
        ]
    }
}
