/// A dated change to who belongs to a household. Membership never changes by overwriting a record: each change is an
/// event, and the person's status follows from it.
public enum MembershipEventKind: String, CodeList {
    case birth, death, marriageIn = "marriage_in", marriageOut = "marriage_out", split, merge, moveVillage = "move_village"
    case moveIn = "move_in", moveOut = "move_out"
    public static let listName = "人口变动类型"
    public var label: String {
        switch self {
        case .birth: "新生儿"
        case .death: "死亡"
        case .marriageIn: "婚入"
        case .marriageOut: "婚出"
        case .split: "分户"
        case .merge: "并户"
        case .moveVillage: "迁至他村"
        case .moveIn: "迁入"
        case .moveOut: "迁出"
        }
    }
    /// The status a person has after leaving the registry by this event; nil for events after which the person is
    /// still a member of some household (arrivals, and splits, merges and village moves, which carry people along).
    public var departureStatus: MemberStatus? {
        switch self {
        case .death: .deceased
        case .marriageOut: .marriedOut
        case .moveOut: .movedOut
        default: nil
        }
    }
}
