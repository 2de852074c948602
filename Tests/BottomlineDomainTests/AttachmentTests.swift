import BottomlineDomain
import Testing

/// 附件 are taken by what their bytes are, not by what their name says (issue 17 §4).
@Suite("附件")
struct AttachmentTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16]
    static let pdf = Array("%PDF-1.7\n".utf8)

    @Test("a photo or a PDF whose bytes match its name is taken; a renamed program, a page, a PNG named .jpg, an SVG, an empty or a too-large file is refused saying why")
    func checks() throws {
        #expect(try AttachmentKind.check(filename: "整改前.JPG", head: Self.jpeg, bytes: 2_000_000).get() == .jpeg)
        #expect(try AttachmentKind.check(filename: "公示照片.png", head: Self.png, bytes: 500_000).get() == .png)
        #expect(try AttachmentKind.check(filename: "承诺授权书.pdf", head: Self.pdf, bytes: 300_000).get() == .pdf)
        func refusal(_ name: String, _ head: [UInt8], _ bytes: Int = 1_000) -> String? {
            if case .failure(let p) = AttachmentKind.check(filename: name, head: head, bytes: bytes) { return p.message }
            return nil
        }
        #expect(refusal("照片.jpg", Array("MZ\u{90}\u{0}".utf8)) == "文件内容不是JPEG图片：请确认文件没有被改名或损坏（只能上传JPG、PNG照片或PDF文件）")
        #expect(refusal("照片.jpg", Array("<html><script>".utf8)) == "文件内容不是JPEG图片：请确认文件没有被改名或损坏（只能上传JPG、PNG照片或PDF文件）")
        #expect(refusal("照片.jpg", Self.png) == "文件名是.jpg，内容却是PNG图片：请改正文件名后再上传")
        #expect(refusal("图.svg", Array("<svg onload=alert(1)>".utf8)) == "只能上传JPG、PNG照片或PDF文件")
        #expect(refusal("setup.exe", Array("MZ".utf8)) == "只能上传JPG、PNG照片或PDF文件")
        #expect(refusal("无扩展名", Self.jpeg) == "只能上传JPG、PNG照片或PDF文件")
        #expect(refusal("空.jpg", [], 0) == "文件是空的")
        #expect(refusal("大.jpg", Self.jpeg, AttachmentKind.maxBytes + 1) == "文件超过10 MB，请压缩后再上传")
    }

    @Test("a name keeps its last part only, without control characters or markup")
    func names() {
        #expect(AttachmentKind.cleanName("C:\\Users\\村委\\整改照片.jpg") == "整改照片.jpg")
        #expect(AttachmentKind.cleanName("../../etc/passwd.pdf") == "passwd.pdf")
        #expect(AttachmentKind.cleanName("a\u{0}b<script>.png") == "abscript.png")
    }
}
