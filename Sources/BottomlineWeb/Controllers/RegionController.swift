import BottomlineDomain
import BottomlinePersistence
import Fluent
import Vapor

enum RegionController {
    static func home(_ req: Request) async throws -> Response {
        let user = try req.user
        return try await show(req, code: user.region)
    }

    static func region(_ req: Request) async throws -> Response {
        guard let raw = req.parameters.get("code"), let code = RegionCode(raw) else {
            throw Abort(.notFound, reason: "区划代码格式错误")
        }
        return try await show(req, code: code)
    }

    static func show(_ req: Request, code: RegionCode) async throws -> Response {
        let registry = try req.registry
        let codes = try await req.codeNames()
        guard registry.canSee(code), let region = try await registry.region(code) else {
            throw try await req.notFoundLogged("region", id: code.digits)
        }
        let counts = try await registry.counts(in: code)
        let children = try await registry.childCounts(of: code)
        // Breadcrumbs: parents down to the user's own region are links; above it, plain names.
        var crumbs: [(String, String?)] = []
        var cursor = region.parentCode.flatMap(RegionCode.init)
        while let c = cursor, registry.canSee(c), let r = try await RegionRecord.find(c.digits, on: req.db) {
            crumbs.insert((r.name, "/regions/\(c.digits)"), at: 0)
            cursor = r.parentCode.flatMap(RegionCode.init)
        }
        let cards: HTML = """
            <div class="cards">
            <div class="card"><div class="n">\(Layout.number(counts.households))</div><div class="l">登记户数</div></div>
            <div class="card"><div class="n">\(Layout.number(counts.persons))</div><div class="l">在册人数</div></div>
            <div class="card"><div class="n">\(Layout.number(counts.alleviated))</div><div class="l">脱贫户</div></div>
            <div class="card"><div class="n"><a href="/households?region=\(code.digits)&monitored=true">\(Layout.number(counts.monitored))</a></div><div class="l">监测对象（户）</div></div>
            <div class="card"><div class="n"><a href="/households?region=\(code.digits)&gap=any">\(Layout.number(counts.gaps))</a></div><div class="l">三保障/饮水有问题（户）</div></div>
            <div class="card"><div class="n"><a href="/households?region=\(code.digits)&noLabour=true">\(Layout.number(counts.noLabour))</a></div><div class="l">整户无劳动力</div></div>
            </div>
            """
        let childLabel = code.level.child?.label ?? ""
        let table: HTML = children.isEmpty ? "" : """
            <h2>下辖\(childLabel)</h2>
            <table class="stack"><thead><tr><th>名称</th><th>区划代码</th><th class="num">户数</th><th class="num">人数</th><th class="num">监测对象</th><th class="num">三保障问题</th></tr></thead><tbody>
            \(children.map { c -> HTML in
                "<tr><td data-label=\"名称\"><a href=\"/regions/\(c.region.id!)\">\(c.region.name)</a></td><td data-label=\"区划代码\">\(c.region.code.padded)</td><td class=\"num\" data-label=\"户数\">\(Layout.number(c.counts.households))</td><td class=\"num\" data-label=\"人数\">\(Layout.number(c.counts.persons))</td><td class=\"num\" data-label=\"监测对象\">\(Layout.number(c.counts.monitored))</td><td class=\"num\" data-label=\"三保障问题\">\(Layout.number(c.counts.gaps))</td></tr>"
            }.joined())
            </tbody></table>
            """
        let links: HTML = "<p><a class=\"button\" href=\"/households?region=\(code.digits)\">查看\(region.name)农户名册</a> <a class=\"button secondary\" href=\"/monitoring?region=\(code.digits)\">监测对象</a>\(code.level == .village ? " <a class=\"button secondary\" href=\"/regions/\(code.digits)/qr\">农户自主申报二维码</a> <a class=\"button secondary\" href=\"/notices?village=\(code.digits)\">公示公告</a>" as HTML : "")</p>"
        // A village's page is a cadre's landing: the households that need attention first.
        var attention: HTML = ""
        if code.level == .village {
            let rows = try await registry.search(HouseholdFilter(region: code.digits)).group(.or) {
                $0.filter(\.$monitoringCategory != nil).filter(\.$gapHousing == true).filter(\.$gapEducation == true)
                    .filter(\.$gapMedical == true).filter(\.$gapWater == true)
            }.sort(\.$number).limit(100).all()
            attention = rows.isEmpty ? "" : """
                <h2>需要关注的农户（监测对象或三保障/饮水有问题）</h2>
                <table class="stack"><thead><tr><th>户编号</th><th>户主</th><th class="num">人数</th><th>状态</th></tr></thead><tbody>
                \(rows.map { h -> HTML in
                    "<tr><td data-label=\"户编号\"><a href=\"/households/\(h.id!.uuidString)\">\(h.number)</a></td><td data-label=\"户主\">\(h.householderName)</td><td class=\"num\" data-label=\"人数\">\(h.memberCount)</td><td data-label=\"状态\">\(HouseholdController.tags(h, names: codes))</td></tr>"
                }.joined())</tbody></table>
                """
        }
        return try await Layout.page(region.name, request: req, crumbs: crumbs, cards + links + attention + table).encodeResponse(for: req)
    }
}
