import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Time-ordered UUIDs (version 7: 48-bit millisecond timestamp, then a counter and random bits). Rows inserted in
/// bulk with these keys land at the end of the primary-key index instead of at random pages, which keeps a
/// million-row import from thrashing the page cache.
struct OrderedUUIDGenerator {
    private var lastMillis: UInt64 = 0
    private var counter: UInt16 = 0
    private var random = BufferedSystemRandom()

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
        let r = random.next()
        // Built as the tuple itself: an array of the sixteen bytes was an allocation per id.
        func byte(_ value: UInt64, _ shift: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: value >> shift) }
        return UUID(uuid: (byte(millis, 40), byte(millis, 32), byte(millis, 24), byte(millis, 16), byte(millis, 8), byte(millis, 0),
                           0x70 | UInt8(truncatingIfNeeded: counter >> 8), UInt8(truncatingIfNeeded: counter),
                           0x80 | byte(r, 58), byte(r, 48), byte(r, 40), byte(r, 32), byte(r, 24), byte(r, 16), byte(r, 8), byte(r, 0)))
    }
}

/// The system's random numbers (the kernel's, as `SystemRandomNumberGenerator` gives them), fetched 256 at a time from
/// `/dev/urandom`. `SystemRandomNumberGenerator` makes one system call per number: with four ids a household, a
/// million-person import made 1.6 million of them, 1–2 % of its samples (perf: `crng_make_state` under
/// `OrderedUUIDGenerator.next`). Glibc's `getrandom` is not among the functions Swift's Glibc module offers.
/// A class, so that a copied generator shares the stream rather than repeating it: two copies that met in one
/// millisecond at one counter would otherwise make the same id.
final class BufferedSystemRandom {
    private var buffer = [UInt64](repeating: 0, count: 256)
    private var used = 256

    func next() -> UInt64 {
        if used == buffer.count { refill() }
        defer { used += 1 }
        return buffer[used]
    }

    private func refill() {
        var filled = 0
        #if canImport(Glibc)
        let file = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        if file >= 0 {
            filled = buffer.withUnsafeMutableBytes { bytes in
                var done = 0
                while done < bytes.count {
                    let got = read(file, bytes.baseAddress! + done, bytes.count - done)
                    if got > 0 { done += got } else if got < 0, errno == EINTR { continue } else { break }
                }
                return done / MemoryLayout<UInt64>.size
            }
            close(file)
        }
        #endif
        // Elsewhere, or if the file could not be read: the standard library's generator for whatever is missing.
        var system = SystemRandomNumberGenerator()
        for i in filled..<buffer.count { buffer[i] = system.next() }
        used = 0
    }
}
