import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// 附件 on the page (issue 17 §4): a village cadre attaches a photo to a problem of their village; it is kept by its
/// hash and served back, unchanged and sandboxed, to the region only; a file whose bytes are not what its name says, a
/// form without its token, and another township are refused, with nothing written.
@Suite("附件页面")
struct AttachmentWebTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]

    static func form(_ csrf: String, name: String, bytes: [UInt8]) -> (HTTPMediaType, ByteBuffer) {
        let boundary = "----BottomlineBoundaryAttach"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n")
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        return (HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary]), body)
    }

    @Test("upload a photo to a problem, read it back within the region only; a renamed page, a missing token and another township are refused")
    func attach() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("zhen", role: .township, region: "411681101")
            try await app.makeUser("zhen2", role: .township, region: "411681102")
            try await app.makeUser("cun", role: .village, region: "411681101201")
            let zhen = try await signIn(app, "zhen"), zhen2 = try await signIn(app, "zhen2"), cun = try await signIn(app, "cun")
            let township = Actor(try await UserRecord.query(on: app.db).filter(\.$username == "zhen").first()!)
            let problem = try await ProblemStore(ScopedRegistry(db: app.db, actor: township)).register(ProblemDraft(
                source: .inspection, foundOn: .today, householdNumber: "T001", category: "档案资料不全", text: "缺少民主评议记录", leadUnit: "王庄村委会",
                responsible: "村支书", measures: "补齐评议记录", deadline: CivilDate.today.adding(days: 10)), today: .today)
            let path = "/problems/\(problem.id!.uuidString)/files"
            let photo = Self.png + Array(repeating: 0x42, count: 300_000)
            try await UploadTests.post(app.testing(), path, as: cun, Self.form(cun.csrf, name: "整改后/照片<1>.png", bytes: photo)) { res in #expect(res.status == .seeOther) }
            let a = try #require(try await AttachmentRecord.query(on: app.db).first())
            #expect(a.name == "照片1.png" && a.kind == "png" && a.bytes == photo.count && a.villageCode == "411681101201" && a.householdID == problem.householdID)
            try await app.testing().test(.GET, "/files/\(a.id!.uuidString)", beforeRequest: { zhen.apply(&$0) }) { res in
                #expect(res.status == .ok && res.headers.contentType?.description == "image/png" && Array(res.body.readableBytesView) == photo)
                #expect(res.headers.first(name: "Content-Security-Policy")?.contains("sandbox") == true && res.headers.first(name: "X-Content-Type-Options") == "nosniff")
            }
            try await app.testing().test(.GET, "/problems", beforeRequest: { cun.apply(&$0) }) { res in #expect(res.body.string.contains("照片1.png")) }
            try await app.testing().test(.GET, "/files/\(a.id!.uuidString)", beforeRequest: { zhen2.apply(&$0) }) { res in #expect(res.status == .notFound) }
            try await app.testing().test(.GET, "/files/..%2F..%2Fetc%2Fpasswd", beforeRequest: { zhen.apply(&$0) }) { res in #expect(res.status == .notFound) }
            #expect(try await AuditRecord.query(on: app.db).filter(\.$action == "view_file").count() == 1)

            // A page named .jpg, a token missing, another township's upload: nothing more is written.
            try await UploadTests.post(app.testing(), path, as: cun, Self.form(cun.csrf, name: "照片.jpg", bytes: Array("<html><script>alert(1)</script>".utf8))) { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("文件内容不是JPEG图片") && !res.body.string.contains("<script>alert"))
            }
            try await UploadTests.post(app.testing(), path, as: cun, Self.form("forged", name: "照片.png", bytes: photo)) { res in #expect(res.status == .forbidden) }
            try await UploadTests.post(app.testing(), path, as: zhen2, Self.form(zhen2.csrf, name: "照片.png", bytes: photo)) { res in #expect(res.status == .notFound) }
            try await UploadTests.post(app.testing(), path, as: cun, Self.form(cun.csrf, name: "大.png", bytes: Self.png + Array(repeating: 0, count: AttachmentKind.maxBytes))) { res in
                #expect(res.status == .payloadTooLarge && res.body.string.contains("文件超过10 MB"))
            }
            #expect(try await AttachmentRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("a monitoring case's step carries its signed form: the village attaches the scanned 承诺授权书 to its 入户核实 step; the case page lists it under that step; another township's cadre can neither upload to the step nor read the file, and a step id that is no step is refused alike")
    func caseStep() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("zhen2", role: .township, region: "411681102")
            try await app.makeUser("cun", role: .village, region: "411681101201")
            let cun = try await signIn(app, "cun"), zhen2 = try await signIn(app, "zhen2")
            let village = Actor(try await UserRecord.query(on: app.db).filter(\.$username == "cun").first()!)
            let store = LifecycleStore(ScopedRegistry(db: app.db, actor: village))
            let t001 = try #require(try await HouseholdRecord.query(on: app.db).filter(\.$number == "T001").first())
            let (clue, _) = try await store.recordClue(t001, CadreClue(difficulty: .illness, description: "妻子慢性病住院", foundOn: .today), today: .today)
            let record = try await store.startIdentification(from: clue, today: .today)
            try await store.act(on: record, .advance, values: ["findings": "住院自付3万元", "consent": "on"], today: .today)
            let step = try #require(try await CaseStepRecord.query(on: app.db).filter(\.$caseID == record.id!).first())
            let scan = Array("%PDF-1.4\n".utf8) + Array(repeating: 0x20, count: 40_000)
            let path = "/case-steps/\(step.id!.uuidString)/files"
            try await UploadTests.post(app.testing(), path, as: cun, Self.form(cun.csrf, name: "承诺授权书（签字）.pdf", bytes: scan)) { res in
                #expect(res.status == .seeOther && res.headers.first(name: .location) == "/cases/\(record.id!.uuidString)")
            }
            let a = try #require(try await AttachmentRecord.query(on: app.db).first())
            #expect(a.owner == "case_step" && a.ownerID == step.id && a.kind == "pdf" && a.villageCode == "411681101201" && a.householdID == t001.id)
            try await app.testing().test(.GET, "/cases/\(record.id!.uuidString)", beforeRequest: { cun.apply(&$0) }) { res in
                #expect(res.body.string.contains("/files/\(a.id!.uuidString)\">承诺授权书（签字）.pdf</a>"))
            }
            try await UploadTests.post(app.testing(), path, as: zhen2, Self.form(zhen2.csrf, name: "x.pdf", bytes: scan)) { res in #expect(res.status == .notFound) }
            try await UploadTests.post(app.testing(), "/case-steps/\(record.id!.uuidString)/files", as: cun, Self.form(cun.csrf, name: "x.pdf", bytes: scan)) { res in
                #expect(res.status == .notFound)
            }
            try await app.testing().test(.GET, "/files/\(a.id!.uuidString)", beforeRequest: { zhen2.apply(&$0) }) { res in #expect(res.status == .notFound) }
            try await app.testing().test(.GET, "/files/\(a.id!.uuidString)", beforeRequest: { cun.apply(&$0) }) { res in
                #expect(res.status == .ok && Array(res.body.readableBytesView) == scan && res.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)
            }
            #expect(try await AttachmentRecord.query(on: app.db).count() == 1)
        }
    }
}
