import BottomlineDomain
import BottomlinePersistence

/// 问题整改台账 (issue 17 §2): a region's problems of a year with where each stands, the figures by source and state,
/// the 错题本, the forms to hand over, rectify, 销号 and 回头看, and the printable 两单 (问题清单, 责任清单).
enum ProblemsPage {
    struct Row: Sendable {
        var id: String
        var found: String
        var source: String
        var category: String
        var text: String
        var place: String
        var unit: String
        var person: String
        var measures: String
        var deadline: String
        var state: ProblemState
        var stateText: String
        var late: Bool
        var evidence: String
        var mayRectify: Bool
        var mayClose: Bool
        var mayReview: Bool
        /// Attached files: id and name.
        var files: [(id: String, name: String)]
        var mayAttach: Bool
    }

    struct Model: Sendable {
        var context: PageContext
        var year: Int
        var asOf: CivilDate
        var regionName: String
        var state: ProblemState?
        var source: ProblemSource?
        var rows: [Row]
        var figures: RectificationFigures
        var repeats: [RepeatedCategory]
        var sources: [(code: String, label: String)]
        var categories: [String]
        var mayRegister: Bool
        /// The printable 两单 instead of the working list.
        var lists: Bool
        var flash: String?
        var values: FormValues = [:]
        var errors: FieldErrors = [:]
    }
}
