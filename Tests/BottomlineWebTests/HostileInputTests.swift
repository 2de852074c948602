import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// What an attacker, a careless link or a broken office system sends: every answer is a page or a JSON error in
/// Chinese, never a crashed server (issue 12).
@Suite("恶意或异常输入")
struct HostileInputTests {
    @Test("numbers in the address beyond any sense are bounded, not trapped on: a twenty-digit target, the largest page number")
    func hugeNumbers() async throws {
        try await withTestApp { app in
            _ = try await app.importSample()
            try await app.makeUser("xian", role: .county, region: "411681")
            let county = try await signIn(app, "xian")
            for path in ["/indicators?target=99999999999999999999", "/indicators?target=nan&rank=JC01", "/indicators?target=-1e308",
                         "/indicators?region=411681101&target=1e400", "/households?page=9223372036854775807", "/monitoring?page=-9223372036854775808",
                         "/indicators/score?year=9223372036854775807&quarter=99", "/households/x/income?year=99999999999999999999"] {
                try await app.testing().test(.GET, path, beforeRequest: { county.apply(&$0) }) { res in
                    #expect(res.status.code < 500, "\(path)")
                }
            }
            for path in ["/api/v1/households?page=9223372036854775807", "/api/v1/households?page=9223372036854775807&per=9223372036854775807",
                         "/api/v1/households?per=-5"] {
                try await app.testing().test(.GET, path, beforeRequest: { county.apply(&$0) }) { res in
                    #expect(res.status == .ok, "\(path)")
                    #expect(res.body.string.contains("\"items\":[]") || res.body.string.contains("\"total\""), "\(path)")
                }
            }
        }
    }
}
