import BottomlineDomain
import Fluent
import Foundation

public final class LoanRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "loans"
    @ID(key: .id) public var id: UUID?
    @Field(key: "household_id") public var householdID: UUID
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "person_id") public var personID: UUID
    @Field(key: "bank") public var bank: String
    @Field(key: "contract") public var contract: String
    @Field(key: "amount_fen") public var amountFen: Int64
    @Field(key: "issued_on") public var issuedOn: String
    @Field(key: "due_on") public var dueOn: String
    @Field(key: "purpose") public var purpose: String
    @OptionalField(key: "renews_id") public var renewsID: UUID?
    /// What was outside the rules when it was recorded ("；"-separated), empty when nothing was.
    @Field(key: "outside_rules") public var outsideRules: String
    /// The written reason it was recorded anyway; empty when nothing was outside the rules.
    @Field(key: "exception") public var exception: String
    @Field(key: "balance_fen") public var balanceFen: Int64
    @Field(key: "balance_on") public var balanceOn: String
    @Field(key: "days_overdue") public var daysOverdue: Int
    @Field(key: "created_by") public var createdBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    /// The contract's yearly rate, the LPR it follows (`LPRTerm`) and that LPR on the issue date, and the 贴息比例, in
    /// hundredths of a percent; nil on loans recorded without them.
    @OptionalField(key: "rate") public var rate: Int64?
    @OptionalField(key: "lpr_term") public var lprTerm: String?
    @OptionalField(key: "lpr") public var lpr: Int64?
    @OptionalField(key: "subsidy_ratio") public var subsidyRatio: Int64?
    public init() {}

    /// The rate as the rules read it, when one was entered.
    public var loanRate: LoanRate? {
        guard let rate, let term = lprTerm.flatMap(LPRTerm.init(rawValue:)) else { return nil }
        return LoanRate(rate: rate, term: term, lpr: lpr, subsidyRatio: subsidyRatio)
    }
}

/// A bank's report of one loan on one day.
public final class LoanReportRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "loan_reports"
    @ID(key: .id) public var id: UUID?
    @Field(key: "loan_id") public var loanID: UUID
    @Field(key: "household_id") public var householdID: UUID
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "person_id") public var personID: UUID
    @Field(key: "reported_on") public var reportedOn: String
    @Field(key: "balance_fen") public var balanceFen: Int64
    @Field(key: "repaid_fen") public var repaidFen: Int64
    @Field(key: "days_overdue") public var daysOverdue: Int
    @Field(key: "created_by") public var createdBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
}

/// 贴息, 展期 or 风险补偿 of one loan.
public final class LoanEventRecord: Model, VillageScoped, @unchecked Sendable {
    public static let schema = "loan_events"
    @ID(key: .id) public var id: UUID?
    @Field(key: "loan_id") public var loanID: UUID
    @Field(key: "household_id") public var householdID: UUID
    @Field(key: "village_code") public var villageCode: String
    @Field(key: "person_id") public var personID: UUID
    @Field(key: "kind") public var kind: String
    @Field(key: "on_date") public var onDate: String
    @OptionalField(key: "amount_fen") public var amountFen: Int64?
    @OptionalField(key: "due_before") public var dueBefore: String?
    @OptionalField(key: "due_after") public var dueAfter: String?
    @Field(key: "note") public var note: String
    @Field(key: "created_by") public var createdBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
    public var kindValue: LoanEventKind? { LoanEventKind(rawValue: kind) }
}

/// A loan as entered: the household by its number and the borrower by ID number (a member of it).
public struct LoanDraft: Sendable {
    public var householdNumber: String
    public var borrowerID: String
    public var bank: String
    public var contract: String
    public var amount: Money
    public var issuedOn: CivilDate
    public var dueOn: CivilDate
    public var purpose: LoanPurpose
    public var exception: String
    /// 续贷: the contract (same bank, same household) this loan renews; its balance is being repaid by this one.
    public var renews: String
    /// The contract's yearly rate and the loan's own 贴息比例 (hundredths of a percent); a ratio left out is the
    /// county's in force on the issue date.
    public var rate: Int64?
    public var subsidyRatio: Int64?

    public init(householdNumber: String, borrowerID: String, bank: String, contract: String, amount: Money, issuedOn: CivilDate, dueOn: CivilDate,
                purpose: LoanPurpose, exception: String = "", renews: String = "", rate: Int64? = nil, subsidyRatio: Int64? = nil) {
        self.householdNumber = householdNumber
        self.borrowerID = borrowerID
        self.bank = bank
        self.contract = contract
        self.amount = amount
        self.issuedOn = issuedOn
        self.dueOn = dueOn
        self.purpose = purpose
        self.exception = exception
        self.renews = renews
        self.rate = rate
        self.subsidyRatio = subsidyRatio
    }
}
