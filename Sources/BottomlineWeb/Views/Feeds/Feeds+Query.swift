import BottomlineDomain
import BottomlinePersistence

extension Feeds.File {
    init(_ f: FeedFileRecord, people: [String: String] = [:]) {
        self.init(id: f.id!.uuidString, kind: f.kindValue?.label ?? f.kind, filename: f.filename, uploadedBy: people[f.uploadedBy] ?? f.uploadedBy,
                  uploadedAt: f.createdAt.map(Format.time) ?? "", channel: f.channel == "api" ? "接口" : "网页", encoding: f.encoding,
                  byteCount: f.byteCount, sha256: f.sha256, asOf: f.asOf, rowsRead: f.rowsRead, rowsMatched: f.rowsMatched, rowsBad: f.rowsBad,
                  rowsUnmatched: f.rowsUnmatched, warningsNew: f.warningsNew)
    }
}

extension Feeds.Model {
    static func query(_ store: ScreeningStore, context: PageContext, today: CivilDate) async throws -> Self {
        var model = Self(context: context, today: today, mayUpload: store.mayUpload, mayEditRules: store.mayEditRules,
                         files: [], rules: try await store.rules(on: today))
        let files = try await store.files()
        let people = try await UserStore.displayNames(files.map(\.uploadedBy), on: store.registry.db)
        model.files = files.map { Feeds.File($0, people: people) }
        model.kinds = try await store.feedKinds()
        model.rules = model.rules.filter { model.kinds.contains($0.feed) }
        return model
    }
}

extension Feeds.FileModel {
    static func query(_ store: ScreeningStore, file: FeedFileRecord, duplicate: Bool, context: PageContext, today: CivilDate) async throws -> Self {
        Self(context: context, file: .init(file, people: try await UserStore.displayNames([file.uploadedBy], on: store.registry.db)), duplicate: duplicate,
             badRows: try await store.badRows(of: file, limit: 500).map { ($0.line, $0.reason) },
             hasWarnings: !(try await store.warnings(.init(open: nil, file: file.id), today: today, limit: 1)).isEmpty,
             keptBad: try await store.badRowCount(of: file))
    }
}
