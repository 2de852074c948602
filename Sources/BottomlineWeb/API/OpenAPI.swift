import BottomlineDomain
import Vapor

/// The API's routes, declared once: `routes(_:)` registers them and `document()` describes them, so the OpenAPI
/// document cannot drift from what the server answers.
enum APIRoutes {
    struct Operation: Sendable {
        let method: HTTPMethod
        let path: [String]
        let summary: String
        let parameters: [Parameter]
        /// Name of the request body schema in `components`, for writes.
        var body: String? = nil
        /// Name of the success response's schema in `components`.
        var response: String
        let handler: @Sendable (Request) async throws -> Response
    }

    /// A parameter with the schema the server actually checks: a value outside it is refused with 400.
    struct Parameter: Sendable {
        let name: String
        let location: String
        let description: String
        let schema: [String: any Sendable]
        init(_ name: String, _ location: String, _ description: String, _ schema: [String: any Sendable] = ["type": "string"]) {
            (self.name, self.location, self.description, self.schema) = (name, location, description, schema)
        }
    }

    static let regionCode: [String: any Sendable] = ["type": "string", "pattern": "^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$"]
    static let uuid: [String: any Sendable] = ["type": "string", "format": "uuid"]
    static let flag: [String: any Sendable] = ["type": "string", "enum": ["true", "false"]]

    static let all: [Operation] = [
        Operation(method: .GET, path: ["regions"], summary: "下级区划列表（默认为本人辖区的下一级）",
                  parameters: [Parameter("parent", "query", "上级区划代码（2、4、6、9或12位）", regionCode)], response: "RegionList",
                  handler: { try await APIController.regions($0).encodeResponse(for: $0) }),
        Operation(method: .GET, path: ["households"], summary: "农户列表（按辖区过滤、分页）",
                  parameters: [Parameter("region", "query", "区划代码", regionCode),
                               Parameter("category", "query", "户类别代码", ["type": "string", "enum": HouseholdCategory.allCases.map(\.rawValue)]),
                               Parameter("monitored", "query", "true 仅监测对象", flag), Parameter("noLabour", "query", "true 仅整户无劳动力", flag),
                               Parameter("gap", "query", "三保障问题", ["type": "string", "enum": BasicNeed.allCases.map(\.rawValue) + ["any"]]),
                               Parameter("q", "query", "姓名、身份证号或户编号", ["type": "string", "maxLength": 100]),
                               Parameter("page", "query", "页码", ["type": "integer", "minimum": 1, "maximum": 1_000_000]),
                               Parameter("per", "query", "每页条数", ["type": "integer", "minimum": 1, "maximum": 500])],
                  response: "HouseholdPage",
                  handler: { try await APIController.households($0).encodeResponse(for: $0) }),
        Operation(method: .GET, path: ["households", ":id"], summary: "农户详情及家庭成员",
                  parameters: [Parameter("id", "path", "农户 ID", uuid)], response: "HouseholdDetail",
                  handler: { try await APIController.householdDetail($0).encodeResponse(for: $0) }),
        Operation(method: .POST, path: ["households"], summary: "新建农户（含户主）；请求头须带 X-CSRF-Token",
                  parameters: [], body: "NewHousehold", response: "HouseholdDetail",
                  handler: { try await APIController.createHousehold($0) }),
        Operation(method: .POST, path: ["households", ":id", "persons"], summary: "新增家庭成员（新生儿、婚入、迁入）；请求头须带 X-CSRF-Token",
                  parameters: [Parameter("id", "path", "农户 ID", uuid)], body: "NewMember", response: "Person",
                  handler: { try await APIController.addMember($0) }),
        Operation(method: .GET, path: ["persons", ":id"], summary: "人员详情（身份证号脱敏）",
                  parameters: [Parameter("id", "path", "人员 ID", uuid)], response: "Person",
                  handler: { try await APIController.personDetail($0).encodeResponse(for: $0) }),
    ]

    static func register(on routes: any RoutesBuilder) {
        let api = routes.grouped("api", "v1")
        for operation in all {
            api.on(operation.method, operation.path.map { PathComponent(stringLiteral: $0) }, use: operation.handler)
        }
        api.get("openapi.json") { req async throws -> Response in
            let data = try JSONSerialization.data(withJSONObject: document(), options: [.sortedKeys, .withoutEscapingSlashes])
            var headers = HTTPHeaders()
            headers.contentType = .json
            return Response(status: .ok, headers: headers, body: .init(data: data))
        }
    }

    static func object(_ fields: [String], required: [String] = []) -> [String: Any] {
        ["type": "object", "properties": Dictionary(uniqueKeysWithValues: fields.map { ($0, ["type": "string"] as [String: Any]) }),
         "required": required]
    }

    static func schemas() -> [String: Any] {
        let household = object(["number", "villageCode", "address", "phone", "bankAccount", "clearBankAccount", "category", "relocated", "housingGrade", "waterSecure"],
                               required: ["number", "villageCode", "category"])
        let person = object(["name", "idNumber", "relation", "labour", "health", "disability", "education", "medicalInsured",
                             "employment", "workPlace"], required: ["name", "idNumber", "relation"])
        let event = object(["kind", "date", "note"], required: ["kind", "date"])
        let text: [String: Any] = ["type": "string"], optionalText: [String: Any] = ["type": ["string", "null"]]
        let integer: [String: Any] = ["type": "integer"], boolean: [String: Any] = ["type": "boolean"]
        func record(_ properties: [String: [String: Any]], optional: Set<String> = []) -> [String: Any] {
            ["type": "object", "properties": properties, "required": properties.keys.filter { !optional.contains($0) }.sorted()]
        }
        let region = record(["code": text, "padded": text, "name": text, "level": integer, "parent": optionalText], optional: ["parent"])
        let householdOut = record(["id": ["type": "string", "format": "uuid"], "number": text, "villageCode": text, "householderName": text,
                                   "memberCount": integer, "category": text, "categoryLabel": text, "monitoringCategory": optionalText,
                                   "housingGrade": optionalText, "waterSecure": ["type": ["boolean", "null"]], "hasLabour": boolean,
                                   "gaps": ["type": "array", "items": text]],
                                  optional: ["monitoringCategory", "housingGrade", "waterSecure"])
        let personOut = record(["id": ["type": "string", "format": "uuid"], "householdID": ["type": "string", "format": "uuid"], "name": text,
                                "idNumber": text, "sex": text, "birthDate": text, "relation": text, "labour": optionalText, "health": optionalText,
                                "education": optionalText, "medicalInsured": ["type": ["boolean", "null"]], "status": text],
                               optional: ["labour", "health", "education", "medicalInsured"])
        return [
            "Region": region, "RegionList": ["type": "array", "items": ["$ref": "#/components/schemas/Region"]],
            "Household": householdOut, "Person": personOut,
            "HouseholdPage": record(["total": integer, "page": integer, "per": integer,
                                     "items": ["type": "array", "items": ["$ref": "#/components/schemas/Household"]]]),
            "HouseholdDetail": record(["household": ["$ref": "#/components/schemas/Household"],
                                       "members": ["type": "array", "items": ["$ref": "#/components/schemas/Person"]]]),
            "Error": record(["error": text, "reason": text]),
            "FieldErrors": record(["reason": text, "fields": ["type": "object", "additionalProperties": text]]),
            "HouseholdForm": household, "PersonForm": person, "MembershipEventForm": event,
            "NewHousehold": ["type": "object", "required": ["household", "householder"],
                             "properties": ["household": ["$ref": "#/components/schemas/HouseholdForm"],
                                            "householder": ["$ref": "#/components/schemas/PersonForm"]]],
            "NewMember": ["type": "object", "required": ["person", "event"],
                          "properties": ["person": ["$ref": "#/components/schemas/PersonForm"],
                                         "event": ["$ref": "#/components/schemas/MembershipEventForm"]]],
        ]
    }

    /// The OpenAPI 3.1 document.
    static func document() -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for operation in all {
            let path = "/api/v1/" + operation.path.map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : $0 }.joined(separator: "/")
            let error: [String: Any] = ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]
            let success: [String: Any] = ["application/json": ["schema": ["$ref": "#/components/schemas/\(operation.response)"]]]
            var entry: [String: Any] = [
                "summary": operation.summary,
                "parameters": operation.parameters.map { p in
                    ["name": p.name, "in": p.location, "required": p.location == "path", "description": p.description, "schema": p.schema] as [String: Any]
                },
                "responses": [
                    "200": ["description": "成功", "content": success],
                    "400": ["description": "参数错误", "content": error],
                    "401": ["description": "未登录", "content": error],
                    "403": ["description": "当前角色无权访问", "content": error],
                    "404": ["description": "不存在或不在辖区内", "content": error],
                    "429": ["description": "操作过于频繁", "content": error],
                ],
                "security": [["session": []]],
            ]
            if let body = operation.body {
                entry["requestBody"] = ["required": true, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(body)"]]]]
                var responses = entry["responses"] as? [String: Any] ?? [:]
                responses["200"] = nil
                responses["201"] = ["description": "已创建", "content": success]
                responses["413"] = ["description": "请求体过大", "content": error]
                responses["415"] = ["description": "请求体应为 JSON", "content": error]
                responses["422"] = ["description": "校验未通过，fields 按字段给出原因",
                                    "content": ["application/json": ["schema": ["$ref": "#/components/schemas/FieldErrors"]]]]
                responses["403"] = ["description": "无权修改或 CSRF 校验失败", "content": error]
                entry["responses"] = responses
            }
            paths[path, default: [:]][operation.method.rawValue.lowercased()] = entry
        }
        // Departments' systems: a file in the body, a token instead of the session.
        paths["/api/v1/feeds/{kind}"] = ["post": [
            "summary": "部门上传筛查数据文件（CSV：UTF-8 或 GB18030；或 XLSX），按本县农户名册筛查并生成预警",
            "parameters": [
                ["name": "kind", "in": "path", "required": true, "description": "数据类型：" + FeedKind.allCases.map { "\($0.rawValue)（\($0.label)）" }.joined(separator: "、"),
                 "schema": ["type": "string", "enum": FeedKind.allCases.map(\.rawValue)]],
                ["name": "asOf", "in": "query", "required": false, "description": "筛查基准日 YYYY-MM-DD，默认今天", "schema": ["type": "string"]],
                ["name": "filename", "in": "query", "required": false, "description": "文件名（记录用）", "schema": ["type": "string"]],
            ] as [[String: Any]],
            "requestBody": ["required": true, "content": ["text/csv": ["schema": ["type": "string"]], "application/octet-stream": ["schema": ["type": "string", "format": "binary"]]]],
            "responses": [
                "201": ["description": "已筛查：file、rowsRead、rowsMatched、rowsBad、newWarnings"],
                "200": ["description": "同一文件此前已上传（duplicate=true），未产生新的预警"],
                "400": ["description": "请求体为空或参数错误"],
                "401": ["description": "缺少令牌或令牌无效"],
                "403": ["description": "该令牌不能上传这种数据"],
                "404": ["description": "没有这种数据类型"],
                "422": ["description": "文件无法读取（编码、缺少必需的列）"],
            ],
            "security": [["departmentToken": []]],
        ] as [String: Any]]
        return [
            "openapi": "3.1.0",
            "info": ["title": "底线 Bottomline API", "version": "1.0.0",
                     "description": "防止返贫动态监测：区划、农户与人员。所有查询按当前用户辖区过滤。"],
            "paths": paths,
            "components": [
                "securitySchemes": ["session": ["type": "apiKey", "in": "cookie", "name": "bottomline_session"],
                                    "departmentToken": ["type": "http", "scheme": "bearer", "description": "bottomline token add 生成的部门令牌"]],
                "schemas": schemas(),
            ],
        ]
    }
}
