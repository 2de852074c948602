import BottomlineDomain
import Foundation
import SQLKit

/// The facts of every active household of a county, read straight through each table in the order of the file.
///
/// A run over a county that is much of its database (every county-run database, nearly) reads it this way rather than a
/// township at a time: reaching a township's persons and incomes through the household index jumps about the file for
/// each household, and at a million households that was most of a run (sqlite3 reads the county's persons in 8.2 s
/// through the index, 2.5 s straight through). The persons are kept as text records (`TextRecords`), not as values
/// with a `String` a field, and each household's facts are made only as it is checked (`read(_:)`), on every core.
struct CountyFacts: Sendable {
    var heads: [DataCheckStore.Head] = []
    /// Each household's place in `heads`.
    var position: [UUID: Int32] = [:]
    var persons = Persons()
    /// Where each household's persons are listed in `order` (`first[h] ..< first[h + 1]`), in the order read.
    var first: [Int32] = []
    var order: [Int32] = []
    var incomes: [DataCheckStore.LatestIncomes] = []
    var measures: [UUID: [MeasureCategory]] = [:]
    var helped = Set<UUID>()
    var loans: [UUID: [HouseholdFacts.Loan]] = [:]
    var spells = Set<UUID>()
    var posts = Set<UUID>()

    /// The persons of the county's households: their household's place, id and whether present, and the text of their
    /// other fields, one record a person.
    struct Persons: Sendable {
        var household: [Int32] = []
        var id: [UUID] = []
        var present: [Bool] = []
        var text = TextRecords()
    }

    /// Whether a run over `county` is better read straight through: on SQLite, when the county holds at least a quarter
    /// of the households on record (on PostgreSQL the planner chooses; a county in a province's database keeps to its
    /// own rows through the index).
    static func straight(_ county: RegionCode, reader: PlainReader) async throws -> Bool {
        guard reader.dialect == "sqlite" else { return false }
        let (lower, upper) = county.codeRange
        let inRange = try await reader.rows("""
            SELECT COUNT(*) FROM households WHERE status = \(bind: HouseholdStatus.active.rawValue) AND village_code >= \(bind: lower) AND village_code < \(bind: upper)
            """) { try $0.int(0) }.first ?? 0
        let all = try await reader.rows("SELECT COUNT(*) FROM households") { try $0.int(0) }.first ?? 0
        return inRange > 0 && inRange * 4 >= all
    }

    /// Reads the county's active households (the first of three steps: `readPersons`, then `readRest`).
    mutating func readHouseholds(_ county: RegionCode, reader: PlainReader) async throws {
        heads = try await reader.rows("""
            SELECT \(unsafeRaw: DataCheckStore.Head.columns) FROM households h NOT INDEXED
            WHERE \(DataCheckStore.activeIn(county))
            """, DataCheckStore.Head.init)
        position.reserveCapacity(heads.count)
        for (at, h) in heads.enumerated() { position[h.id] = Int32(at) }
    }

    /// Reads the persons of the households read, the whole table through, keeping those of the county's households.
    mutating func readPersons(reader: PlainReader) async throws {
        let position = self.position, present = Array(MemberStatus.present.rawValue.utf8)
        // Room for some four persons a household from the start: the text is not copied as it grows (pages not used
        // are never touched).
        var room = Persons()
        room.household.reserveCapacity(heads.count * 4)
        room.id.reserveCapacity(heads.count * 4)
        room.present.reserveCapacity(heads.count * 4)
        room.text.start.reserveCapacity(heads.count * 4)
        room.text.bytes.reserveCapacity(heads.count * 4 * 80)
        persons = try await reader.fold("""
            SELECT p.household_id, p.id, p.status, \(unsafeRaw: TextRecords.personColumns) FROM persons p NOT INDEXED
            """, into: consume room) { persons, r in
            guard let at = position[try r.uuid(0)] else { return }
            persons.household.append(at)
            persons.id.append(try r.uuid(1))
            persons.present.append(try r.isText(2, present))
            persons.text.start.append(persons.text.bytes.count)
            for column in 3..<(3 + TextRecords.personFields) { try r.appendText(column, to: &persons.text.bytes) }
        }
        // Each household's persons, in the order read (a counting sort by household).
        var first = [Int32](repeating: 0, count: heads.count + 1)
        for h in persons.household { first[Int(h) + 1] += 1 }
        for h in heads.indices { first[h + 1] += first[h] }
        var next = first
        var order = [Int32](repeating: 0, count: persons.household.count)
        for (k, h) in persons.household.enumerated() {
            order[Int(next[Int(h)])] = Int32(k)
            next[Int(h)] += 1
        }
        (self.first, self.order) = (first, order)
    }

    /// Reads the incomes, the whole table through, and the smaller tables by the county's range.
    mutating func readRest(_ county: RegionCode, today: CivilDate, reader: PlainReader) async throws {
        let position = self.position
        incomes = try await reader.fold("""
            SELECT \(unsafeRaw: DataCheckStore.Income.columns) FROM household_incomes i NOT INDEXED
            """, into: [DataCheckStore.LatestIncomes](repeating: .init(), count: heads.count)) { incomes, r in
            guard let at = position[try r.uuid(0)] else { return }
            incomes[Int(at)].add(try DataCheckStore.Income(r))
        }
        let small = try await DataCheckStore.SmallFacts.read(county, today: today, reader: reader)
        (measures, helped, loans, spells, posts) = (small.measures, small.helped, small.loans, small.spells, small.posts)
    }

    /// The facts of the household at `at`, as the checks read them.
    func read(_ at: Int) -> DataCheckStore.Read {
        var members: [HouseholdFacts.Member] = []
        members.reserveCapacity(Int(first[at + 1] - first[at]))
        for k in order[Int(first[at]) ..< Int(first[at + 1])] { members.append(member(Int(k))) }
        let h = heads[at]
        return DataCheckStore.assemble(h, members: members, incomes: incomes[at], measures: measures[h.id] ?? [], helped: helped.contains(h.id), loans: loans[h.id] ?? [])
    }

    /// Person `k` as a member of the household.
    func member(_ k: Int) -> HouseholdFacts.Member {
        var fields = persons.text.fields(k)
        let id = persons.id[k]
        let name = fields.next() ?? "", idNumber = fields.next() ?? "", sex = fields.next() ?? "", birthDate = fields.next() ?? ""
        let relation = fields.next() ?? ""
        let health = fields.next(), disability = fields.next(), education = fields.next(), employment = fields.next()
        return HouseholdFacts.Member(id: id, name: name, idNumber: idNumber, sex: sex, birthDate: birthDate, relation: relation, present: persons.present[k],
                                     health: health, disability: disability, education: education, employment: employment,
                                     hasWorkSpell: spells.contains(id), holdsPublicPost: posts.contains(id))
    }

}

extension CountyFacts.Persons {
    /// The name, sex and birth date of person `k`, for 疑似一人多户.
    func sameness(_ k: Int) -> (name: String, sex: String, birthDate: String) {
        var fields = text.fields(k)
        let name = fields.next() ?? ""
        _ = fields.skip()
        let sex = fields.next() ?? ""
        return (name, sex, fields.next() ?? "")
    }
}

/// Records of text fields in one run of bytes: each field its length (0 for NULL, else its UTF-8 bytes plus one, seven
/// bits a byte, low first) and its bytes, as `PlainRow.appendText` writes them; `start` is where each record begins.
struct TextRecords: Sendable {
    var bytes: [UInt8] = []
    var start: [Int] = []

    /// The fields of a person's record, in this order (`CountyFacts.member` reads them so).
    static let personColumns = "p.name, p.id_number, p.sex, p.birth_date, p.relation, p.health, p.disability, p.education, p.employment"
    static let personFields = 9

    struct Fields {
        let bytes: [UInt8]
        var at: Int

        private mutating func length() -> Int? {
            var length = 0, shift = 0
            while true {
                let b = bytes[at]
                at += 1
                length |= Int(b & 0x7F) << shift
                if b < 0x80 { break }
                shift += 7
            }
            return length == 0 ? nil : length - 1
        }

        /// The next field's text, nil for NULL.
        mutating func next() -> String? {
            guard let count = length() else { return nil }
            defer { at += count }
            return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[at ..< at + count]), as: UTF8.self) }
        }

        /// Passes over the next field.
        mutating func skip() -> Bool {
            guard let count = length() else { return false }
            at += count
            return true
        }
    }

    func fields(_ k: Int) -> Fields { Fields(bytes: bytes, at: start[k]) }
}
