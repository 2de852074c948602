import BottomlineDomain
import BottomlineInterchange
import Foundation

/// A registry file's rows read on a thread of their own while the caller's thread parses them on every core: the
/// reader splits the file into rows and cells a block at a time; the caller parses each block in runs shared out
/// among the cores (`RegistryRowParser.parse` depends on its row alone) and then takes the rows, parsed, in the
/// file's order.
///
/// Why (issue 14): parsing is nearly all of a pass over the file. Done row after row on one thread, the first pass
/// over a million persons took 6.4 s with the other core idle; parsed in blocks on both cores, but read and added in
/// between, one core was still busy throughout and the other a third of the time.
enum ParsedRows {
    typealias Item = (cells: [String], row: Int)

    /// Rows parsed at once, split among the cores.
    static let block = 8_192

    private struct Block: @unchecked Sendable {
        var parser: RegistryRowParser
        var rows: [Item]
    }

    /// What the reading thread keeps between rows.
    private final class Reading: @unchecked Sendable {
        var parser: RegistryRowParser?
        var rows: [Item] = []
        var stopped = false
        var encoding: TextDecoding.Encoding?
    }

    /// Reads `path`, makes the parser from its header (`parser`; an error it throws ends the reading and is thrown
    /// here), and calls `each` with every data row parsed, in order, on the calling thread; `each` answers false to
    /// stop. A file with a header and no rows still gets one call of `start`. Answers the file's text encoding.
    ///
    /// `parallel: false` reads and parses on the calling thread alone, row after row: the second pass's reading, which
    /// shares the machine with the writer and the database (with blocks parsed on every core there, a million-person
    /// import's batches took 16 s rather than 13 s).
    static func read(path: String, parallel: Bool = true, parser makeParser: @escaping @Sendable ([String]) throws -> RegistryRowParser,
                     start: (RegistryRowParser) -> Void = { _ in },
                     each: (_ cells: [String], _ row: Int, _ parsed: RegistryRowParser.Parsed) -> Bool) throws -> TextDecoding.Encoding? {
        guard parallel else {
            let reading = Reading()
            return try FeedReader.read(path: path, header: { header in
                let parser = try makeParser(header)
                reading.parser = parser
                start(parser)
            }) { line, fields in
                guard !reading.stopped, let parser = reading.parser else { return }
                let cells = FeedReader.strings(fields)
                reading.stopped = !each(cells, line, parser.parse(cells, row: line))
            }
        }
        let blocks = HandOff<Block>(capacity: 2)
        let reading = Reading()
        let reader = Thread {
            do {
                let encoding = try FeedReader.read(path: path, header: { header in
                    reading.parser = try makeParser(header)
                    reading.rows.reserveCapacity(block)
                }) { line, fields in
                    guard !reading.stopped else { return }
                    reading.rows.append((FeedReader.strings(fields), line))
                    if reading.rows.count == block {
                        reading.stopped = !blocks.put(Block(parser: reading.parser!, rows: reading.rows))
                        reading.rows.removeAll(keepingCapacity: true)
                    }
                }
                reading.encoding = encoding
                // The last block, even empty: the caller learns the parser of a file of a header alone.
                if !reading.stopped, let parser = reading.parser { _ = blocks.put(Block(parser: parser, rows: reading.rows)) }
                blocks.finish()
            } catch {
                blocks.finish(throwing: error)
            }
        }
        reader.stackSize = 8 << 20
        reader.start()
        defer { blocks.cancel() }
        var started = false
        while let next = try blocks.nextBlocking() {
            if !started {
                start(next.parser)
                started = true
            }
            for (item, parsed) in zip(next.rows, parseAll(next.rows, with: next.parser)) {
                guard each(item.cells, item.row, parsed) else { return nil }
            }
        }
        // `finish` came after the encoding was kept, under the hand-off's lock.
        return reading.encoding
    }

    /// `parser.parse` of every row, in the rows' order, the rows shared out among the machine's cores in runs.
    static func parseAll(_ rows: [Item], with parser: RegistryRowParser) -> [RegistryRowParser.Parsed] {
        // Runs of about a thousand rows, several per core, taken by whichever core is free: with one run per core, a
        // core that lost its turn to the reading thread held up the block.
        let runs = min(max(1, rows.count / 1_000), 8 * ProcessInfo.processInfo.activeProcessorCount)
        guard runs > 1, ProcessInfo.processInfo.activeProcessorCount > 1 else { return rows.map { parser.parse($0.cells, row: $0.row) } }
        var parsed = [RegistryRowParser.Parsed](repeating: (nil, nil, []), count: rows.count)
        parsed.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out   // each run writes its own indices
            DispatchQueue.concurrentPerform(iterations: runs) { run in
                for i in (run * rows.count / runs)..<((run + 1) * rows.count / runs) {
                    out[i] = parser.parse(rows[i].cells, row: rows[i].row)
                }
            }
        }
        return parsed
    }
}
