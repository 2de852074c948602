import Foundation
import Vapor

/// Slows down password guessing without letting anyone lock a colleague out. Failures are counted per account and
/// address together, per account, and per address; once a count passes its allowance, the next try from that key
/// must wait, twice as long after each further failure, up to 15 minutes. A right password from another address is
/// not held up by guesses made elsewhere (the pair's allowance is the smallest), and a township office sharing one
/// address is slowed only after many failures, never shut out. A success clears the pair and the account.
actor LoginThrottle {
    struct Count {
        var failures: Int
        var last: Date
    }

    private var counts: [String: Count] = [:]
    /// The time a try is made at when the caller gives none: the wall clock, or a fixed one in a test that goes
    /// through the login page (a loaded machine can take longer than the first 2-second wait between two tries).
    private let clock: @Sendable () -> Date

    init(clock: @escaping @Sendable () -> Date = { Date() }) { self.clock = clock }
    /// Failures allowed before waits begin: account and address together, the account, the address.
    let allowance = (pair: 5, account: 10, address: 30)
    let longestWait: TimeInterval = 15 * 60
    /// Counts older than this are forgotten.
    let memory: TimeInterval = 3600

    static func keys(username: String, address: String) -> (pair: String, account: String, address: String) {
        ("p:\(username)|\(address)", "u:\(username)", "a:\(address)")
    }

    /// Seconds to wait before this account may be tried from this address; nil when it may be tried now.
    func wait(username: String, address: String, now: Date? = nil) -> TimeInterval? {
        let now = now ?? clock()
        let k = Self.keys(username: username, address: address)
        var longest: TimeInterval = 0
        for (key, allowed) in [(k.pair, allowance.pair), (k.account, allowance.account), (k.address, allowance.address)] {
            guard let c = counts[key], now.timeIntervalSince(c.last) < memory, c.failures >= allowed else { continue }
            let pause = min(longestWait, pow(2, Double(c.failures - allowed + 1)))
            longest = max(longest, pause - now.timeIntervalSince(c.last))
        }
        return longest > 0 ? longest : nil
    }

    func fail(username: String, address: String, now: Date? = nil) {
        let now = now ?? clock()
        let k = Self.keys(username: username, address: address)
        for key in [k.pair, k.account, k.address] {
            var c = counts[key] ?? Count(failures: 0, last: now)
            if now.timeIntervalSince(c.last) >= memory { c.failures = 0 }
            c.failures += 1
            c.last = now
            counts[key] = c
        }
        if counts.count > 100_000 { counts = counts.filter { now.timeIntervalSince($0.value.last) < memory } }
    }

    func succeed(username: String, address: String) {
        let k = Self.keys(username: username, address: address)
        counts[k.pair] = nil
        counts[k.account] = nil
    }
}

struct LoginThrottleKey: StorageKey {
    typealias Value = LoginThrottle
}

/// A bcrypt hash of nothing anyone knows, checked against when the user name is unknown, so a wrong name and a wrong
/// password take the same time.
struct DecoyHashKey: StorageKey {
    typealias Value = String
}

extension Application {
    var loginThrottle: LoginThrottle {
        if let throttle = storage[LoginThrottleKey.self] { return throttle }
        let throttle = LoginThrottle()
        storage[LoginThrottleKey.self] = throttle
        return throttle
    }
}
