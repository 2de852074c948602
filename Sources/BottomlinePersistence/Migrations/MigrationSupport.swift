import Fluent
import SQLKit

func createIndex(_ db: any Database, _ name: String, on table: String, _ columns: [String], unique: Bool = false) async throws {
    guard let sql = db as? any SQLDatabase else { return }
    var builder = sql.create(index: name).on(table)
    for column in columns { builder = builder.column(column) }
    if unique { builder = builder.unique() }
    try await builder.run()
}
