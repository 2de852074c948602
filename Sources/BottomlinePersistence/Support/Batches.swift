import Foundation

/// How many values one statement binds or writes when a list is asked for or saved a part at a time: SQLite allows
/// 32,766 bound values and PostgreSQL 65,535, and a statement of a few hundred rows is as fast as one of thousands.
public enum Batch {
    public static let keys = 500
}

extension Array {
    /// The array in consecutive parts of at most `size` elements (`Batch.keys` for lists of keys).
    public func chunked(_ size: Int = Batch.keys) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
