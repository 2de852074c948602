import BottomlinePersistence
import Vapor

extension Request {
    /// The screening store as the signed-in user may use it.
    var screening: ScreeningStore {
        get throws { ScreeningStore(try registry) }
    }
}
