import Vapor

/// The API's routes, declared once: `routes(_:)` registers them and `document()` describes them, so the OpenAPI
/// document cannot drift from what the server answers.
enum APIRoutes {
    struct Operation: Sendable {
        let method: HTTPMethod
        let path: [String]
        let summary: String
        let parameters: [(name: String, in: String, description: String)]
        let handler: @Sendable (Request) async throws -> Response
    }

    static let all: [Operation] = [
        Operation(method: .GET, path: ["regions"], summary: "下级区划列表（默认为本人辖区的下一级）",
                  parameters: [("parent", "query", "上级区划代码")],
                  handler: { try await APIController.regions($0).encodeResponse(for: $0) }),
        Operation(method: .GET, path: ["households"], summary: "农户列表（按辖区过滤、分页）",
                  parameters: [("region", "query", "区划代码"), ("category", "query", "户类别代码"), ("monitored", "query", "true 仅监测对象"),
                               ("noLabour", "query", "true 仅整户无劳动力"), ("gap", "query", "三保障问题：housing/education/medical/water/any"),
                               ("q", "query", "姓名、身份证号或户编号"), ("page", "query", "页码"), ("per", "query", "每页条数（最多500）")],
                  handler: { try await APIController.households($0).encodeResponse(for: $0) }),
        Operation(method: .GET, path: ["households", ":id"], summary: "农户详情及家庭成员",
                  parameters: [("id", "path", "农户 ID")],
                  handler: { try await APIController.householdDetail($0).encodeResponse(for: $0) }),
        Operation(method: .GET, path: ["persons", ":id"], summary: "人员详情（身份证号脱敏）",
                  parameters: [("id", "path", "人员 ID")],
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

    /// The OpenAPI 3.1 document.
    static func document() -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for operation in all {
            let path = "/api/v1/" + operation.path.map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : $0 }.joined(separator: "/")
            paths[path, default: [:]][operation.method.rawValue.lowercased()] = [
                "summary": operation.summary,
                "parameters": operation.parameters.map { p in
                    ["name": p.name, "in": p.in, "required": p.in == "path", "description": p.description, "schema": ["type": "string"]] as [String: Any]
                },
                "responses": [
                    "200": ["description": "成功", "content": ["application/json": ["schema": ["type": "object"]]]],
                    "400": ["description": "参数错误"],
                    "401": ["description": "未登录"],
                    "404": ["description": "不存在或不在辖区内"],
                ],
                "security": [["session": []]],
            ]
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "底线 Bottomline API", "version": "1.0.0",
                     "description": "防止返贫动态监测：区划、农户与人员。所有查询按当前用户辖区过滤。"],
            "paths": paths,
            "components": ["securitySchemes": ["session": ["type": "apiKey", "in": "cookie", "name": "vapor-session"]]],
        ]
    }
}
