import BottomlinePersistence
import Fluent
import Foundation
import Vapor

/// Builds the web application: database, sessions, security middleware, static files and routes.
public enum BottomlineApp {
    public static func configure(_ app: Application, _ configuration: AppConfiguration) throws {
        app.storage[AppConfigurationKey.self] = configuration
        app.storage[ImportJobsKey.self] = ImportJobs()
        app.lifecycle.use(ImportJobsLifecycle())
        try DatabaseSetup.configure(app, location: configuration.database)
        app.passwords.use(.bcrypt(cost: app.environment == .testing ? 4 : 10))
        // Checked against when a user name is unknown, so a wrong name costs the same time as a wrong password.
        app.storage[DecoyHashKey.self] = try app.password.hash(SessionStore.randomToken())
        // Forms and API bodies are small; only the import and feed routes collect large uploads.
        app.routes.defaultMaxBodySize = configuration.limits.body
        // A connection with nothing read or written for 15 minutes is closed: a sender left writing a refused body past
        // its drain, or a client that opened a connection and went quiet, does not hold it for ever. No page or upload
        // goes that long without a byte either way (big imports run after their upload is answered).
        app.http.server.configuration.idleTimeout = .minutes(15)
        app.middleware = Middlewares()
        app.middleware.use(RequestLog())
        app.middleware.use(SecurityHeadersMiddleware())
        app.middleware.use(ChineseErrorMiddleware())
        app.middleware.use(AllowedMethodsMiddleware())
        app.middleware.use(NulGuard())
        if let publicDir = Bundle.module.resourceURL?.appendingPathComponent("Public").path {
            app.middleware.use(StaticFiles(FileMiddleware(publicDirectory: publicDir + "/", defaultFile: nil)))
        }
        app.middleware.use(SessionMiddleware())
        app.middleware.use(CSRFMiddleware())
        try routes(app, limits: configuration.limits)
    }

    static func routes(_ app: Application, limits: AppConfiguration.Limits) throws {
        app.get(.login, use: LoginController.form)
        app.post(.login, use: LoginController.login)
        app.post(.logout, use: LoginController.logout)
        app.get(.health, use: OperationsController.health)
        app.get(.metrics, use: OperationsController.metrics)
        // The one public page: a farmer's self-declaration, reached from the village's QR code.
        app.get(.declare(.parameter("village")), use: DeclarationController.form)
        app.post(.declare(.parameter("village")), use: DeclarationController.submit)

        // Departments' systems post feeds with their own token, not a session.
        app.on(.POST, .feedAPI(.parameter("kind")), body: .stream, use: FeedController.apiFeed)

        let signedIn = app.grouped(RequireUser(), DepartmentScope())
        signedIn.get(.home, use: RegionController.home)
        signedIn.get(.accountPassword, use: LoginController.passwordForm)
        signedIn.post(.accountPassword, use: LoginController.changePassword)
        signedIn.get(.region(.code), use: RegionController.region)
        signedIn.get(.regionQR(.code), use: QRCodeController.page)
        signedIn.post(.regionQR(.code), use: QRCodeController.save)
        signedIn.get(.regionQRImage(.code, .svg), use: QRCodeController.image)
        signedIn.get(.regionQRImage(.code, .png), use: QRCodeController.image)

        signedIn.get(.households, use: HouseholdListController.list)
        signedIn.get(.householdsExport(.xlsx), use: HouseholdListController.export)
        signedIn.get(.householdsExport(.csv), use: HouseholdListController.export)
        signedIn.get(.newHousehold, use: HouseholdEditController.newHouseholdForm)
        signedIn.post(.newHousehold, use: HouseholdEditController.createHousehold)
        signedIn.get(.household(.id), use: HouseholdController.show)
        signedIn.get(.householdPage(.id, .edit), use: HouseholdEditController.editHouseholdForm)
        signedIn.post(.householdPage(.id, .edit), use: HouseholdEditController.updateHousehold)
        signedIn.get(.householdPage(.id, .newMember), use: PersonEditController.addMemberForm)
        signedIn.post(.householdPage(.id, .newMember), use: PersonEditController.addMember)
        signedIn.get(.householdPage(.id, .income), use: HouseholdEditController.incomeForm)
        signedIn.post(.householdPage(.id, .income), use: HouseholdEditController.saveIncome)
        signedIn.post(.householdPage(.id, .helper), use: HouseholdController.assignHelper)
        signedIn.get(.householdPage(.id, .changes), use: HouseholdChangeController.form)
        signedIn.post(.householdPage(.id, .split), use: HouseholdChangeController.split)
        signedIn.post(.householdPage(.id, .merge), use: HouseholdChangeController.merge)
        signedIn.post(.householdPage(.id, .move), use: HouseholdChangeController.move)
        signedIn.get(.personEdit(.id), use: PersonEditController.editPersonForm)
        signedIn.post(.personEdit(.id), use: PersonEditController.updatePerson)
        signedIn.post(.personDeparture(.id), use: PersonEditController.recordDeparture)
        signedIn.post(.personReveal(.id), use: HouseholdController.revealID)
        signedIn.post(.householdPage(.id, .phone), use: HouseholdController.revealPhone)
        signedIn.post(.householdPage(.id, .account), use: HouseholdController.revealAccount)
        signedIn.post(.clueAction(.id, .phone), use: ClueController.revealPhone)

        signedIn.get(.work, use: WorkController.show)
        signedIn.get(.clue(.id), use: ClueController.show)
        signedIn.post(.clueAction(.id, .link), use: ClueController.link)
        signedIn.post(.clueAction(.id, .start), use: ClueController.startCase)
        signedIn.post(.clueAction(.id, .close), use: ClueController.close)
        signedIn.post(.householdPage(.id, .clues), use: ClueController.record)
        signedIn.get(.cases, use: CaseController.list)
        signedIn.get(.monitoringCase(.id), use: CaseController.show)
        signedIn.post(.caseAct(.id), use: CaseController.act)
        signedIn.post(.householdPage(.id, .measures), use: AssistanceController.addMeasure)
        signedIn.post(.householdPage(.id, .loans), use: LoanController.addLoan)
        signedIn.post(.householdPage(.id, .loanEvents), use: LoanController.loanEvent)
        signedIn.post(.householdPage(.id, .jobs), use: JobController.record)
        signedIn.post(.householdPage(.id, .insurance), use: InsuranceController.open)
        signedIn.post(.measureStatus(.id), use: AssistanceController.measureStatus)
        signedIn.post(.householdPage(.id, .visits), use: AssistanceController.addVisit)
        signedIn.get(.householdPage(.id, .elimination), use: EliminationController.form)
        signedIn.post(.householdPage(.id, .elimination), use: EliminationController.propose)
        signedIn.post(.householdPage(.id, .revert), use: EliminationController.revert)
        signedIn.get(.monitoring, use: MonitoringController.list)
        signedIn.get(.monitoringExport, use: MonitoringController.export)
        signedIn.get(.monitoringChecks, use: MonitoringController.checks)
        signedIn.get(.notices, use: NoticeController.show)

        signedIn.get(.audit, use: AuditController.list)
        signedIn.get(.policy, use: PolicyController.show)
        signedIn.post(.policy, use: PolicyController.add)
        signedIn.post(.policyLabels, use: PolicyController.addLabel)
        signedIn.post(.policyCalendar, use: PolicyController.setCalendar)
        signedIn.get(.importRegistry, use: ImportController.form)
        signedIn.get(.importTemplate(.xlsx), use: ImportController.template)
        signedIn.get(.importTemplate(.csv), use: ImportController.template)
        signedIn.on(.POST, .importRegistry, body: .stream, use: ImportController.upload).userInfo[StreamedRoute.key] = true
        signedIn.get(.importJob(.parameter("id")), use: ImportController.job)

        signedIn.get(.indicators, use: IndicatorController.show)
        signedIn.get(.indicatorsBulletin(.xlsx), use: IndicatorController.bulletin)
        signedIn.get(.indicatorsBulletin(.csv), use: IndicatorController.bulletin)
        signedIn.get(.indicatorsFreeze, use: IndicatorController.confirmFreeze)
        signedIn.post(.indicatorsFreeze, use: IndicatorController.freeze)
        signedIn.get(.score, use: ScoreController.show)
        signedIn.post(.score, use: ScoreController.save)
        signedIn.get(.bulletins, use: BulletinController.list)
        signedIn.post(.bulletins, use: BulletinController.create)
        signedIn.get(.bulletin(.id), use: BulletinController.show)

        signedIn.get(.screening, use: FeedController.show)
        signedIn.on(.POST, .screening, body: .stream, use: FeedController.upload).userInfo[StreamedRoute.key] = true
        signedIn.get(.screeningFile(.id), use: FeedController.file)
        signedIn.get(.screeningFileProblems(.id), use: FeedController.problems)
        signedIn.get(.screeningTemplate(.id), use: FeedController.template)
        signedIn.get(.screeningStats, use: WarningRuleController.stats)
        signedIn.get(.screeningRule(.code), use: WarningRuleController.form)
        signedIn.post(.screeningRule(.code), use: WarningRuleController.save)
        signedIn.get(.warnings, use: WarningController.list)
        signedIn.get(.warning(.id), use: WarningController.show)
        signedIn.post(.warningDispose(.id), use: WarningController.dispose)

        // 项目库 and 衔接资金 (issue 15).
        signedIn.get(.projects, use: ProjectController.list)
        signedIn.get(.newProject, use: ProjectController.newForm)
        signedIn.post(.newProject, use: ProjectController.create)
        signedIn.get(.project(.id), use: ProjectController.show)
        signedIn.get(.projectPage(.id, .notice), use: ProjectController.notice)
        signedIn.get(.projectPage(.id, .edit), use: ProjectController.editForm)
        signedIn.post(.projectPage(.id, .edit), use: ProjectController.edit)
        signedIn.post(.projectPage(.id, .act), use: ProjectController.act)
        signedIn.post(.projectPage(.id, .households), use: ProjectController.households)
        signedIn.get(.funds, use: FundController.show)
        signedIn.post(.funds, use: FundController.addBatch)
        signedIn.get(.fundBatch(.id), use: FundController.batch)
        signedIn.post(.fundBatchAction(.id, .allocate), use: FundController.allocate)
        signedIn.post(.fundBatchAction(.id, .pay), use: FundController.pay)
        signedIn.post(.fundPaymentReverse(.id), use: FundController.reverse)
        signedIn.get(.fundsBulletin, use: FundController.bulletin)
        signedIn.get(.fundsBulletinXLSX, use: FundController.bulletinXLSX)
        signedIn.get(.loansBulletin, use: LoanController.loanBulletin)
        signedIn.get(.loansBulletinXLSX, use: LoanController.loanBulletinXLSX)
        signedIn.post(.statisticsUnits, use: LoanController.addStatisticsUnit)
        signedIn.post(.statisticsUnitsEnd, use: LoanController.endStatisticsUnit)
        signedIn.get(.jobs, use: JobController.show)
        signedIn.post(.jobsTargets, use: JobController.setTarget)
        signedIn.get(.jobsExport, use: JobController.export)
        signedIn.get(.jobsList(.parameter("kind")), use: JobController.list)
        signedIn.get(.jobsAttendance, use: JobController.attendance)
        signedIn.post(.jobsAttendance, use: JobController.recordAttendance)
        signedIn.get(.insurance, use: InsuranceController.show)
        signedIn.post(.insuranceScheme, use: InsuranceController.saveScheme)
        signedIn.post(.insurancePropose, use: InsuranceController.propose)
        signedIn.post(.insuranceClaim(.id), use: InsuranceController.decide)
        signedIn.get(.petitions, use: PetitionController.show)
        signedIn.post(.petitions, use: PetitionController.register)
        signedIn.post(.petition(.id), use: PetitionController.step)
        signedIn.get(.quality, use: QualityController.show)
        signedIn.post(.qualityRun, use: QualityController.run)
        signedIn.post(.qualitySettings, use: QualityController.settings)
        signedIn.post(.qualityFinding(.id), use: QualityController.explain)
        signedIn.get(.whatIf, use: WhatIfController.show)
        signedIn.get(.whatIfExport, use: WhatIfController.export)
        signedIn.get(.problems, use: ProblemController.show)
        signedIn.post(.problems, use: ProblemController.register)
        signedIn.post(.problem(.id), use: ProblemController.step)
        signedIn.on(.POST, .problemFiles(.id), body: .stream, use: AttachmentController.upload("problem") { _ in SitePath.problems.description }).userInfo[StreamedRoute.key] = true
        signedIn.on(.POST, .petitionFiles(.id), body: .stream, use: AttachmentController.upload("petition") { _ in SitePath.petitions.description }).userInfo[StreamedRoute.key] = true
        signedIn.on(.POST, .caseStepFiles(.id), body: .stream, use: AttachmentController.upload("case_step") { SitePath.monitoringCase(.value($0)).description }).userInfo[StreamedRoute.key] = true
        signedIn.get(.file(.id), use: AttachmentController.download)
        signedIn.get(.dispatch, use: DispatchController.show)
        signedIn.post(.dispatchTap, use: DispatchController.tap)
        signedIn.post(.dispatchMembers, use: DispatchController.send)
        signedIn.post(.dispatchMember(.id), use: DispatchController.step)
        signedIn.post(.dispatchLeaves, use: DispatchController.askLeave)
        signedIn.post(.dispatchLeave(.id), use: DispatchController.decideLeave)
        signedIn.post(.dispatchLogs, use: DispatchController.log)
        signedIn.post(.dispatchFunds, use: DispatchController.allot)
        signedIn.post(.dispatchFund(.id), use: DispatchController.spend)
        signedIn.get(.assets, use: AssetController.list)
        signedIn.get(.assetsExport(.xlsx), use: LedgerImportController.exportAssets)
        signedIn.get(.assetsExport(.csv), use: LedgerImportController.exportAssets)
        signedIn.get(.newAsset, use: AssetController.newForm)
        signedIn.post(.newAsset, use: AssetController.create)
        signedIn.get(.asset(.id), use: AssetController.show)
        signedIn.post(.assetAction(.id, .income), use: AssetController.income)
        signedIn.post(.assetAction(.id, .distribute), use: AssetController.distribute)
        signedIn.post(.assetAction(.id, .dispose), use: AssetController.dispose)
        signedIn.get(.ledgerImport, use: LedgerImportController.form)
        signedIn.on(.POST, .ledgerImport, body: .stream, use: LedgerImportController.upload).userInfo[StreamedRoute.key] = true
        signedIn.get(.bankLoans, use: LedgerImportController.bankForm)
        signedIn.on(.POST, .bankLoans, body: .stream, use: LedgerImportController.bankUpload).userInfo[StreamedRoute.key] = true
        signedIn.get(.bankTemplate(.parameter("id")), use: LedgerImportController.template)
        signedIn.get(.ledgerTemplate(.id), use: LedgerImportController.template)
        signedIn.get(.projectsExport(.xlsx), use: LedgerImportController.exportProjects)
        signedIn.get(.projectsExport(.csv), use: LedgerImportController.exportProjects)
        signedIn.get(.fundsExport(.xlsx), use: LedgerImportController.exportFunds)
        signedIn.get(.fundsExport(.csv), use: LedgerImportController.exportFunds)
        APIRoutes.register(on: signedIn)
    }
}

extension RoutesBuilder {
    /// Registers a route at a site path; `.parameter` slots become route parameters.
    @discardableResult
    func on<R: AsyncResponseEncodable>(_ method: HTTPMethod, _ path: SitePath, body: HTTPBodyStreamStrategy = .collect,
                                       use handler: @Sendable @escaping (Request) async throws -> R) -> Route {
        let route = on(method, path.components.map { PathComponent(stringLiteral: $0) }, body: body, use: handler)
        if case .collect(let limit?) = body { route.userInfo[BodyLimit.key] = limit.value }
        return route
    }

    @discardableResult
    func get<R: AsyncResponseEncodable>(_ path: SitePath, use handler: @Sendable @escaping (Request) async throws -> R) -> Route {
        on(.GET, path, use: handler)
    }

    @discardableResult
    func post<R: AsyncResponseEncodable>(_ path: SitePath, use handler: @Sendable @escaping (Request) async throws -> R) -> Route {
        on(.POST, path, use: handler)
    }
}
