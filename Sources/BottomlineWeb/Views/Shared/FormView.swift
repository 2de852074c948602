import BottomlineDomain

/// Form controls that show their error beside the field and keep what was typed.
enum FormView {
    static func text(_ name: String, _ label: String, value: String, errors: FieldErrors, type: String = "text",
                     required: Bool = false, hint: String? = nil, maxLength: Int = 100, numeric: Bool = false) -> HTML {
        let error = errors[name]
        return """
            <div class="field\(HTML(raw: error == nil ? "" : " invalid"))"><label for="f-\(name)">\(label)\(required ? "<b class=\"error\">*</b>" as HTML : "")</label>
            <input id="f-\(name)" name="\(name)" type="\(type)" value="\(value)" maxlength="\(maxLength)"\(HTML(raw: numeric ? " inputmode=\"numeric\" autocomplete=\"off\"" : ""))\(HTML(raw: required ? " required" : ""))\(HTML(raw: error == nil ? "" : " aria-invalid=\"true\"")) aria-describedby="e-\(name)">
            \(error.map { "<div class=\"error\" id=\"e-\(name)\">\($0)</div>" as HTML } ?? "")\(hint.map { "<div class=\"small muted\">\($0)</div>" as HTML } ?? "")</div>
            """
    }

    static func select(_ name: String, _ label: String, options: [(value: String, label: String)], selected: String,
                       errors: FieldErrors, required: Bool = false, blank: String? = "（未采集）") -> HTML {
        let error = errors[name]
        let blankOption: HTML = blank.map { "<option value=\"\">\($0)</option>" } ?? ""
        return """
            <div class="field\(HTML(raw: error == nil ? "" : " invalid"))"><label for="f-\(name)">\(label)\(required ? "<b class=\"error\">*</b>" as HTML : "")</label>
            <select id="f-\(name)" name="\(name)"\(HTML(raw: required ? " required" : ""))>\(blankOption)\(options.map { o -> HTML in
                "<option value=\"\(o.value)\"\(HTML(raw: o.value == selected ? " selected" : ""))>\(o.label)</option>"
            }.joined())</select>
            \(error.map { "<div class=\"error\">\($0)</div>" as HTML } ?? "")</div>
            """
    }

    static func codeList<L: CodeList>(_ name: String, _ type: L.Type, selected: String, errors: FieldErrors, required: Bool = false) -> HTML {
        select(name, L.listName, options: L.allCases.map { ($0.rawValue, $0.label) }, selected: selected, errors: errors,
               required: required, blank: required ? "请选择" : "（未采集）")
    }

    static let yesNo: [(value: String, label: String)] = [("是", "是"), ("否", "否")]

    static func personFields(_ form: PersonForm, errors: FieldErrors, relations: [Relation] = Relation.allCases) -> HTML {
        """
        <div class="grid">
        \(text("name", "姓名", value: form.name, errors: errors, required: true, maxLength: 30))
        \(text("idNumber", "身份证号", value: form.idNumber, errors: errors, required: true, hint: "18位；15位旧号码自动转换", maxLength: 18))
        \(select("relation", "与户主关系", options: relations.map { ($0.rawValue, $0.label) }, selected: form.relation, errors: errors, required: true, blank: "请选择"))
        \(codeList("labour", LabourCapacity.self, selected: form.labour, errors: errors))
        \(codeList("health", HealthStatus.self, selected: form.health, errors: errors))
        \(codeList("disability", DisabilityGrade.self, selected: form.disability, errors: errors))
        \(codeList("education", EducationStage.self, selected: form.education, errors: errors))
        \(select("medicalInsured", "参加基本医疗保险", options: yesNo, selected: form.medicalInsured, errors: errors))
        \(codeList("employment", EmploymentStatus.self, selected: form.employment, errors: errors))
        \(text("workPlace", "务工地点", value: form.workPlace, errors: errors, maxLength: 50))
        </div>
        """
    }

    static func eventFields(_ form: MembershipEventForm, kinds: [MembershipEventKind], errors: FieldErrors) -> HTML {
        """
        <div class="grid">
        \(select("kind", "变动类型", options: kinds.map { ($0.rawValue, $0.label) }, selected: form.kind, errors: errors, required: true, blank: "请选择"))
        \(text("date", "变动日期", value: form.date, errors: errors, type: "date", required: true))
        \(text("note", "说明", value: form.note, errors: errors, maxLength: 200))
        </div>
        """
    }

    static func textarea(_ name: String, _ label: String, value: String = "", errors: FieldErrors, required: Bool = false, rows: Int = 3) -> HTML {
        """
        <div class="field wide\(HTML(raw: errors[name] == nil ? "" : " invalid"))"><label for="f-\(name)">\(label)\(required ? "<b class=\"error\">*</b>" as HTML : "")</label>
        <textarea id="f-\(name)" name="\(name)" rows="\(rows)" maxlength="500"\(HTML(raw: required ? " required" : ""))>\(value)</textarea>
        \(errors[name].map { "<div class=\"error\">\($0)</div>" as HTML } ?? "")</div>
        """
    }

    /// A box to tick that stands for a promise or consent, with its error beside it.
    static func consent(_ name: String, _ label: String, ticked: Bool, errors: FieldErrors, newline: Bool = false) -> HTML {
        """
        <div class="field\(HTML(raw: errors[name] == nil ? "" : " invalid"))"><label class="check"><input type="checkbox" name="\(name)" value="on"\(HTML(raw: ticked ? " checked" : ""))>\(HTML(raw: newline ? "\n" : " "))\(label)</label>\(HTML(raw: newline ? "\n" : ""))\(errors[name].map { "<div class=\"error\">\($0)</div>" as HTML } ?? "")</div>
        """
    }

    /// Risk types as checkboxes named `risk_<code>`; `shown` are the codes offered (those in use and any already chosen).
    static func riskBoxes(_ shown: [(code: String, label: String)], selected: Set<String>, errors: FieldErrors, label: String = "风险类型（最多5项）") -> HTML {
        """
        <fieldset class="risks\(HTML(raw: errors["risks"] == nil ? "" : " invalid"))"><legend>\(label)</legend>
        \(shown.map { r -> HTML in
            "<label class=\"check\"><input type=\"checkbox\" name=\"risk_\(r.code)\" value=\"on\"\(HTML(raw: selected.contains(r.code) ? " checked" : ""))> \(r.label)</label>"
        }.joined())
        \(errors["risks"].map { "<div class=\"error\">\($0)</div>" as HTML } ?? "")</fieldset>
        """
    }

    static func summary(_ errors: FieldErrors) -> HTML {
        guard !errors.isEmpty else { return "" }
        return "<p class=\"flash bad\">有\(errors.count)处需要修改，请查看标红的项目。\(errors["_"] ?? "")</p>"
    }
}
