extension EligibilityPanel {
    static func view(_ m: Model) -> HTML {
        """
        <h2>识别纳入参考（\(m.objectName)）</h2><div class="panel">
        \(m.suggestion.map { "<p><span class=\"tag mon\">建议：\($0)</span></p>" as HTML } ?? "")
        <ul class="reasons">\(m.reasons.map { r -> HTML in "<li>\(r)</li>" }.joined())</ul>
        <p class="small muted">系统依据收入、合规自付支出、三保障和饮水、劳动能力给出参考，是否纳入由入户核实和民主评议决定。</p></div>
        """
    }
}
