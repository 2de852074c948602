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
        let bytes: [UInt8] = [
            UInt8(truncatingIfNeeded: millis >> 40), UInt8(truncatingIfNeeded: millis >> 32), UInt8(truncatingIfNeeded: millis >> 24),
            UInt8(truncatingIfNeeded: millis >> 16), UInt8(truncatingIfNeeded: millis >> 8), UInt8(truncatingIfNeeded: millis),
            0x70 | UInt8(truncatingIfNeeded: counter >> 8), UInt8(truncatingIfNeeded: counter),
            0x80 | UInt8(truncatingIfNeeded: r >> 58), UInt8(truncatingIfNeeded: r >> 48), UInt8(truncatingIfNeeded: r >> 40),
            UInt8(truncatingIfNeeded: r >> 32), UInt8(truncatingIfNeeded: r >> 24), UInt8(truncatingIfNeeded: r >> 16),
            UInt8(truncatingIfNeeded: r >> 8), UInt8(truncatingIfNeeded: r),
        ]
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
