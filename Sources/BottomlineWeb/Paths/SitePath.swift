import Foundation

/// Every address of the site, in one place: routes are registered from these, and links and redirects are built from
/// them, so a page's address is written once. A path's `{id}` slots are `Slot`s: `.id` when registering a route (it
/// becomes the `:id` parameter), a record's id or code when linking.
enum SitePath: Sendable, Hashable, CustomStringConvertible {
    case home
    case login, logout, health, metrics, accountPassword
    case declare(Slot)
    case region(Slot), regionQR(Slot), regionQRImage(Slot, ImageFormat)
    case households, householdsExport(FileFormat), newHousehold
    case household(Slot), householdPage(Slot, HouseholdPage)
    case personEdit(Slot), personDeparture(Slot), personReveal(Slot)
    case work, monitoring, monitoringExport, monitoringChecks, cases, notices
    case clue(Slot), clueAction(Slot, ClueAction)
    case monitoringCase(Slot), caseAct(Slot), caseStepFiles(Slot)
    case measureStatus(Slot)
    case audit, policy, policyLabels, policyCalendar
    case importRegistry, importTemplate(FileFormat), importJob(Slot), screeningTemplate(Slot)
    case indicators, indicatorsBulletin(FileFormat), indicatorsFreeze, score
    case bulletins, bulletin(Slot)
    case screening, screeningStats, screeningRule(Slot), screeningFile(Slot), screeningFileProblems(Slot)
    case warnings, warning(Slot), warningDispose(Slot)
    case feedAPI(Slot)
    case projects, newProject, project(Slot), projectPage(Slot, ProjectPage)
    case funds, fundBatch(Slot), fundBatchAction(Slot, FundAction), fundPaymentReverse(Slot)
    case ledgerImport, ledgerTemplate(Slot), bankLoans, bankTemplate(Slot), projectsExport(FileFormat), fundsExport(FileFormat)
    case assets, newAsset, asset(Slot), assetAction(Slot, AssetAction)
    case fundsBulletin, fundsBulletinXLSX, assetsExport(FileFormat), loansBulletin, loansBulletinXLSX, statisticsUnits, statisticsUnitsEnd
    case jobs, jobsTargets, jobsExport, jobsList(Slot), jobsAttendance
    case insurance, insuranceScheme, insurancePropose, insuranceClaim(Slot), petitions, petition(Slot)
    case problems, problem(Slot), problemFiles(Slot), petitionFiles(Slot), file(Slot)
    case quality, qualityRun, qualitySettings, qualityFinding(Slot), whatIf, whatIfExport
    case dispatch, dispatchTap, dispatchMembers, dispatchMember(Slot), dispatchLeaves, dispatchLeave(Slot), dispatchLogs, dispatchFunds, dispatchFund(Slot)

    /// A slot in a path: a route parameter when registering, a value when linking.
    struct Slot: Sendable, Hashable {
        let text: String
        /// The parameter a route reads (`req.parameters.get(name)`).
        static func parameter(_ name: String) -> Slot { Slot(text: ":" + name) }
        static let id = parameter("id")
        static let code = parameter("code")
        static func value(_ text: String) -> Slot { Slot(text: text) }
        static func value(_ id: UUID) -> Slot { Slot(text: id.uuidString) }
    }

    enum FileFormat: String, Sendable { case xlsx, csv }
    enum ImageFormat: String, Sendable { case svg, png }
    enum ClueAction: String, Sendable { case link, start, close, phone }
    enum ProjectPage: String, Sendable { case edit, act, notice, households }
    enum FundAction: String, Sendable { case allocate, pay }
    enum AssetAction: String, Sendable { case income, distribute, dispose }
    /// The pages and actions under one household.
    enum HouseholdPage: String, Sendable {
        case edit, newMember = "members/new", income, changes, helper, split, merge, move, clues, measures, visits, elimination, revert, phone, account, loans, jobs, insurance, loanEvents = "loans/events"
    }

    var components: [String] {
        switch self {
        case .home: []
        case .login: ["login"]
        case .logout: ["logout"]
        case .health: ["healthz"]
        case .metrics: ["metrics"]
        case .accountPassword: ["account", "password"]
        case .declare(let v): ["declare", v.text]
        case .region(let c): ["regions", c.text]
        case .regionQR(let c): ["regions", c.text, "qr"]
        case .regionQRImage(let c, let f): ["regions", c.text, "qr." + f.rawValue]
        case .households: ["households"]
        case .householdsExport(let f): ["households", "export." + f.rawValue]
        case .newHousehold: ["households", "new"]
        case .household(let id): ["households", id.text]
        case .householdPage(let id, let page): ["households", id.text] + page.rawValue.split(separator: "/").map(String.init)
        case .personEdit(let id): ["persons", id.text, "edit"]
        case .personDeparture(let id): ["persons", id.text, "departure"]
        case .personReveal(let id): ["persons", id.text, "reveal"]
        case .work: ["work"]
        case .monitoring: ["monitoring"]
        case .monitoringExport: ["monitoring", "export.xlsx"]
        case .monitoringChecks: ["monitoring", "checks"]
        case .cases: ["cases"]
        case .notices: ["notices"]
        case .clue(let id): ["clues", id.text]
        case .clueAction(let id, let a): ["clues", id.text, a.rawValue]
        case .monitoringCase(let id): ["cases", id.text]
        case .caseAct(let id): ["cases", id.text, "act"]
        case .caseStepFiles(let id): ["case-steps", id.text, "files"]
        case .measureStatus(let id): ["measures", id.text, "status"]
        case .audit: ["audit"]
        case .policy: ["policy"]
        case .policyLabels: ["policy", "labels"]
        case .policyCalendar: ["policy", "calendar"]
        case .importRegistry: ["import"]
        case .importTemplate(let f): ["import", "template." + f.rawValue]
        case .importJob(let id): ["import", "jobs", id.text]
        case .screeningTemplate(let kind): ["screening", "templates", kind.text]
        case .indicators: ["indicators"]
        case .indicatorsBulletin(let f): ["indicators", "bulletin." + f.rawValue]
        case .indicatorsFreeze: ["indicators", "freeze"]
        case .score: ["indicators", "score"]
        case .bulletins: ["bulletins"]
        case .bulletin(let id): ["bulletins", id.text]
        case .screening: ["screening"]
        case .screeningStats: ["screening", "stats"]
        case .screeningRule(let c): ["screening", "rules", c.text]
        case .screeningFile(let id): ["screening", "files", id.text]
        case .screeningFileProblems(let id): ["screening", "files", id.text, "problems.csv"]
        case .warnings: ["warnings"]
        case .warning(let id): ["warnings", id.text]
        case .warningDispose(let id): ["warnings", id.text, "dispose"]
        case .feedAPI(let kind): ["api", "v1", "feeds", kind.text]
        case .projects: ["projects"]
        case .newProject: ["projects", "new"]
        case .project(let id): ["projects", id.text]
        case .projectPage(let id, let page): ["projects", id.text, page.rawValue]
        case .funds: ["funds"]
        case .assets: ["assets"]
        case .fundsBulletin: ["funds", "bulletin"]
        case .assetsExport(let f): ["assets", "export." + f.rawValue]
        case .fundsBulletinXLSX: ["funds", "bulletin.xlsx"]
        case .loansBulletin: ["loans", "bulletin"]
        case .loansBulletinXLSX: ["loans", "bulletin.xlsx"]
        case .statisticsUnits: ["loans", "units"]
        case .statisticsUnitsEnd: ["loans", "units", "end"]
        case .jobs: ["jobs"]
        case .jobsTargets: ["jobs", "targets"]
        case .jobsExport: ["jobs.xlsx"]
        case .jobsList(let kind): ["jobs", "lists", kind.text]
        case .jobsAttendance: ["jobs", "attendance"]
        case .insurance: ["insurance"]
        case .insuranceScheme: ["insurance", "scheme"]
        case .insurancePropose: ["insurance", "propose"]
        case .insuranceClaim(let id): ["insurance", "claims", id.text]
        case .petitions: ["petitions"]
        case .petition(let id): ["petitions", id.text]
        case .quality: ["quality"]
        case .qualityRun: ["quality", "run"]
        case .qualitySettings: ["quality", "settings"]
        case .qualityFinding(let id): ["quality", "findings", id.text]
        case .whatIf: ["whatif"]
        case .whatIfExport: ["whatif", "export.xlsx"]
        case .problems: ["problems"]
        case .problem(let id): ["problems", id.text]
        case .problemFiles(let id): ["problems", id.text, "files"]
        case .petitionFiles(let id): ["petitions", id.text, "files"]
        case .file(let id): ["files", id.text]
        case .dispatch: ["dispatch"]
        case .dispatchTap: ["dispatch", "tap"]
        case .dispatchMembers: ["dispatch", "members"]
        case .dispatchMember(let id): ["dispatch", "members", id.text]
        case .dispatchLeaves: ["dispatch", "leaves"]
        case .dispatchLeave(let id): ["dispatch", "leaves", id.text]
        case .dispatchLogs: ["dispatch", "logs"]
        case .dispatchFunds: ["dispatch", "funds"]
        case .dispatchFund(let id): ["dispatch", "funds", id.text]
        case .newAsset: ["assets", "new"]
        case .asset(let id): ["assets", id.text]
        case .assetAction(let id, let a): ["assets", id.text, a.rawValue]
        case .ledgerImport: ["projects", "import"]
        case .bankLoans: ["bank", "loans"]
        case .bankTemplate(let name): ["bank", "templates", name.text]
        case .ledgerTemplate(let name): ["projects", "templates", name.text]
        case .projectsExport(let f): ["projects", "export." + f.rawValue]
        case .fundsExport(let f): ["funds", "export." + f.rawValue]
        case .fundBatch(let id): ["funds", id.text]
        case .fundBatchAction(let id, let a): ["funds", id.text, a.rawValue]
        case .fundPaymentReverse(let id): ["funds", "payments", id.text, "reverse"]
        }
    }

    /// The address as a link or redirect writes it.
    var description: String { "/" + components.joined(separator: "/") }
}

extension SitePath {
    /// Where to send a user after signing in: a path of this site, or the home page. Only a plain local path passes —
    /// no scheme, no host, no `//` or `\` (which browsers read as another host), no whitespace or control characters
    /// (tabs are dropped by browsers, CR LF would split the Location header).
    static func localRedirect(_ raw: String?) -> String {
        guard let raw, raw.utf8.count <= 2000, raw.hasPrefix("/"), !raw.hasPrefix("//"),
              !raw.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\\" || ($0.value >= 0x80 && $0.properties.isWhitespace) }),
              let parts = URLComponents(string: raw), parts.scheme == nil, parts.host == nil
        else { return SitePath.home.description }
        return raw
    }
}
