import Foundation

/// Blocking work (reading a file of a million rows) on a thread of its own, so the few threads that run the server's
/// async tasks (two on the machine a county has) keep answering requests meanwhile.
enum Background {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}

/// Hands items from a blocking producer thread to an async consumer, holding at most `capacity` at a time: the
/// producer waits while the consumer is behind, so a fast reader cannot fill memory ahead of a slow database.
final class HandOff<Item: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [Item] = []
    private var waiting: CheckedContinuation<Item?, any Error>?
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    let capacity: Int

    init(capacity: Int = 2) { self.capacity = capacity }

    /// Producer: waits for room; false once the consumer has gone (the producer should stop).
    func put(_ item: Item) -> Bool {
        condition.lock()
        while queue.count >= capacity, !cancelled { condition.wait() }
        if cancelled {
            condition.unlock()
            return false
        }
        if let waiting {
            self.waiting = nil
            condition.unlock()
            waiting.resume(returning: item)
            return true
        }
        queue.append(item)
        condition.broadcast()   // a consumer waiting in `nextBlocking`
        condition.unlock()
        return true
    }

    /// Consumer on a thread that may block (a thread of the pool writing to SQLite): the next item, nil at the end or
    /// once cancelled. Not to be mixed with `next()` on one hand-off.
    func nextBlocking() throws -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty, !finished, !cancelled { condition.wait() }
        if cancelled { return nil }
        if !queue.isEmpty {
            let item = queue.removeFirst()
            condition.broadcast()
            return item
        }
        if let failure { throw failure }
        return nil
    }

    /// Producer: no more items; with an error, the consumer's next call throws it.
    func finish(throwing error: (any Error)? = nil) {
        condition.lock()
        finished = true
        failure = error
        let waiting = self.waiting
        self.waiting = nil
        condition.broadcast()   // a consumer waiting in `nextBlocking`
        condition.unlock()
        if let waiting {
            if let error { waiting.resume(throwing: error) } else { waiting.resume(returning: nil) }
        }
    }

    /// Consumer: the next item, nil at the end.
    func next() async throws -> Item? {
        try await withCheckedThrowingContinuation { continuation in
            condition.lock()
            if !queue.isEmpty {
                let item = queue.removeFirst()
                condition.broadcast()
                condition.unlock()
                continuation.resume(returning: item)
            } else if finished {
                let failure = self.failure
                condition.unlock()
                if let failure { continuation.resume(throwing: failure) } else { continuation.resume(returning: nil) }
            } else {
                waiting = continuation
                condition.unlock()
            }
        }
    }

    /// Consumer: stops the producer (its next `put` returns false) and lets go of what was queued.
    func cancel() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
