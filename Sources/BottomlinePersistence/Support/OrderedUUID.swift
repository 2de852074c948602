import Foundation

/// Time-ordered UUIDs (version 7: 48-bit millisecond timestamp, then a counter and random bits). Rows inserted in
/// bulk with these keys land at the end of the primary-key index instead of at random pages, which keeps a
/// million-row import from thrashing the page cache.
struct OrderedUUIDGenerator {
    private var lastMillis: UInt64 = 0
    private var counter: UInt16 = 0
    private var random = SystemRandomNumberGenerator()

    mutating func next() -> UUID {
        var millis = UInt64(Date().timeIntervalSince1970 * 1000)
        if millis <= lastMillis {
            millis = lastMillis
            counter &+= 1
            if counter >= 0x0FFF {
                // 4,095 ids in one millisecond: borrow the next millisecond to stay ordered.
                millis += 1
                counter = 0
            }
        } else {
            counter = 0
        }
        lastMillis = millis
        let r = random.next() as UInt64
        // Built as the tuple itself: an array of the sixteen bytes was an allocation per id.
        func byte(_ value: UInt64, _ shift: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: value >> shift) }
        return UUID(uuid: (byte(millis, 40), byte(millis, 32), byte(millis, 24), byte(millis, 16), byte(millis, 8), byte(millis, 0),
                           0x70 | UInt8(truncatingIfNeeded: counter >> 8), UInt8(truncatingIfNeeded: counter),
                           0x80 | byte(r, 58), byte(r, 48), byte(r, 40), byte(r, 32), byte(r, 24), byte(r, 16), byte(r, 8), byte(r, 0)))
    }
}
