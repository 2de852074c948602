/// A household as entered on a form or a row of an import, validated but not yet stored.
public struct HouseholdDraft: Hashable, Sendable {
    public var number: String
    public var villageCode: RegionCode
    /// The village's name, when the file names a village the registry does not know yet.
    public var villageName: String?
    public var address: String
    public var phone: String?
    /// The account the household's 惠民惠农 subsidies are paid into (一卡通), digits only.
    public var bankAccount: String?
    public var category: HouseholdCategory
    public var relocated: Bool
    public var housingGrade: HousingGrade?
    public var waterSecure: Bool?
    public var income: HouseholdIncome?
    public var members: [PersonDraft]

    public init(number: String, villageCode: RegionCode, villageName: String? = nil, address: String = "",
                phone: String? = nil, bankAccount: String? = nil, category: HouseholdCategory, relocated: Bool = false,
                housingGrade: HousingGrade? = nil, waterSecure: Bool? = nil, income: HouseholdIncome? = nil,
                members: [PersonDraft] = []) {
        self.number = number
        self.villageCode = villageCode
        self.villageName = villageName
        self.address = address
        self.phone = phone
        self.bankAccount = bankAccount
        self.category = category
        self.relocated = relocated
        self.housingGrade = housingGrade
        self.waterSecure = waterSecure
        self.income = income
        self.members = members
    }

    public var householder: PersonDraft? { members.first { $0.relation == .householder } }
}

/// A person as entered, validated but not yet stored.
public struct PersonDraft: Hashable, Sendable {
    public var name: String
    public var id: ResidentID
    public var relation: Relation
    public var labour: LabourCapacity?
    public var health: HealthStatus?
    public var disability: DisabilityGrade?
    public var education: EducationStage?
    public var medicalInsured: Bool?
    public var employment: EmploymentStatus?
    public var workPlace: String?
    /// Row of the source file, for messages.
    public var sourceRow: Int?

    public init(name: String, id: ResidentID, relation: Relation, labour: LabourCapacity? = nil,
                health: HealthStatus? = nil, disability: DisabilityGrade? = nil, education: EducationStage? = nil,
                medicalInsured: Bool? = nil, employment: EmploymentStatus? = nil, workPlace: String? = nil,
                sourceRow: Int? = nil) {
        self.name = name
        self.id = id
        self.relation = relation
        self.labour = labour
        self.health = health
        self.disability = disability
        self.education = education
        self.medicalInsured = medicalInsured
        self.employment = employment
        self.workPlace = workPlace
        self.sourceRow = sourceRow
    }

    public var sex: Sex { id.sex }
    public var birthDate: CivilDate { id.birthDate }
}

/// Rules for free-text fields shared by forms, imports and the API.
public enum FieldRules {
    public static func name(_ raw: String) -> Result<String, FieldProblem> {
        let text = raw.trimmingASCIISpaces()
        if text.isEmpty { return .failure(.init("姓名不能为空")) }
        if text.count > 30 { return .failure(.init("姓名过长（最多30个字）")) }
        if text.unicodeScalars.contains(where: Self.notInName) {
            return .failure(.init("姓名含有不允许的字符"))
        }
        return .success(text)
    }

    /// Digits (of any script), control characters and markup characters; common Chinese characters are answered
    /// without a Unicode property lookup (this runs for every name of a million-row file).
    static func notInName(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (0x30...0x39).contains(v) || v < 0x20 || v == 0x7F || "<>\"'&;/\\{}[]=".unicodeScalars.contains(s)
        }
        if (0x4E00...0x9FFF).contains(s.value) { return false }
        let category = s.properties.generalCategory
        return category == .decimalNumber || category == .control
    }

    public static func householdNumber(_ raw: String) -> Result<String, FieldProblem> {
        let text = raw.trimmingASCIISpaces()
        if text.isEmpty { return .failure(.init("户编号不能为空")) }
        // ASCII letters, digits, - and _, checked as bytes (every row of an import passes here).
        let allowed = { (b: UInt8) in (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x2D || b == 0x5F }
        if text.utf8.count > 30 || !text.utf8.allSatisfy(allowed) {
            return .failure(.init("户编号只能由字母、数字、“-”和“_”组成，最多30位"))
        }
        return .success(text)
    }

    public static func phone(_ raw: String) -> Result<String?, FieldProblem> {
        let text = raw.trimmingASCIISpaces()
        if text.isEmpty { return .success(nil) }
        let digits = text.filter(\.isASCIIDigit)
        if !text.allSatisfy({ $0.isASCIIDigit || $0 == "-" || $0 == " " }) || !(7...15).contains(digits.count) {
            return .failure(.init("联系电话格式错误（应为手机号或带区号的固定电话）"))
        }
        if digits.count == 11, digits.first == "1", !"3456789".contains(digits[digits.index(after: digits.startIndex)]) {
            return .failure(.init("手机号码格式错误"))
        }
        return .success(text)
    }

    /// A 惠民惠农补贴 account (一卡通: a bank card or a passbook account): 8 to 30 digits, spaces and “-” allowed
    /// between them, kept as the digits alone so one account written two ways is one account.
    public static func bankAccount(_ raw: String) -> Result<String?, FieldProblem> {
        let text = raw.trimmingASCIISpaces()
        if text.isEmpty { return .success(nil) }
        let digits = text.filter(\.isASCIIDigit)
        if !text.allSatisfy({ $0.isASCIIDigit || $0 == "-" || $0 == " " }) || !(8...30).contains(digits.count) {
            return .failure(.init("银行账号应为8至30位数字（可含空格或“-”）"))
        }
        return .success(digits)
    }

    /// The server's address as farmers' phones reach it (printed in QR codes): http or https, a host, an optional
    /// port and path, nothing else; the trailing slash is dropped.
    public static func publicURL(_ raw: String) -> Result<String, FieldProblem> {
        var text = raw.trimmingASCIISpaces()
        while text.hasSuffix("/") { text.removeLast() }
        let bad = FieldProblem("对外地址格式错误：应为 http:// 或 https:// 开头的地址，例如 http://10.1.2.3:8080 或 https://fpjc.example.gov.cn")
        guard text.count <= 200, let schemeEnd = text.range(of: "://") else { return .failure(bad) }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        let rest = text[schemeEnd.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != ":" }
        let allowed: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || "-._~/:".contains($0)) }
        guard scheme == "http" || scheme == "https", !host.isEmpty, rest.allSatisfy(allowed),
              host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }) else { return .failure(bad) }
        let afterHost = rest.dropFirst(host.count)
        if afterHost.hasPrefix(":") {
            let port = afterHost.dropFirst().prefix { $0 != "/" }
            guard let n = Int(port), (1...65535).contains(n) else { return .failure(bad) }
        }
        return .success(scheme + "://" + rest)
    }

    /// Addresses, work places and other short texts.
    public static func shortText(_ raw: String, label: String, max: Int = 100) -> Result<String, FieldProblem> {
        let text = raw.trimmingASCIISpaces()
        if text.count > max { return .failure(.init("\(label)过长（最多\(max)个字）")) }
        if text.hasControlCharacter() {
            return .failure(.init("\(label)含有控制字符"))
        }
        return .success(text)
    }
}

/// One reason a value was refused, in Chinese.
public struct FieldProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
