@testable import BottomlineInterchange
import Foundation
import Testing

@Suite("QR code for the village self-declaration page")
struct QRCodeTests {
    @Test("Reed–Solomon codewords match the standard's worked example (HELLO WORLD, 1-M)")
    func reedSolomon() {
        let data: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        #expect(ReedSolomon.remainder(data, divisor: ReedSolomon.divisor(degree: 10)) == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
    }

    @Test("The version grows with the address, and an address too long for version 10 is refused")
    func versions() throws {
        #expect(try QRCode("http://10.0.0.1/d/411681101201").version == 3)
        #expect(try QRCode(String(repeating: "a", count: 14)).version == 1)
        #expect(try QRCode(String(repeating: "a", count: 15)).version == 2)
        #expect(try QRCode(String(repeating: "a", count: 213)).version == 10)
        #expect(throws: QRCode.Problem.tooLong(214)) { try QRCode(String(repeating: "a", count: 214)) }
    }

    @Test("Finder patterns sit in three corners and the format information names level M and the chosen mask")
    func structure() throws {
        let code = try QRCode("http://192.168.1.20:8080/declare/411681101201")
        let m = code.modules
        #expect(m.count == code.size && m.allSatisfy { $0.count == code.size })
        for (x0, y0) in [(0, 0), (code.size - 7, 0), (0, code.size - 7)] {
            // The outer ring of a finder is dark, the ring inside it light, the 3×3 centre dark.
            #expect((0..<7).allSatisfy { m[y0][x0 + $0] && m[y0 + 6][x0 + $0] && m[y0 + $0][x0] && m[y0 + $0][x0 + 6] })
            #expect((1..<6).allSatisfy { !m[y0 + 1][x0 + $0] && !m[y0 + 5][x0 + $0] })
            #expect((2..<5).allSatisfy { y in (2..<5).allSatisfy { x in m[y0 + y][x0 + x] } })
        }
        // Read the format bits back from the copy beside the top-left finder and undo their masking.
        var bits = 0
        let positions = (0...5).map { (8, $0) } + [(8, 7), (8, 8), (7, 8)] + (9..<15).map { (14 - $0, 8) }
        for (i, p) in positions.enumerated() where m[p.1][p.0] { bits |= 1 << i }
        let format = (bits ^ 0x5412) >> 10
        #expect(format >> 3 == 0b00, "error correction level M")
        #expect(format & 7 == code.mask)
        #expect(m[code.size - 8][8], "the dark module")
    }

    @Test("The PNG and SVG drawings decode to the same address (checked with zbarimg where the machine has it)")
    func decodes() throws {
        let url = "http://192.168.1.20:8080/declare/411681101201"
        let code = try QRCode(url)
        let png = code.png(moduleSize: 6)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(code.svg().hasPrefix("<svg") && code.svg().contains("viewBox"))
        let zbar = "/usr/bin/zbarimg"
        guard FileManager.default.isExecutableFile(atPath: zbar) else { return }
        for text in [url, "https://bottomline.example.cn/declare/411681102201?来源=二维码", String(repeating: "x", count: 150)] {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString).png")
            try Data(try QRCode(text).png(moduleSize: 4)).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: zbar)
            process.arguments = ["--raw", "-q", file.path]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(out.trimmingCharacters(in: .whitespacesAndNewlines) == text)
        }
    }
}
