import Foundation

/// The filter bar above lists and the pager below them.
enum Filters {
    /// A filter's `<select>`, "全部" first.
    static func select(_ name: String, _ values: [(String, String)], selected: String?) -> HTML {
        "<select name=\"\(name)\" id=\"f-\(name)\"><option value=\"\">全部</option>\(options(values, selected: selected))</select>"
    }

    /// A filter's `<select>` of exactly these choices.
    static func choice(_ name: String, _ values: [(String, String)], selected: String?) -> HTML {
        "<select name=\"\(name)\" id=\"f-\(name)\">\(options(values, selected: selected))</select>"
    }

    static func options(_ values: [(String, String)], selected: String?) -> HTML {
        values.map { v -> HTML in "<option value=\"\(v.0)\"\(HTML(raw: v.0 == selected ? " selected" : ""))>\(v.1)</option>" }.joined()
    }

    /// The regions a list can be narrowed to (see `RegionChoices`): the user's region as "全部", its townships, and
    /// the villages of the township in view indented under it.
    static func regionSelect(_ choices: RegionChoices) -> HTML {
        var options: [HTML] = ["<option value=\"\">\(choices.ownName ?? "全部")（全部）</option>"]
        for region in choices.regions {
            options.append("<option value=\"\(region.code)\"\(HTML(raw: region.code == choices.selected ? " selected" : ""))>\(region.isVillage ? "\u{3000}" + region.name : region.name)</option>")
        }
        return "<select id=\"f-region\" name=\"region\">\(options.joined())</select>"
    }

    /// Said above a list filtered to a place the user may not see.
    static func outsideNotice(_ choices: RegionChoices) -> HTML {
        choices.outside ? "<p class=\"flash bad\">所选区划不在您的管辖范围内，列表为空。</p>" : ""
    }

    /// 上一页 / 下一页 buttons; `link(n)` is the address of page n.
    static func pager(page: Int, pages: Int, link: (Int) -> String) -> HTML {
        """
        <div class="pager">\(page > 1 ? "<a class=\"button secondary\" href=\"\(link(page - 1))\">上一页</a>" as HTML : "")
        \(page < pages ? "<a class=\"button secondary\" href=\"\(link(page + 1))\">下一页</a>" as HTML : "")</div>
        """
    }

    /// `?k=v&…` of the filters that are set, values percent-encoded.
    static func query(_ items: [(String, String?)]) -> [String] {
        items.compactMap { k, v in
            guard let v, !v.isEmpty else { return nil }
            return "\(k)=\(v.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }
    }
}

/// The options of the region filter, read by `RegionChoices.query`.
struct RegionChoices: Sendable {
    /// A place was asked for that is not in the user's region (or is no place): the list is empty, and says why.
    var outside = false

    struct Option: Sendable {
        var code: String
        var name: String
        var isVillage: Bool
    }
    var ownName: String?
    var regions: [Option]
    var selected: String?
}
