/// One step of 识别纳入 or 风险消除, decided without a database: given the case as it stands, what its owner did, the
/// fields they sent, the policy book and the day, the procedure answers with the case after the step — or every
/// problem, field by field. Stores only persist the answer; who may act where is the jurisdiction's question, asked
/// before this one.
public enum CaseTransitions {
    /// The case as the procedure sees it.
    public struct State: Sendable, Equatable {
        public var kind: CaseKind
        public var stage: CaseStage
        public var notice: NoticePeriod?

        public init(kind: CaseKind, stage: CaseStage, notice: NoticePeriod?) {
            self.kind = kind
            self.stage = stage
            self.notice = notice
        }
    }

    /// What the step changes and records.
    public struct Outcome: Sendable, Equatable {
        public var next: CaseStage
        /// The category proposed (入户核实) or decided (县级审定), when the step sets one.
        public var category: MonitoringCategory?
        public var risks: [RiskType]?
        /// 公示 starts when 民主评议 passes, and is forgotten when the case is returned to a step before it.
        public var notice: NoticeChange
        public var comment: String
        public var details: [String]
        /// The case ends with this step (completed or rejected).
        public var ends: Bool { next == .completed || next == .rejected }
    }

    public enum NoticeChange: Sendable, Equatable {
        case keep, start(NoticePeriod), clear
    }

    /// The owner of the current step advances the case, returns it one step, or ends it. A comment is needed to return
    /// or reject, and for 民主评议; 公示 cannot end before its days have passed; 县级审定 names the category and up to
    /// five risk types in force.
    public static func act(_ state: State, _ action: StepAction, values: FormValues, book: PolicyBook, place: RegionCode,
                           today: CivilDate) -> Result<Outcome, FieldProblems> {
        let stage = state.stage, kind = state.kind
        guard stage.isOpen else { return .failure(FieldProblems(["_": "该程序已结束"])) }
        var errors = FieldErrors()
        let comment = errors.take("comment", FieldRules.longText(values.text("comment", limit: 5000), label: "意见",
                                                                  required: action != .advance || stage == .deliberation)) ?? ""
        var outcome = Outcome(next: stage, category: nil, risks: nil, notice: .keep, comment: comment, details: [])
        switch action {
        case .returnBack:
            guard let previous = kind.previous(before: stage) else { return .failure(FieldProblems(["_": "第一个环节不能退回；如不符合条件，请终止程序"])) }
            outcome.next = previous
            if previous == .deliberation || previous == .verification { outcome.notice = .clear }
        case .reject:
            outcome.next = .rejected
        case .advance:
            outcome.next = kind.next(after: stage)
            switch (kind, stage) {
            case (_, .verification):
                let findings = errors.take("findings", FieldRules.longText(values.text("findings", limit: 5000), label: "入户核实情况", required: true))
                if kind == .identification {
                    if !values.ticked("consent") { errors["consent"] = "请确认农户已签订承诺授权书" } else { outcome.details.append("已签订承诺授权书") }
                    if let c = MonitoringCategory(rawValue: values.text("category")) {
                        outcome.category = c
                        outcome.details.append("建议类别：\(c.label)")
                    }
                    if let risks = errors.take("risks", FieldRules.risks(values, required: false)), !risks.isEmpty {
                        outcome.risks = risks
                        outcome.details.append("风险类型：" + risks.map(\.label).joined(separator: "、"))
                    }
                }
                if let findings { outcome.details.insert("核实情况：\(findings)", at: 0) }
            case (_, .deliberation):
                guard let days = book.int(.noticeDays, for: place, on: today) else { return .failure(missing(.noticeDays)) }
                let notice = NoticePeriod(start: today, days: days)
                outcome.notice = .start(notice)
                outcome.details.append("公示期：\(notice.text)")
            case (_, .notice):
                if let notice = state.notice, !notice.isOver(on: today) {
                    errors["_"] = "公示期至\(notice.end)，公示期满后才能进入下一环节"
                }
            case (.identification, .countyApproval):
                let category = MonitoringCategory(rawValue: values.text("category"))
                if category == nil { errors["category"] = "请确定监测对象类别" }
                let risks = errors.take("risks", FieldRules.risks(values, required: true))
                let names = book.names(for: place, on: today)
                if let category, let p = names.problem([category]) { errors["category"] = p.message }
                if let risks, let p = names.problem(risks) { errors["risks"] = p.message }
                if errors.isEmpty, let category, let risks {
                    outcome.category = category
                    outcome.risks = risks
                    outcome.details.append("审定类别：\(names(category))；风险类型：\(names(risks))")
                }
            default:
                break
            }
        }
        return errors.isEmpty ? .success(outcome) : .failure(FieldProblems(errors))
    }

    /// A parameter the step needs has no value for the place and day.
    public static func missing(_ p: PolicyParameter) -> FieldProblems {
        FieldProblems(["_": "尚未设置政策参数“\(p.label)”，请县级管理员在“政策参数”中录入"])
    }
}
