import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Office files in China come as UTF-8 (with or without a byte-order mark) or as GB18030/GBK, which Excel writes when
/// it saves "CSV". This reads either into UTF-8 text.
public enum TextDecoding {
    public enum Encoding: String, Sendable { case utf8 = "UTF-8", gb18030 = "GB18030" }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Decodes `data`, choosing UTF-8 when it is valid UTF-8 and GB18030 otherwise.
    public static func decode(_ data: Data) throws(Failure) -> (text: String, encoding: Encoding) {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw Failure(description: "不支持 UTF-16 编码的文件，请另存为 UTF-8 或 GBK 编码的 CSV")
        }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, .utf8) }
        return (try convert(bytes, from: "GB18030"), .gb18030)
    }

    static func convert(_ bytes: [UInt8], from encoding: String) throws(Failure) -> String {
        guard let utf8 = iconvConvert(bytes, from: encoding, to: "UTF-8"), let text = String(validating: utf8, as: UTF8.self)
        else { throw Failure(description: "文件编码无法识别：既不是 UTF-8 也不是 GBK/GB18030") }
        return text
    }

    /// Encodes text as GB18030 (for exports to old office software).
    public static func gb18030(_ text: String) throws(Failure) -> Data {
        guard let bytes = iconvConvert(Array(text.utf8), from: "UTF-8", to: "GB18030") else {
            throw Failure(description: "文本含有 GB18030 无法表示的字符")
        }
        return Data(bytes)
    }

    /// Converts through the C library's iconv, which every Linux and macOS carries; nil on an invalid sequence.
    static func iconvConvert(_ bytes: [UInt8], from source: String, to target: String) -> [UInt8]? {
        guard let handle = iconv_open(target, source), handle != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(handle) }
        return convert(handle, bytes)
    }

    /// Converts with an open iconv handle (kept open across the chunks of one file); nil on an invalid sequence.
    static func convert(_ handle: iconv_t, _ bytes: [UInt8]) -> [UInt8]? {
        if bytes.isEmpty { return [] }
        var input = bytes
        // GB18030 → UTF-8 grows at most 3/2 per character; UTF-8 → GB18030 shrinks or stays the same.
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        let capacity = output.count
        var produced = -1
        input.withUnsafeMutableBytes { inRaw in
            output.withUnsafeMutableBytes { outRaw in
                var inPtr = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inRaw.count
                var outPtr = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outLeft = capacity
                if iconv(handle, &inPtr, &inLeft, &outPtr, &outLeft) != -1 { produced = capacity - outLeft }
            }
        }
        return produced < 0 ? nil : Array(output.prefix(produced))
    }
}
