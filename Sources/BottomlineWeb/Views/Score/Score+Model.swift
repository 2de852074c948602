import BottomlineDomain

/// 乡镇季度考评: the weighted score of each child unit for a quarter, the top three praised and the bottom three named,
/// and (for the county's administrators) the weights to change.
enum ScorePage {
    struct Model: Sendable {
        var context: PageContext
        var today: CivilDate
        var region: RegionCode
        var year: Int
        var quarter: Int
        var from: CivilDate
        var to: CivilDate
        var card: ScoreCard
        /// Where the weights in force come from.
        var source: String
        /// The child units with households, and their counts for the quarter.
        var units: [(String, Counts)]
        var canEdit: Bool
        var form: FormValues = [:]
        var errors: FieldErrors = [:]
    }
}
