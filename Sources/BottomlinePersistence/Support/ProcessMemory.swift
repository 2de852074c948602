#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// How the process's allocator keeps memory, set once at start by the `bottomline` command and the benchmarks.
public enum ProcessMemory {
    /// Caps glibc's malloc arenas at one a core (its default is eight a core). Memory freed on one thread goes back to
    /// that thread's arena, where the other threads do not look for it: a large import freed the rows of its batches
    /// on one thread and built its indexes on others, and its peak at 1,000,000 persons was 779 MB with sixteen
    /// arenas (the default on two cores) and 518 MB with two (BENCHMARKS.md; issue 14 bounds it at 1 GB at 5,000,000
    /// persons). A `MALLOC_ARENA_MAX` in the environment is left to decide.
    public static func limitArenas() {
        #if canImport(Glibc)
        guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil else { return }
        // Swift's Glibc module leaves out malloc.h, so `mallopt` is looked up by name; M_ARENA_MAX is -8 there.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }   // nil is RTLD_DEFAULT
        _ = unsafeBitCast(symbol, to: Mallopt.self)(-8, Int32(max(2, ProcessInfo.processInfo.activeProcessorCount)))
        #endif
    }

    /// The largest resident memory of this process so far, in MB (Linux's VmHWM, what `/usr/bin/time -v` reports at
    /// the end); nil where /proc is not there.
    public static func peakMB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kB = Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") else { return nil }
        return kB / 1024
    }

    /// Gives the heap's free memory back to the system (glibc's `malloc_trim`). glibc keeps what a large stage freed
    /// for later allocations, so a stage that held a gigabyte for a moment leaves the process that large for the rest
    /// of its life: after the million-household demo's households were written, 690 MB stayed resident into every
    /// later stage.
    public static func trim() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }
}
