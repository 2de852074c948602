import Foundation

/// When a nightly job runs next: the next `hour`:00 by Beijing time (UTC+8 all year, no daylight saving), whatever the
/// server's own time zone, so that a county's checks run while its staff sleep.
public enum NightlyRun {
    public static let beijingOffset: TimeInterval = 8 * 3600

    /// The first `hour`:00 Beijing time strictly after `now`.
    public static func next(after now: Date, hour: Int) -> Date {
        let local = now.timeIntervalSince1970 + beijingOffset
        var at = (local / 86_400).rounded(.down) * 86_400 + Double(hour) * 3600
        if at <= local { at += 86_400 }
        return Date(timeIntervalSince1970: at - beijingOffset)
    }
}
