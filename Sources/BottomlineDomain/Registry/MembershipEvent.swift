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
    /// The status a person has after this event in the household it was recorded on.
    public var resultingStatus: MemberStatus {
        switch self {
        case .birth, .marriageIn, .merge, .moveIn: .present
        case .death: .deceased
        case .marriageOut: .marriedOut
        case .split: .splitOff
        case .moveVillage, .moveOut: .movedOut
        }
    }
    /// Whether the event adds a person to the household (as opposed to removing one).
    public var addsMember: Bool { resultingStatus == .present }
}
