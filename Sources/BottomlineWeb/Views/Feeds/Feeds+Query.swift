import BottomlineDomain
import BottomlinePersistence

extension Feeds.File {
    init(_ f: FeedFileRecord) {
        self.init(id: f.id!.uuidString, kind: f.kindValue?.label ?? f.kind, filename: f.filename, uploadedBy: f.uploadedBy,
                  uploadedAt: f.createdAt.map(Format.time) ?? "", channel: f.channel == "api" ? "接口" : "网页", encoding: f.encoding,
                  byteCount: f.byteCount, sha256: f.sha256, asOf: f.asOf, rowsRead: f.rowsRead, rowsMatched: f.rowsMatched, rowsBad: f.rowsBad,
                  rowsUnmatched: f.rowsUnmatched, warningsNew: f.warningsNew)
    }
}

extension Feeds.Model {
    static func query(_ store: ScreeningStore, context: PageContext, today: CivilDate) async throws -> Self {
        var model = Self(context: context, today: today, mayUpload: store.mayUpload, mayEditRules: store.mayEditRules,
                         files: try await store.files().map(Feeds.File.init), rules: try await store.rules(on: today))
        model.kinds = try await store.feedKinds()
        model.rules = model.rules.filter { model.kinds.contains($0.feed) }
        return model
    }
}

extension Feeds.FileModel {
    static func query(_ store: ScreeningStore, file: FeedFileRecord, duplicate: Bool, context: PageContext, today: CivilDate) async throws -> Self {
        Self(context: context, file: .init(file), duplicate: duplicate,
             badRows: try await store.badRows(of: file).map { ($0.line, $0.reason) },
             hasWarnings: !(try await store.warnings(.init(open: nil, file: file.id), today: today, limit: 1)).isEmpty)
    }
}
